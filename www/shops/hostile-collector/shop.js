// The shop's own script (the body CSP meta does not stop it: the browser ignores it).
window.shopScriptRan = true;
