// Saltmarsh Soap Co. loads analytics on every page: the notice only informs.
window.demoTags.analytics('GTM-SALT');
