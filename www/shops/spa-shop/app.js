// Nordlicht Audio: a tiny single-page shop. Routes are rendered client-side and
// navigation uses history.pushState, so the checkout's card form only exists in the
// DOM after the shopper clicks "Checkout" (no page load happens).
// All templates are constants written by us; nothing from the URL is inserted as HTML.

const HEADPHONES_SVG = `
<svg class="product-art" viewBox="0 0 400 400" role="img" aria-label="Aurora ANC headphones">
  <defs>
    <linearGradient id="sky" x1="0" y1="0" x2="0" y2="1">
      <stop offset="0" stop-color="#0b1220"/><stop offset="1" stop-color="#1e293b"/>
    </linearGradient>
  </defs>
  <rect width="400" height="400" rx="24" fill="url(#sky)"/>
  <path d="M20 120c60-50 120-10 180-40s120-20 180 10" fill="none" stroke="#5eead4" stroke-width="10" stroke-opacity="0.35" stroke-linecap="round"/>
  <path d="M20 150c60-40 130 0 190-30s110-10 170 20" fill="none" stroke="#a78bfa" stroke-width="8" stroke-opacity="0.35" stroke-linecap="round"/>
  <path d="M110 250v-50a90 90 0 0 1 180 0v50" fill="none" stroke="#e2e8f0" stroke-width="16" stroke-linecap="round"/>
  <rect x="82" y="225" width="62" height="100" rx="28" fill="#f8fafc"/>
  <rect x="256" y="225" width="62" height="100" rx="28" fill="#f8fafc"/>
  <rect x="96" y="240" width="34" height="70" rx="17" fill="#cbd5e1"/>
  <rect x="270" y="240" width="34" height="70" rx="17" fill="#cbd5e1"/>
</svg>`;

const views = {
  '/': {
    title: 'Nordlicht Audio — Aurora ANC headphones',
    html: `
<section class="product">
  ${HEADPHONES_SVG}
  <div class="info">
    <p class="eyebrow">New · Wireless · Active noise cancelling</p>
    <h1>Aurora ANC</h1>
    <p class="price">NOK 3 490</p>
    <p class="lede">Forty hours of quiet. Adaptive noise cancelling tuned in Tromsø, aptX Lossless, and ear
      cushions that stay comfortable through a whole polar night.</p>
    <div class="swatches" role="radiogroup" aria-label="Colour">
      <button type="button" class="swatch snow" aria-label="Snow" aria-pressed="true"></button>
      <button type="button" class="swatch fjord" aria-label="Fjord" aria-pressed="false"></button>
      <button type="button" class="swatch night" aria-label="Polar night" aria-pressed="false"></button>
    </div>
    <a class="btn" href="/cart" data-link>Add to cart</a>
    <ul class="specs">
      <li><strong>40 h</strong><span>battery</span></li>
      <li><strong>−38 dB</strong><span>noise cancelling</span></li>
      <li><strong>254 g</strong><span>weight</span></li>
    </ul>
  </div>
</section>`,
  },
  '/cart': {
    title: 'Cart — Nordlicht Audio',
    html: `
<section class="panel">
  <h1>Your cart</h1>
  <div class="line"><span>Aurora ANC · Snow</span><span>1 × NOK 3 490</span></div>
  <div class="line"><span>Shipping (Posten, 2–4 days)</span><span>Free</span></div>
  <div class="line total"><span>Total</span><span>NOK 3 490</span></div>
  <a class="btn" href="/checkout" data-link>Checkout</a>
</section>`,
  },
  '/checkout': {
    title: 'Checkout — Nordlicht Audio',
    html: `
<section class="panel">
  <h1>Checkout</h1>
  <form id="pay-form" class="pay" action="http://spa-shop.test/pay" method="post">
    <label>Email <input type="email" name="email" autocomplete="email" required></label>
    <label>Full name <input type="text" name="name" autocomplete="name" required></label>
    <label>Address <input type="text" name="address" autocomplete="street-address" required></label>
    <fieldset>
      <legend>Card</legend>
      <label>Name on card <input type="text" name="cardholder" autocomplete="cc-name" required></label>
      <label>Card number <input type="text" name="cardnumber" inputmode="numeric" autocomplete="cc-number" placeholder="1234 1234 1234 1234" required></label>
      <div class="two">
        <label>Expiry <input type="text" name="expiry" autocomplete="cc-exp" placeholder="MM / YY" required></label>
        <label>CVC <input type="text" name="cvc" inputmode="numeric" autocomplete="cc-csc" placeholder="CVC" required></label>
      </div>
    </fieldset>
    <div class="line total"><span>Total</span><span>NOK 3 490</span></div>
    <button class="btn" type="submit">Pay NOK 3 490</button>
  </form>
</section>`,
  },
};

const notFound = {
  title: 'Not found — Nordlicht Audio',
  html: `<section class="panel"><h1>Page not found</h1><p><a href="/" data-link>Back to the shop</a></p></section>`,
};

function render() {
  const view = views[location.pathname] ?? notFound;
  document.title = view.title;
  document.getElementById('app').innerHTML = view.html;
  document.querySelectorAll('.menu a').forEach((a) => {
    if (a.getAttribute('href') === location.pathname) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  });
  window.scrollTo(0, 0);
}

function navigate(path) {
  if (path === location.pathname) return;
  history.pushState({ path }, '', path);
  render();
}

document.addEventListener('click', (event) => {
  const link = event.target.closest('a[data-link]');
  if (link) {
    event.preventDefault();
    navigate(link.getAttribute('href'));
    return;
  }
  const swatch = event.target.closest('.swatch');
  if (swatch) {
    swatch.parentElement.querySelectorAll('.swatch').forEach((s) => s.setAttribute('aria-pressed', String(s === swatch)));
  }
});

window.addEventListener('popstate', render);
render();
