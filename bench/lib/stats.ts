/** Nearest-rank percentile (rank ceil(p*n)), the method lanebar's summary uses; null for no data. */
export function nearestRank(values: readonly number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)]!;
}

export const min = (values: readonly number[]): number => Math.min(...values);

/** The middle run (the lower middle for an even count): an observed run, never an average of two. */
export const median = (values: readonly number[]): number => nearestRank(values, 0.5)!;
