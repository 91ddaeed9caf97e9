/* ShopTrust demo stub standing in for OneTrust's https://cdn.cookielaw.org/scripttemplates/otSDKStub.js
   — not OneTrust's code. It shows a minimal OneTrust-style cookie banner (#onetrust-banner-sdk)
   at the bottom of the page until a button is pressed ("Cookie Settings" stands in for the
   preference centre and saves "strictly necessary only"). It loads nothing and does not
   stop the page's other tags: on the demo shops they run before any choice is made. */
(function () {
  'use strict';
  var script = document.currentScript;
  var domainScript = (script && script.getAttribute('data-domain-script')) || 'demo';

  function readCookie(name) {
    var match = document.cookie.match(new RegExp('(?:^|;\\s*)' + name + '=([^;]*)'));
    return match ? match[1] : null;
  }
  function writeCookie(name, value) {
    document.cookie = name + '=' + encodeURIComponent(value) + '; path=/; max-age=31536000; SameSite=Lax; Secure';
  }
  function el(tag, props, style) {
    var node = document.createElement(tag);
    Object.keys(props || {}).forEach(function (k) { node[k] = props[k]; });
    Object.keys(style || {}).forEach(function (k) { node.style[k] = style[k]; }); // CSSOM: no CSP 'unsafe-inline' needed
    return node;
  }
  var button = {
    font: 'inherit', fontWeight: '700', fontSize: '14px', padding: '10px 18px', borderRadius: '4px',
    cursor: 'pointer', border: '1px solid #1f3b5c',
  };

  function show() {
    var root = el('div', { id: 'onetrust-consent-sdk' });
    var banner = el('div', { id: 'onetrust-banner-sdk', className: 'otFlat' }, {
      position: 'fixed', left: '0', right: '0', bottom: '0', zIndex: '2147483000', background: '#fff',
      color: '#333', boxShadow: '0 -2px 12px rgba(0,0,0,.18)', padding: '18px 24px', display: 'flex',
      gap: '18px', alignItems: 'center', flexWrap: 'wrap', fontFamily: 'Arial, sans-serif', fontSize: '14px',
    });
    banner.setAttribute('role', 'region');
    banner.setAttribute('aria-label', 'Cookie banner');
    var text = el('div', { id: 'onetrust-policy' }, { flex: '1 1 420px' });
    text.appendChild(el('h2', { id: 'onetrust-policy-title', textContent: 'We value your privacy' }, { fontSize: '16px', margin: '0 0 4px' }));
    text.appendChild(el('p', {
      id: 'onetrust-policy-text',
      textContent: 'We and our partners use cookies to personalise content and ads, to provide social media features and to analyse our traffic.',
    }, { margin: '0' }));
    var actions = el('div', { id: 'onetrust-button-group' }, { display: 'flex', gap: '10px' });
    var settings = el('button', { id: 'onetrust-pc-btn-handler', type: 'button', textContent: 'Cookie Settings' },
      Object.assign({}, button, { background: '#fff', color: '#1f3b5c' }));
    var accept = el('button', { id: 'onetrust-accept-btn-handler', type: 'button', textContent: 'Accept All Cookies' },
      Object.assign({}, button, { background: '#1f3b5c', color: '#fff' }));
    actions.appendChild(settings);
    actions.appendChild(accept);
    banner.appendChild(text);
    banner.appendChild(actions);
    root.appendChild(banner);
    document.body.appendChild(root);

    function close(groups) {
      writeCookie('OptanonAlertBoxClosed', new Date().toISOString());
      writeCookie('OptanonConsent', 'isGpcEnabled=0&datestamp=' + new Date().toString() + '&version=demo&groups=' + groups);
      root.remove();
    }
    accept.addEventListener('click', function () { close('C0001:1,C0002:1,C0003:1,C0004:1'); });
    settings.addEventListener('click', function () { close('C0001:1,C0002:0,C0003:0,C0004:0'); });
  }

  window.OneTrust = window.OneTrust || { domainScript: domainScript, version: 'demo-stub' };
  if (readCookie('OptanonAlertBoxClosed')) return;
  if (document.body) show();
  else document.addEventListener('DOMContentLoaded', show);
})();
