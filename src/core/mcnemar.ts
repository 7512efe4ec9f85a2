/**
 * McNemar's exact test for two models graded on the same cases. Only discordant pairs carry
 * information: under "equally good", each of the n = b + c discordant pairs is equally likely to
 * favour either model, so min(b, c) is Binomial(n, 1/2) and the two-sided p-value is twice its
 * lower tail (capped at 1). Exact rather than chi-squared because discordant counts in eval
 * suites are often single digits, where the approximation is poor.
 */
export function mcnemarExactP(b: number, c: number): number {
  if (!Number.isInteger(b) || !Number.isInteger(c) || b < 0 || c < 0) {
    throw new RangeError(`discordant counts must be whole numbers of at least 0 (got ${b}, ${c})`);
  }
  const n = b + c;
  if (n === 0) return 1;
  const k = Math.min(b, c);
  // Terms C(n, i) / 2^n for i = 0..k grow with i (k <= n/2), so sum their logs relative to the
  // largest: 2^-n underflows to 0 for n above ~1074, and eval suites can be that large.
  const logs: number[] = [];
  let log = -n * Math.LN2;
  for (let i = 0; i <= k; i++) {
    logs.push(log);
    log += Math.log((n - i) / (i + 1));
  }
  const top = logs[logs.length - 1]!;
  const tail = Math.exp(top) * logs.reduce((s, l) => s + Math.exp(l - top), 0);
  return Math.min(1, 2 * tail);
}

/** How two candidates fared on the samples both of them finished, paired on (case, repeat). */
export interface PairTable {
  pairs: number;
  both: number;
  /** Passed by the first candidate only. */
  onlyFirst: number;
  /** Passed by the second candidate only. */
  onlySecond: number;
  neither: number;
}

export interface PairedComparison extends PairTable {
  pValue: number;
  /** The first is significantly worse: p below alpha and the second wins more discordant pairs. */
  firstWorse: boolean;
}

export function comparePaired(t: PairTable, alpha: number): PairedComparison {
  const pValue = mcnemarExactP(t.onlyFirst, t.onlySecond);
  return { ...t, pValue, firstWorse: pValue < alpha && t.onlySecond > t.onlyFirst };
}
