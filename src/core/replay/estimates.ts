import type { Usage } from '../../schema/attempt.js';
import type { SummaryRow } from '../../schema/summary.js';

/**
 * What an eval run says about one model on one lane, for the requests a log cannot answer (the
 * stronger model's outcome on a request the old gate never escalated): its pass rate, its mean
 * tokens per sample and its median latencies. Averages ignore how hard each request was; every
 * figure built on them is marked estimated.
 */
export interface EvalStats {
  lane: string;
  model: string;
  /** Completed samples behind the figures. */
  n: number;
  pass_rate: number;
  /** Mean tokens per completed sample, retries and failed attempts included (what a task costs). */
  usage: Usage;
  completion_p50_ms: number | null;
  first_token_p50_ms: number | null;
  simulated: boolean;
}

/** One set of stats per (lane, model) of a run summary; candidates sharing a model are pooled. */
export function evalStats(rows: readonly SummaryRow[]): EvalStats[] {
  const groups = new Map<string, SummaryRow[]>();
  for (const r of rows) {
    if (r.completed === 0) continue;
    const key = `${r.lane}\u0000${r.model}`;
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  return [...groups.values()].map((group) => {
    const completed = group.reduce((s, r) => s + r.completed, 0);
    const passed = group.reduce((s, r) => s + r.passed, 0);
    const mean = (f: keyof Usage) => group.reduce((s, r) => s + r.tokens[f], 0) / completed;
    const largest = [...group].sort((a, b) => b.completed - a.completed)[0]!;
    return {
      lane: largest.lane,
      model: largest.model,
      n: completed,
      pass_rate: passed / completed,
      usage: {
        uncached_input: mean('uncached_input'),
        cache_read: mean('cache_read'),
        cache_write_5m: mean('cache_write_5m'),
        cache_write_1h: mean('cache_write_1h'),
        output: mean('output'),
        reasoning: mean('reasoning'),
      },
      completion_p50_ms: largest.latency_ms.completion.p50,
      first_token_p50_ms: largest.latency_ms.first_token.p50,
      simulated: group.some((r) => r.simulated),
    };
  });
}
