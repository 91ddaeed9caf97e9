// Birch & Bramble Garden: its cookie banner is Osano's open-source cookieconsent 3.1.1 (npm "cookieconsent"),
// opt-in: tags wait for "Allow cookies"; "Decline" beside it on the first layer (the library's own labels).
window.addEventListener('load', function () {
  var config = {"type": "opt-in", "palette": {"popup": {"background": "#1d2b36"}, "button": {"background": "#3b7d5a"}}, "position": "bottom"};
  config.onStatusChange = function (status) { if (status === 'allow') window.demoTags.analytics('GTM-OSANO'); };
  window.cookieconsent.initialise(config);
});
