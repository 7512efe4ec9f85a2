import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Summary } from '../../src/schema/summary.js';
import { ROOT } from './dist.ts';
import type { Command } from './measure.ts';
import type { Promptfoo } from './promptfoo.ts';
import { nearestRank } from './stats.ts';
import { writePromptfooConfig, type Workload } from './workload.ts';

/** What each contender reports of its own run, read from its outputs after it exits. */
export interface Outcome {
  cases: number;
  passed: number;
  errors: number;
  /** Reported latency percentiles, ms; first token is null where the contender cannot see it. */
  ttft: { p50: number | null; p95: number | null };
  completion: { p50: number | null; p95: number | null };
}

export interface Contender {
  name: string;
  describe: string;
  command(w: Workload, simUrl: string, concurrency: number, scratch: string): Command;
  outcome(w: Workload, scratch: string, stdout: string): Outcome;
}

export const lanebar: Contender = {
  name: 'lanebar',
  describe: 'lanebar run --target sim (the built CLI: grading, journal, summary, reports)',
  command: (w, url, concurrency, scratch) => ({
    script: join(ROOT, 'dist', 'cli', 'main.js'),
    args: ['run', w.suite, '--target', 'sim', '--sim-url', url, '--concurrency', String(concurrency), '--reports', join(scratch, 'reports'), '--run-id', 'bench'],
    cwd: ROOT,
    logs: join(scratch, 'lanebar'),
  }),
  outcome: (_w, scratch) => {
    const s = JSON.parse(readFileSync(join(scratch, 'reports', 'bench', 'summary.json'), 'utf8')) as Summary;
    const row = s.rows[0]!;
    return {
      cases: row.completed,
      passed: row.passed,
      errors: row.errored,
      ttft: { p50: row.latency_ms.first_token.p50, p95: row.latency_ms.first_token.p95 },
      completion: { p50: row.latency_ms.completion.p50, p95: row.latency_ms.completion.p95 },
    };
  },
};

const floor = (name: string, script: string, describe: string): Contender => ({
  name,
  describe,
  command: (w, url, concurrency, scratch) => ({
    script: join(ROOT, 'bench', 'contenders', script),
    args: ['--workload', w.dir, '--url', url, '--concurrency', String(concurrency)],
    cwd: ROOT,
    logs: join(scratch, name),
  }),
  outcome: (_w, _scratch, stdout) => {
    const r = JSON.parse(stdout.trim().split('\n').at(-1)!) as { cases: number; passed: number; errors: number; ttft_ms: Outcome['ttft']; completion_ms: Outcome['completion'] };
    return { cases: r.cases - r.errors, passed: r.passed, errors: r.errors, ttft: r.ttft_ms, completion: r.completion_ms };
  },
});

export const openaiSdk = floor('openai-sdk', 'openai-sdk.ts', 'bare loop: official openai SDK, streaming + include_usage, p-map');
export const fetchSse = floor('fetch-sse', 'fetch-sse.ts', 'bare loop: fetch + hand-parsed SSE, p-map');

interface PromptfooOutput {
  results: { stats: { successes: number; failures: number; errors: number }; results: { latencyMs?: number; success: boolean }[] };
}

/**
 * promptfoo eval with the flags of the reference figures. `-o` (a JSON file of every
 * result) is added only where latencies are read, since writing it is work the overhead run
 * should not be charged for.
 */
export function promptfoo(pf: Promptfoo, o: { writeResults: boolean }): Contender {
  return {
    name: 'promptfoo',
    describe: `promptfoo ${pf.version} eval (OpenAI provider, not streamed)`,
    command: (w, url, concurrency, scratch) => ({
      script: pf.entry,
      args: [
        'eval',
        '-c',
        writePromptfooConfig(w, url, concurrency, scratch),
        '-j',
        String(concurrency),
        '--no-cache',
        '--no-share',
        '--no-write',
        '--no-table',
        '--no-progress-bar',
        ...(o.writeResults ? ['-o', join(scratch, 'promptfoo-results.json')] : []),
      ],
      cwd: w.dir,
      env: pf.env(join(scratch, 'promptfoo-home')),
      logs: join(scratch, 'promptfoo'),
    }),
    outcome: (w, scratch, stdout) => {
      if (o.writeResults) {
        const r = JSON.parse(readFileSync(join(scratch, 'promptfoo-results.json'), 'utf8')) as PromptfooOutput;
        const lat = r.results.results.map((x) => x.latencyMs).filter((x): x is number => typeof x === 'number');
        const { successes, failures, errors } = r.results.stats;
        return { cases: successes + failures, passed: successes, errors, ttft: { p50: null, p95: null }, completion: percentiles(lat) };
      }
      // Without -o, its closing lines are the only account: "✓ 4,732 passed", "✗ 268 failed", "0 errors" (0.123.1).
      const count = (label: string): number => Number((new RegExp(`([\\d,]+) ${label}`).exec(stdout)?.[1] ?? 'NaN').replaceAll(',', ''));
      const passed = count('passed');
      const errors = count('errors');
      return { cases: passed + count('failed'), passed, errors, ttft: { p50: null, p95: null }, completion: { p50: null, p95: null } };
    },
  };
}

const percentiles = (values: number[]) => ({ p50: nearestRank(values, 0.5), p95: nearestRank(values, 0.95) });
