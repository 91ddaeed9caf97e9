// A consent banner drawn in a sub-frame (a consent manager's cross-origin iframe) is seen by
// consent-frame.js in that frame. The worker hands it, with the origin the browser vouches
// for, to the top frame's collector, which decides whether the frame is the page's banner.

/**
 * Relays a `consent-frame` message from a sub-frame to the same tab's top frame. Returns true
 * when `sendResponse` will be called (whether it got there: the top frame's script may not
 * run yet, and the frame then sends again), undefined for a message it does not take.
 */
export function relayConsentFrame(tabs, extensionId, message, sender, sendResponse) {
  const tabId = sender?.tab?.id;
  if (sender?.id !== extensionId || !Number.isInteger(tabId) || tabId < 0) return undefined;
  if (message?.type !== 'consent-frame' || !(sender.frameId > 0)) return undefined;
  const { showing, text, buttons, buttonsSeen, choice } = message;
  tabs.sendMessage(tabId, { type: 'consent-frame', origin: sender.origin, showing, text, buttons, buttonsSeen, choice }, { frameId: 0 })
    .then(() => sendResponse(true), () => sendResponse(false));
  return true;
}
