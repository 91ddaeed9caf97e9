// Fromagerie des Alpes: its consent manager draws the banner in a frame from its own origin
// (https://consent-frame-cmp.test), as several large CMPs do; the frame tells the page the
// answer with postMessage, and the page loads its tags only after "Tout accepter".
(function () {
  'use strict';
  var CMP = 'https://consent-frame-cmp.test';
  var choice = (document.cookie.match(/(?:^|;\s*)cmp_choice=([^;]*)/) || [])[1];
  if (choice === 'all') window.demoTags.analytics('GTM-ALPES');
  if (choice) return;
  var frame = document.createElement('iframe');
  frame.id = 'cmp-frame';
  frame.title = 'Consentement';
  frame.src = CMP + '/banner.html';
  document.body.appendChild(frame);
  window.addEventListener('message', function (event) {
    if (event.origin !== CMP || event.source !== frame.contentWindow) return;
    var value = event.data && event.data.cmpChoice;
    if (value !== 'all' && value !== 'none') return;
    document.cookie = 'cmp_choice=' + value + '; path=/; max-age=15552000; SameSite=Lax; Secure';
    frame.remove();
    if (value === 'all') window.demoTags.analytics('GTM-ALPES');
  });
})();
