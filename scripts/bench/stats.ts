// Small statistics helpers for the benchmarks: every figure is reported with its spread, and ratios are taken
// within one round (both sides measured back to back), never across runs.

/** The median of a non-empty list. */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

/** The 10th and 90th percentiles (nearest rank): the spread reported beside a median. */
export function spread(values: readonly number[]): { low: number; high: number } {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (fraction: number) =>
    sorted[Math.min(sorted.length - 1, Math.max(0, Math.round(fraction * (sorted.length - 1))))] as number;
  return { low: at(0.1), high: at(0.9) };
}

/** `1.03x (p10 1.01-p90 1.06)` */
export function formatRatio(ratios: readonly number[]): string {
  const { low, high } = spread(ratios);
  return `${median(ratios).toFixed(2)}x (p10 ${low.toFixed(2)}, p90 ${high.toFixed(2)})`;
}

/** `12.3 (p10 11.9, p90 13.0)` with the given number of decimals. */
export function formatValue(values: readonly number[], decimals = 1): string {
  const { low, high } = spread(values);
  return `${median(values).toFixed(decimals)} (p10 ${low.toFixed(decimals)}, p90 ${high.toFixed(decimals)})`;
}

/** Fisher-Yates shuffle, so no variant always runs first in a round (warm caches, GC debt). */
export function shuffled<T>(items: readonly T[]): T[] {
  const copy = [...items];
  for (let index = copy.length - 1; index > 0; index--) {
    const other = Math.floor(Math.random() * (index + 1));
    [copy[index], copy[other]] = [copy[other] as T, copy[index] as T];
  }
  return copy;
}
