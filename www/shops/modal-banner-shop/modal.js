// Aceites del Sur: a hand-made centre modal over a dimmed page, with scrolling locked until
// the shopper answers; "Rechazar todo", "Configurar" and "Aceptar todo". Tags only after yes.
(function () {
  'use strict';
  var choice = (document.cookie.match(/(?:^|;\s*)eleccion=([^;]*)/) || [])[1];
  if (choice === 'si') window.demoTags.analytics('GTM-SUR');
  if (choice) return;
  var veil = document.createElement('div');
  veil.className = 'veil';
  veil.innerHTML =
    '<div class="box" role="dialog" aria-modal="true" aria-labelledby="t">' +
    '<h2 id="t">Tu privacidad</h2>' +
    '<p>Usamos cookies propias y de terceros para analizar el tráfico y mostrarte publicidad. ¿Las aceptas?</p>' +
    '<div class="acciones"><button class="no">Rechazar todo</button><button class="config">Configurar</button>' +
    '<button class="si">Aceptar todo</button></div></div>';
  function answer(value) {
    document.cookie = 'eleccion=' + value + '; path=/; max-age=15552000; SameSite=Lax; Secure';
    veil.remove();
    document.documentElement.classList.remove('locked');
    if (value === 'si') window.demoTags.analytics('GTM-SUR');
  }
  veil.querySelector('.si').addEventListener('click', function () { answer('si'); });
  veil.querySelector('.no').addEventListener('click', function () { answer('no'); });
  veil.querySelector('.config').addEventListener('click', function () { answer('no'); });
  document.documentElement.classList.add('locked');
  document.body.appendChild(veil);
})();
