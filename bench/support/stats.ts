/** Nearest-rank percentile of `values` (0 < p ≤ 100); the values need not be sorted. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) throw new Error('no values');
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1] as number;
}

export function mean(values: readonly number[]): number {
  if (values.length === 0) throw new Error('no values');
  return values.reduce((sum, value) => sum + value, 0) / values.length;
}

/** A ratio rounded to two decimals (how many times `a` is `b`). */
export function ratio(a: number, b: number): number {
  return b === 0 ? (a === 0 ? 1 : Number.POSITIVE_INFINITY) : round(a / b, 2);
}

export function round(value: number, decimals: number): number {
  const factor = 10 ** decimals;
  return Math.round(value * factor) / factor;
}
