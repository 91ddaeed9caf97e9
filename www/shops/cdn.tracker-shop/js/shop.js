// Quantity steppers and the product colour picker. No network, no storage.
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
document.querySelectorAll('input[name="colour"]').forEach((radio) => {
  radio.addEventListener('change', () => {
    const label = document.querySelector('[data-colour-name]');
    if (label) label.textContent = radio.value;
  });
});
