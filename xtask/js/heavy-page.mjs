// The benchmarks' heavy page: a catalogue form of 10,005 elements, served by the collection
// and consent benchmarks (bench.mjs) and the collector's CPU benchmark (bench-collector-cpu.mjs).
export function heavyHtml() {
  const parts = ['<!doctype html><html lang="en"><head><title>Heavy catalogue</title></head><body><form action="/cart" method="post">'];
  // 10,000 elements: 2,000 product cards of five elements each.
  for (let i = 0; i < 2000; i++) {
    parts.push(`<div class="card"><h3>Product ${i}</h3><img src="data:," alt=""><label for="q${i}">Qty</label><input id="q${i}" name="qty_${i}" type="number"></div>`);
  }
  parts.push('</form></body></html>');
  return parts.join('');
}
