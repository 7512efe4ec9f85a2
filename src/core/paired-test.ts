/**
 * McNemar's exact test on paired pass/fail outcomes: the same cases (case id, repeat) run by a
 * baseline and by a current configuration. Only discordant pairs carry information: `b` passed
 * before and fails now, `c` failed before and passes now. Under "no change" each discordant pair
 * is a fair coin, so b ~ Binomial(b + c, 1/2); the exact p-value needs no large-sample
 * approximation, which matters for eval suites where a change moves only a handful of cases.
 */
export interface PairedTable {
  /** Pairs that passed in both. */
  both_pass: number;
  /** Passed in the baseline, fail now. */
  pass_to_fail: number;
  /** Failed in the baseline, pass now. */
  fail_to_pass: number;
  /** Failed in both. */
  both_fail: number;
}

export interface McNemarResult {
  /** Discordant pairs: pass_to_fail + fail_to_pass. */
  discordant: number;
  /** Two-sided exact p-value: P(a split at least this uneven | no change). */
  p_two_sided: number;
  /** One-sided exact p-value for "worse now": P(X >= pass_to_fail), X ~ Bin(discordant, 1/2). */
  p_worse: number;
}

/** ln C(n, k) for k = 0..n, built by the multiplicative recurrence (exact enough in log space). */
function logBinomials(n: number): Float64Array {
  const out = new Float64Array(n + 1);
  for (let k = 0; k < n; k++) out[k + 1] = out[k]! + Math.log(n - k) - Math.log(k + 1);
  return out;
}

/** ln of Σ exp(xs[i]) for i in [from, to], without overflow or underflow. */
function logSumExp(xs: Float64Array, from: number, to: number): number {
  let max = -Infinity;
  for (let i = from; i <= to; i++) max = Math.max(max, xs[i]!);
  if (max === -Infinity) return -Infinity;
  let sum = 0;
  for (let i = from; i <= to; i++) sum += Math.exp(xs[i]! - max);
  return max + Math.log(sum);
}

/** Upper tail P(X >= k) for X ~ Binomial(n, 1/2). */
function upperTail(n: number, k: number, logC: Float64Array): number {
  if (k <= 0) return 1;
  if (k > n) return 0;
  return Math.min(1, Math.exp(logSumExp(logC, k, n) - n * Math.LN2));
}

export function mcnemarExact(t: Pick<PairedTable, 'pass_to_fail' | 'fail_to_pass'>): McNemarResult {
  const b = t.pass_to_fail;
  const c = t.fail_to_pass;
  const n = b + c;
  if (n === 0) return { discordant: 0, p_two_sided: 1, p_worse: 1 };
  const logC = logBinomials(n);
  // The two tails of Bin(n, 1/2) are mirror images: double the smaller one, capped at 1.
  const p_two_sided = Math.min(1, 2 * upperTail(n, Math.max(b, c), logC));
  return { discordant: n, p_two_sided, p_worse: upperTail(n, b, logC) };
}

/** Folds paired outcomes into McNemar's 2×2 table. */
export function pairedTable(pairs: Iterable<readonly [boolean, boolean]>): PairedTable {
  const t: PairedTable = { both_pass: 0, pass_to_fail: 0, fail_to_pass: 0, both_fail: 0 };
  for (const [before, now] of pairs) {
    if (before && now) t.both_pass += 1;
    else if (before) t.pass_to_fail += 1;
    else if (now) t.fail_to_pass += 1;
    else t.both_fail += 1;
  }
  return t;
}
