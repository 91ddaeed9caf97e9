/* ShopTrust demo stub standing in for https://cdn.livechatinc.com/tracking.js — not LiveChat's code.
   Shows a "Chat with us" bubble. */
!function(w,d){"use strict";var b=d.createElement("button");b.type="button";b.className="chat-bubble";b.textContent="Chat with us";b.setAttribute("aria-label","Open live chat");d.body&&d.body.appendChild(b);w.LiveChatWidget={loaded:!0}}(window,document);
