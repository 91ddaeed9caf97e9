// Issue 15, item 9: a page that never stops touching its DOM, so that anything waiting for the
// page to go quiet (autoconsent's retries wait for a DOM change between tries) never settles.
// Every 100 ms, forever: a countdown's text, a class and an inline style on the promo bar,
// and a "just bought" line added (the oldest removed past 20).
(() => {
  const promo = document.querySelector('.promo');
  const recent = document.querySelector('.recent');
  const countdown = document.createElement('span');
  promo.append(' · ends in ', countdown);
  let tick = 0;
  setInterval(() => {
    tick++;
    countdown.textContent = `${Math.floor(tick / 600)}:${String(Math.floor(tick / 10) % 60).padStart(2, '0')}.${tick % 10}`;
    promo.classList.toggle('flash', tick % 2 === 0);
    promo.style.opacity = String(0.9 + (tick % 10) / 100);
    const line = document.createElement('li');
    line.textContent = `Someone just bought a candle (${tick})`;
    recent.prepend(line);
    if (recent.children.length > 20) recent.lastElementChild.remove();
    document.body.dataset.ticks = String(tick);
  }, 100);
})();
