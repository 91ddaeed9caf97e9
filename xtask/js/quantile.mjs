// The benchmarks' order statistics: the sample at rank floor(q × n) of the sorted samples.

/** The `q` quantile of samples already sorted ascending. */
export const quantile = (sorted, q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];

/** Median and p99 of unsorted samples, with their count. */
export function medianAndP99(samples) {
  const sorted = [...samples].sort((a, b) => a - b);
  return { median: quantile(sorted, 0.5), p99: quantile(sorted, 0.99), n: sorted.length };
}
