// Quantity steppers. No network, no storage: a demo shop.
document.querySelectorAll('[data-qty]').forEach((box) => {
  const input = box.querySelector('input');
  box.querySelectorAll('[data-step]').forEach((button) => {
    button.addEventListener('click', () => {
      const next = Number(input.value || 1) + Number(button.dataset.step);
      const min = Number(input.min || 1);
      const max = Number(input.max || 99);
      input.value = String(Math.min(max, Math.max(min, next)));
    });
  });
});
