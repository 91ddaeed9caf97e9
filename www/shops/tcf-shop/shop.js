// Greywacke Outfitters' tags wait for the CMP, as TCF vendors' tags do: Google Analytics
// (Google Advertising Products, vendor 755) loads only once the TC data says purpose 1
// ("store and/or access information on a device") and vendor 755 were consented to.
(function () {
  'use strict';
  var loaded = false;
  window.__tcfapi('addEventListener', 2, function (tcData, success) {
    if (!success || loaded) return;
    if (tcData.eventStatus !== 'tcloaded' && tcData.eventStatus !== 'useractioncomplete') return;
    if (tcData.gdprApplies && !(tcData.purpose.consents[1] && tcData.vendor.consents[755])) return;
    loaded = true;
    window.demoTags.analytics('GTM-GREYWK');
  });
})();
