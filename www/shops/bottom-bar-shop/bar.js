// Tulpenhuis Leiden: a theme's own bottom bar (class "notice-bar"), in Dutch: "Alles
// accepteren" and "Alles weigeren" side by side; tags only after yes.
(function () {
  'use strict';
  var choice = (document.cookie.match(/(?:^|;\s*)keuze=([^;]*)/) || [])[1];
  if (choice === 'ja') window.demoTags.analytics('GTM-TULP');
  if (choice) return;
  var bar = document.createElement('div');
  bar.className = 'notice-bar';
  var text = document.createElement('p');
  text.textContent = 'Wij gebruiken cookies voor statistieken en advertenties. Gaat u akkoord?';
  var yes = document.createElement('button');
  yes.className = 'ja';
  yes.textContent = 'Alles accepteren';
  var no = document.createElement('button');
  no.className = 'nee';
  no.textContent = 'Alles weigeren';
  function answer(value) {
    document.cookie = 'keuze=' + value + '; path=/; max-age=15552000; SameSite=Lax; Secure';
    bar.remove();
    if (value === 'ja') window.demoTags.analytics('GTM-TULP');
  }
  yes.addEventListener('click', function () { answer('ja'); });
  no.addEventListener('click', function () { answer('nee'); });
  bar.append(text, no, yes);
  document.body.appendChild(bar);
})();
