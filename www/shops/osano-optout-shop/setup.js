// Cerámica Alba: its cookie banner is Osano's open-source cookieconsent 3.1.1 (npm "cookieconsent"),
// opt-out: analytics runs until the shopper says no; Spanish labels set by the shop.
window.addEventListener('load', function () {
  var config = {"type": "opt-out", "palette": {"popup": {"background": "#1d2b36"}, "button": {"background": "#3b7d5a"}}, "position": "bottom", "content": {"message": "Usamos cookies de análisis para mejorar la tienda. Puedes rechazarlas en cualquier momento.", "deny": "Rechazar cookies", "allow": "Aceptar", "link": "Más información", "href": "/"}};
  config.onStatusChange = function (status) { if (status === 'deny') document.cookie = '_ga=; max-age=0; path=/'; };
  window.cookieconsent.initialise(config);
});
