// ShopTrust: the consent collector's private channel to its main-world helper
// (consent-main.js). Runs in the isolated world of the top frame at document_start, before
// any script of the page, and hands the helper a per-page secret: the HELLO / OFFER / ACK
// events of the contract (src/contract.rs), dispatched while no page script can listen.
// Every later event between the two is named `name:secret`, so the page can neither send
// ShopTrust a forged TCF signal or snippet answer nor read what is asked (issue 15, item 3).
// consent.js reads the names from `globalThis.ShopTrustConsentChannel` (this world only).
(() => {
  'use strict';
  const { hello: HELLO, offer: OFFER, ack: ACK, signals, eval: evalRequest, evalResult } = globalThis.ShopTrustContract.mainWorldEvents;
  const random = new Uint8Array(24);
  crypto.getRandomValues(random);
  const secret = Array.from(random, (b) => b.toString(16).padStart(2, '0')).join('');
  const offer = () => document.dispatchEvent(new CustomEvent(OFFER, { detail: secret }));

  // The helper ran first: it takes the offer at once and says so.
  let taken = false;
  const onAck = () => { taken = true; };
  document.addEventListener(ACK, onAck);
  offer();
  document.removeEventListener(ACK, onAck);
  // Else it runs next, still before the page, and says HELLO: offer once then.
  if (!taken) document.addEventListener(HELLO, offer, { once: true });

  const channel = {
    signals: `${signals}:${secret}`, eval: `${evalRequest}:${secret}`, evalResult: `${evalResult}:${secret}`,
    // The helper reads the page's TCF/GPP signals from document_start; consent.js starts at
    // document_idle and takes the latest one sent before then from here.
    lastSignals: null,
  };
  document.addEventListener(channel.signals, (event) => { channel.lastSignals = event.detail; });
  globalThis.ShopTrustConsentChannel = channel;
})();
