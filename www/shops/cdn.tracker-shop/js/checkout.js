// Checkout glue: initialise the (stubbed) Stripe client. The card fields live in Stripe's
// iframe; this page never sees the card number.
if (typeof window.Stripe === 'function') {
  const stripe = window.Stripe('pk_test_harbourpine_demo_0000000000');
  document.getElementById('checkout-form')?.setAttribute('data-stripe', stripe.version);
}
