// Greywacke Outfitters' consent manager: a small, hand-written IAB TCF v2.2 CMP with the
// GPP (v1.1) API beside it, the way publishers' CMPs expose them:
//   __tcfapi(command, 2, callback, parameter)  ping, addEventListener, removeEventListener,
//                                              getTCData (deprecated in v2.2, still answered)
//   __gpp(command, callback, parameter)        ping, addEventListener, removeEventListener,
//                                              hasSection, getSection, getField
// The choice is kept as a TC string in the `euconsent-v2` cookie, the name TCF CMPs use.
// A returning visitor sees no banner and eventStatus `tcloaded`; a new one sees the banner
// (`cmpuishown`, nothing consented) until "Accept all", "Reject all" or "Save choices"
// (`useractioncomplete`). Not a registered CMP: the ids below are the demo's own.
(function () {
  'use strict';
  var CMP_ID = 4000;
  var CMP_VERSION = 3;
  var GVL_VERSION = 88;
  var POLICY_VERSION = 4; // TCF Policy v4 is TCF v2.2
  var PURPOSES = [
    'Store and/or access information on a device',
    'Use limited data to select advertising',
    'Create profiles for personalised advertising',
    'Use profiles to select personalised advertising',
    'Create profiles to personalise content',
    'Use profiles to select personalised content',
    'Measure advertising performance',
    'Measure content performance',
    'Understand audiences through statistics or combinations of data from different sources',
    'Develop and improve services',
    'Use limited data to select content',
  ];
  // TCF v2.2 allows legitimate interest only for purposes 2 and 7–11.
  var LI_PURPOSES = [2, 7, 8, 9, 10, 11];
  var VENDORS = { 755: 'Google Advertising Products', 91: 'Criteo SA' };
  var VENDOR_IDS = [91, 755];
  var COOKIE = 'euconsent-v2';

  // --- The TC string (core segment), per the IAB "TC String" format: a bit field in base64url.
  var B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
  function bits(value, width) {
    var out = '';
    for (var i = width - 1; i >= 0; i--) out += Math.floor(value / Math.pow(2, i)) % 2 ? '1' : '0';
    return out;
  }
  function letters(code) { return bits(code.charCodeAt(0) - 65, 6) + bits(code.charCodeAt(1) - 65, 6); }
  function idField(set, max) {
    var out = '';
    for (var id = 1; id <= max; id++) out += set[id] ? '1' : '0';
    return out;
  }
  function encode(choice) {
    // Created and LastUpdated are whole days (UTC midnight), in deciseconds, since TCF v2.2.
    var day = Math.floor(choice.updated / 86400000) * 864000;
    var maxVendor = VENDOR_IDS[VENDOR_IDS.length - 1];
    var s = bits(2, 6) + bits(day, 36) + bits(day, 36) + bits(CMP_ID, 12) + bits(CMP_VERSION, 12) +
      bits(1, 6) + letters('EN') + bits(GVL_VERSION, 12) + bits(POLICY_VERSION, 6) +
      '1' + '0' + bits(0, 12) + idField(choice.purposes, 24) + idField(choice.purposeLi, 24) +
      '0' + letters('GB') +
      bits(maxVendor, 16) + '0' + idField(choice.vendors, maxVendor) +
      bits(maxVendor, 16) + '0' + idField(choice.vendorLi, maxVendor) +
      bits(0, 12);
    while (s.length % 6) s += '0';
    var str = '';
    for (var i = 0; i < s.length; i += 6) str += B64[parseInt(s.slice(i, i + 6), 2)];
    return str;
  }
  function decode(str) {
    var s = '';
    for (var i = 0; i < str.length; i++) {
      var n = B64.indexOf(str[i]);
      if (n < 0) return null;
      s += bits(n, 6);
    }
    var at = 0;
    function read(width) { var v = parseInt(s.slice(at, at + width), 2); at += width; return v; }
    function readIds(width) { var set = {}; for (var id = 1; id <= width; id++) set[id] = s[at + id - 1] === '1'; at += width; return set; }
    if (read(6) !== 2) return null;
    var updated = read(36) * 100;
    read(36); read(12); read(12); read(6); read(12); read(12); read(6); read(1); read(1); read(12);
    var choice = { updated: updated, purposes: readIds(24), purposeLi: readIds(24) };
    read(1); read(12);
    var max = read(16);
    if (read(1)) return null; // this CMP writes bit fields only
    choice.vendors = readIds(max);
    max = read(16);
    if (read(1)) return null;
    choice.vendorLi = readIds(max);
    return at <= s.length ? choice : null;
  }

  function choiceOf(purposeIds, li) {
    var c = { updated: Date.now(), purposes: {}, purposeLi: {}, vendors: {}, vendorLi: {} };
    purposeIds.forEach(function (id) { c.purposes[id] = true; });
    if (li) LI_PURPOSES.forEach(function (id) { c.purposeLi[id] = true; });
    if (purposeIds.length) VENDOR_IDS.forEach(function (id) { c.vendors[id] = true; });
    if (li) VENDOR_IDS.forEach(function (id) { c.vendorLi[id] = true; });
    return c;
  }

  var stored = (document.cookie.match(/(?:^|;\s*)euconsent-v2=([A-Za-z0-9_-]+)/) || [])[1];
  var choice = stored ? decode(stored) : null;
  var uiShown = false;
  var eventStatus = choice ? 'tcloaded' : 'cmpuishown';

  // --- __tcfapi
  function flags(set, ids) {
    var out = {};
    ids.forEach(function (id) { out[id] = !!(set && set[id]); });
    return out;
  }
  var purposeIds = PURPOSES.map(function (_, i) { return i + 1; });
  function tcData(listenerId) {
    return {
      tcString: choice ? encode(choice) : '',
      tcfPolicyVersion: POLICY_VERSION,
      cmpId: CMP_ID,
      cmpVersion: CMP_VERSION,
      gdprApplies: true,
      eventStatus: eventStatus,
      cmpStatus: 'loaded',
      listenerId: listenerId,
      isServiceSpecific: true,
      useNonStandardTexts: false,
      publisherCC: 'GB',
      purposeOneTreatment: false,
      purpose: {
        consents: flags(choice && choice.purposes, purposeIds),
        legitimateInterests: flags(choice && choice.purposeLi, purposeIds),
      },
      vendor: {
        consents: flags(choice && choice.vendors, VENDOR_IDS),
        legitimateInterests: flags(choice && choice.vendorLi, VENDOR_IDS),
      },
      specialFeatureOptins: { 1: false, 2: false },
      publisher: { consents: {}, legitimateInterests: {}, customPurpose: { consents: {}, legitimateInterests: {} }, restrictions: {} },
    };
  }
  var tcfListeners = {};
  var nextTcfListener = 1;
  function tcfapi(command, version, callback, parameter) {
    if (typeof callback !== 'function') return;
    if (version !== 2 && version !== undefined && version !== null && version !== 0) {
      callback(null, false);
      return;
    }
    switch (command) {
      case 'ping':
        callback({
          gdprApplies: true, cmpLoaded: true, cmpStatus: 'loaded', displayStatus: uiShown ? 'visible' : (choice ? 'hidden' : 'disabled'),
          apiVersion: '2.2', cmpVersion: CMP_VERSION, cmpId: CMP_ID, gvlVersion: GVL_VERSION, tcfPolicyVersion: POLICY_VERSION,
        }, true);
        return;
      case 'addEventListener': {
        var id = nextTcfListener++;
        tcfListeners[id] = callback;
        callback(tcData(id), true);
        return;
      }
      case 'removeEventListener': {
        var known = Object.prototype.hasOwnProperty.call(tcfListeners, parameter);
        delete tcfListeners[parameter];
        callback(known);
        return;
      }
      case 'getTCData': {
        var data = tcData(undefined);
        if (Array.isArray(parameter)) data.vendor.consents = flags(choice && choice.vendors, parameter);
        callback(data, true);
        return;
      }
      default:
        callback(null, false);
    }
  }

  // --- __gpp (only the EU TCF v2 section, id 2, applies here)
  function gppString() { return choice ? 'DBABMA~' + encode(choice) : ''; }
  function pingData() {
    return {
      gppVersion: '1.1', cmpStatus: 'loaded', cmpDisplayStatus: uiShown ? 'visible' : 'hidden',
      signalStatus: uiShown ? 'not ready' : 'ready', supportedAPIs: ['2:tcfeuv2'], cmpId: CMP_ID,
      sectionList: choice ? [2] : [], applicableSections: [2], gppString: gppString(),
      parsedSections: choice ? { tcfeuv2: [{ Version: 2, CmpId: CMP_ID, PurposeConsents: purposeIds.map(function (id) { return !!choice.purposes[id]; }) }] } : {},
    };
  }
  var gppListeners = {};
  var nextGppListener = 1;
  function gpp(command, callback, parameter) {
    if (typeof callback !== 'function') return;
    switch (command) {
      case 'ping':
        callback(pingData(), true);
        return;
      case 'addEventListener': {
        var id = nextGppListener++;
        gppListeners[id] = callback;
        callback({ eventName: 'listenerRegistered', listenerId: id, data: true, pingData: pingData() }, true);
        return;
      }
      case 'removeEventListener': {
        var known = Object.prototype.hasOwnProperty.call(gppListeners, parameter);
        delete gppListeners[parameter];
        callback({ eventName: 'listenerRemoved', listenerId: parameter, data: known, pingData: pingData() }, known);
        return;
      }
      case 'hasSection':
        callback(!!choice && (parameter === 'tcfeuv2' || parameter === 2), true);
        return;
      case 'getSection':
        callback(choice && parameter === 'tcfeuv2' ? pingData().parsedSections.tcfeuv2 : null, true);
        return;
      case 'getField':
        callback(choice && parameter === 'tcfeuv2.CmpId' ? CMP_ID : null, true);
        return;
      default:
        callback(null, false);
    }
  }

  function notify() {
    Object.keys(tcfListeners).forEach(function (id) {
      try { tcfListeners[id](tcData(Number(id)), true); } catch (e) { /* a listener's own bug */ }
    });
    ['cmpDisplayStatus', 'signalStatus', 'sectionChange'].forEach(function (eventName) {
      var data = { cmpDisplayStatus: pingData().cmpDisplayStatus, signalStatus: pingData().signalStatus, sectionChange: 'tcfeuv2' }[eventName];
      Object.keys(gppListeners).forEach(function (id) {
        try { gppListeners[id]({ eventName: eventName, listenerId: Number(id), data: data, pingData: pingData() }, true); } catch (e) { /* likewise */ }
      });
    });
  }

  // Calls queued before this script ran (the IAB stub's __tcfapiQueue / __gppQueue), if any.
  var tcfQueue = window.__tcfapiQueue || [];
  var gppQueue = window.__gppQueue || [];
  window.__tcfapi = tcfapi;
  window.__gpp = gpp;
  tcfQueue.forEach(function (args) { tcfapi.apply(null, args); });
  gppQueue.forEach(function (args) { gpp.apply(null, args); });

  // --- The banner
  function save(next) {
    choice = next;
    eventStatus = 'useractioncomplete';
    uiShown = false;
    document.cookie = COOKIE + '=' + encode(choice) + '; path=/; max-age=33696000; SameSite=Lax; Secure';
    var box = document.getElementById('gw-consent');
    if (box) box.remove();
    notify();
  }
  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text) node.textContent = text;
    return node;
  }
  function showBanner() {
    uiShown = true;
    var box = el('div', { id: 'gw-consent', role: 'dialog', 'aria-label': 'Your privacy choices', 'aria-modal': 'false' });
    box.append(
      el('h2', {}, 'We value your privacy'),
      el('p', {}, 'We and our 2 partners (' + VENDOR_IDS.map(function (id) { return VENDORS[id]; }).join(', ') +
        ') store and access information on your device, such as cookies, and process personal data such as unique ' +
        'identifiers for: measuring content and advertising performance, personalised advertising and audience research. ' +
        'You can accept, reject, or choose per purpose under "Manage options", and change your mind at any time under ' +
        '"Privacy settings" at the bottom of every page.'));
    var layer = el('div', { class: 'gw-purposes', hidden: '' });
    PURPOSES.forEach(function (name, i) {
      var label = el('label');
      var box2 = el('input', { type: 'checkbox', name: 'purpose-' + (i + 1) });
      label.append(box2, document.createTextNode(' ' + name));
      layer.append(label);
    });
    var saveButton = el('button', { type: 'button', class: 'gw-save' }, 'Save choices');
    saveButton.addEventListener('click', function () {
      var on = [];
      layer.querySelectorAll('input[type=checkbox]').forEach(function (c, i) { if (c.checked) on.push(i + 1); });
      save(choiceOf(on, false));
    });
    layer.append(saveButton);
    var actions = el('div', { class: 'gw-actions' });
    var accept = el('button', { type: 'button', class: 'gw-accept' }, 'Accept all');
    var reject = el('button', { type: 'button', class: 'gw-reject' }, 'Reject all');
    var manage = el('button', { type: 'button', class: 'gw-manage' }, 'Manage options');
    accept.addEventListener('click', function () { save(choiceOf(purposeIds, true)); });
    // "Reject all" here also objects to every legitimate interest: nothing at all is allowed.
    reject.addEventListener('click', function () { save(choiceOf([], false)); });
    manage.addEventListener('click', function () { layer.hidden = !layer.hidden; });
    actions.append(reject, accept, manage);
    box.append(layer, actions);
    document.body.appendChild(box);
    notify();
  }
  function start() {
    if (!choice) showBanner();
    var again = document.getElementById('privacy-settings');
    if (again) {
      again.addEventListener('click', function (event) {
        event.preventDefault();
        if (document.getElementById('gw-consent')) return;
        eventStatus = 'cmpuishown';
        showBanner();
      });
    }
  }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();
