// Moorland Knitwear: a hand-made consent banner drawn inside an open shadow root, as large
// consent managers mount theirs (a neutral host element, nothing named "cookie" in the page's
// own DOM). "Accept all", "Reject all" and "Customise" on the first layer; tags wait.
(function () {
  'use strict';
  var choice = (document.cookie.match(/(?:^|;\s*)pc_choice=([^;]*)/) || [])[1];
  if (choice === 'all') window.demoTags.analytics('GTM-MOOR');
  if (choice) return;
  var host = document.createElement('div');
  host.id = 'pc-root';
  document.body.appendChild(host);
  var root = host.attachShadow({ mode: 'open' });
  root.innerHTML =
    '<style>' +
    '.card{position:fixed;right:24px;bottom:24px;width:380px;z-index:1000;padding:20px;border-radius:10px;' +
    'background:#fff;color:#222;box-shadow:0 6px 24px rgba(0,0,0,.25);font:15px/1.4 system-ui,sans-serif}' +
    '.row{display:flex;gap:8px;margin-top:14px}button{flex:1;padding:10px 8px;font-size:15px;border-radius:6px;cursor:pointer}' +
    '.yes,.no{background:#264653;color:#fff;border:0}.more{background:#fff;color:#264653;border:1px solid #264653}' +
    '</style>' +
    '<div class="card" role="region" aria-label="Privacy choices">' +
    '<p><strong>Your privacy</strong></p>' +
    '<p>We and our partners use cookies to measure visits and show you relevant offers. Choose what you allow.</p>' +
    '<div class="row"><button class="no">Reject all</button><button class="more">Customise</button><button class="yes">Accept all</button></div>' +
    '</div>';
  function answer(value) {
    document.cookie = 'pc_choice=' + value + '; path=/; max-age=15552000; SameSite=Lax; Secure';
    host.remove();
    if (value === 'all') window.demoTags.analytics('GTM-MOOR');
  }
  root.querySelector('.yes').addEventListener('click', function () { answer('all'); });
  root.querySelector('.no').addEventListener('click', function () { answer('none'); });
  root.querySelector('.more').addEventListener('click', function () { answer('none'); });
})();
