// Saltmarsh Soap Co.: its cookie banner is Osano's open-source cookieconsent 3.1.1 (npm "cookieconsent"),
// info: a notice with only "Got it!" (the library's default), analytics runs regardless.
window.addEventListener('load', function () {
  var config = {"type": "info", "palette": {"popup": {"background": "#1d2b36"}, "button": {"background": "#3b7d5a"}}, "position": "bottom"};
    window.cookieconsent.initialise(config);
});
