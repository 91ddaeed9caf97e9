// Kaffeerösterei Sonnenschein: a hand-made cookie banner (no consent manager). Saying yes
// is a big green button; saying no is a small grey link. Tags load only after "yes".
(function () {
  'use strict';
  var choice = (document.cookie.match(/(?:^|;\s*)cookie_wahl=([^;]*)/) || [])[1];
  if (choice === 'alle') window.demoTags.analytics('GTM-SONNE');
  if (choice) return;
  var box = document.createElement('div');
  box.id = 'cookie-hinweis';
  box.setAttribute('role', 'region');
  box.setAttribute('aria-label', 'Cookie-Hinweis');
  var text = document.createElement('p');
  text.textContent = 'Wir verwenden Cookies und Google Analytics, um unseren Shop zu verbessern. Sind Sie damit einverstanden?';
  var yes = document.createElement('button');
  yes.className = 'ja';
  yes.textContent = 'Alle akzeptieren';
  var no = document.createElement('button');
  no.className = 'nein';
  no.textContent = 'Nur notwendige';
  function answer(value) {
    document.cookie = 'cookie_wahl=' + value + '; path=/; max-age=15552000; SameSite=Lax; Secure';
    box.remove();
    if (value === 'alle') window.demoTags.analytics('GTM-SONNE');
  }
  yes.addEventListener('click', function () { answer('alle'); });
  no.addEventListener('click', function () { answer('notwendig'); });
  box.append(text, yes, no);
  document.body.appendChild(box);
})();
