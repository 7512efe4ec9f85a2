/**
 * Harness overhead: the same 5,000-case suite, one candidate, against the simulator with no
 * latency (in a process of its own), run by lanebar, promptfoo and two floors with no harness.
 * Every contender is a separate process measured from outside, one at a time, runs interleaved.
 *
 *   node bench/overhead.ts [--cases 5000] [--runs 5] [--concurrency 16] [--only lanebar,openai-sdk] [--no-write]
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { fetchSse, lanebar, openaiSdk, promptfoo, type Contender, type Outcome } from './lib/contenders.ts';
import { ROOT } from './lib/dist.ts';
import { MEASURED_BY, measure, type RunMeasure } from './lib/measure.ts';
import { ensurePromptfoo } from './lib/promptfoo.ts';
import { machine, round, summarizeRuns, table, target, verdictLines, versions, writeResult, type BenchResult } from './lib/results.ts';
import { startSimProcess } from './lib/sim-process.ts';
import { makeWorkload } from './lib/workload.ts';

const { values } = parseArgs({
  options: {
    cases: { type: 'string', default: '5000' },
    // Five, not three: on a shared machine the spread between runs is wide, and medians need them.
    runs: { type: 'string', default: '5' },
    concurrency: { type: 'string', default: '16' },
    only: { type: 'string' },
    'no-write': { type: 'boolean', default: false },
  },
});
const cases = Number(values.cases);
const runs = Number(values.runs);
const concurrency = Number(values.concurrency);

const pf = ensurePromptfoo();
const all: Contender[] = [lanebar, promptfoo(pf, { writeResults: false }), openaiSdk, fetchSse];
const only = values.only?.split(',');
const contenders = only ? all.filter((c) => only.includes(c.name)) : all;

const scratch = mkdtempSync(join(tmpdir(), 'lanebar-bench-overhead-'));
const workload = makeWorkload({ dir: join(scratch, 'workload'), cases, simProfile: 'sim-small', concurrency });
process.stderr.write(`overhead: ${cases} cases, concurrency ${concurrency}, ${runs} runs each; scratch ${scratch}\n`);

interface Run extends RunMeasure {
  cpu_ms_per_case: number;
}
const raw = new Map<string, { runs: Run[]; outcomes: Outcome[] }>(contenders.map((c) => [c.name, { runs: [], outcomes: [] }]));

// Interleaved (A B C D, A B C D, ...) so that a slow patch of the machine hits every contender alike.
for (let i = 1; i <= runs; i++) {
  for (const c of contenders) {
    const dir = join(scratch, `${c.name}-${i}`);
    mkdirSync(dir, { recursive: true });
    const sim = await startSimProcess({ suites: [workload.suite], models: join(ROOT, 'sim', 'models.yaml'), latencyScale: 0 });
    try {
      const m = await measure(c.command(workload, sim.url, concurrency, dir));
      const outcome = c.outcome(workload, dir, m.stdout);
      if (outcome.cases !== cases || outcome.errors !== 0) {
        throw new Error(`${c.name} run ${i}: ${outcome.cases}/${cases} cases completed, ${outcome.errors} errors; see ${dir}`);
      }
      const entry = raw.get(c.name)!;
      entry.runs.push({ wall_ms: m.wall_ms, cpu_ms: m.cpu_ms, user_ms: m.user_ms, sys_ms: m.sys_ms, peak_rss_bytes: m.peak_rss_bytes, cpu_ms_per_case: m.cpu_ms / cases });
      entry.outcomes.push(outcome);
      process.stderr.write(`  ${c.name} #${i}: wall ${(m.wall_ms / 1000).toFixed(2)} s, cpu ${(m.cpu_ms / 1000).toFixed(2)} s (${(m.cpu_ms / cases).toFixed(3)} ms/case), peak RSS ${(m.peak_rss_bytes / 2 ** 20).toFixed(0)} MB, passed ${outcome.passed}\n`);
    } finally {
      await sim.stop();
    }
  }
}

const stats = new Map(contenders.map((c) => [c.name, summarizeRuns(raw.get(c.name)!.runs)]));
const med = (name: string) => stats.get(name)?.median;
const ratio = (a: number | undefined, b: number | undefined): number | null => (a !== undefined && b !== undefined && b > 0 ? a / b : null);
const ratios = {
  lanebar_cpu_per_case_vs_promptfoo: ratio(med('lanebar')?.cpu_ms_per_case, med('promptfoo')?.cpu_ms_per_case),
  lanebar_cpu_per_case_vs_openai_sdk: ratio(med('lanebar')?.cpu_ms_per_case, med('openai-sdk')?.cpu_ms_per_case),
  lanebar_cpu_per_case_vs_fetch_sse: ratio(med('lanebar')?.cpu_ms_per_case, med('fetch-sse')?.cpu_ms_per_case),
  lanebar_peak_rss_vs_promptfoo: ratio(med('lanebar')?.peak_rss_bytes, med('promptfoo')?.peak_rss_bytes),
  lanebar_wall_vs_openai_sdk: ratio(med('lanebar')?.wall_ms, med('openai-sdk')?.wall_ms),
  // The same ratios between each contender's best run, for a machine too noisy for medians.
  min_lanebar_cpu_per_case_vs_promptfoo: ratio(stats.get('lanebar')?.min.cpu_ms_per_case, stats.get('promptfoo')?.min.cpu_ms_per_case),
  min_lanebar_cpu_per_case_vs_openai_sdk: ratio(stats.get('lanebar')?.min.cpu_ms_per_case, stats.get('openai-sdk')?.min.cpu_ms_per_case),
};
const targets = [
  target('lanebar CPU per case / promptfoo CPU per case (medians)', ratios.lanebar_cpu_per_case_vs_promptfoo, 0.2, 'max', '×'),
  target('lanebar CPU per case / bare openai SDK loop CPU per case (medians)', ratios.lanebar_cpu_per_case_vs_openai_sdk, 1.25, 'max', '×'),
  target('lanebar peak RSS / promptfoo peak RSS (medians)', ratios.lanebar_peak_rss_vs_promptfoo, 0.5, 'max', '×'),
].filter((t) => t.value !== null);

const mb = (b: number) => (b / 2 ** 20).toFixed(0);
console.log(`\nHarness overhead: ${cases} cases, 1 candidate, concurrency ${concurrency}, simulator (latency 0) in its own process; ${runs} runs each, min / median`);
console.log(
  table(
    ['contender', 'wall s', 'CPU s', 'CPU ms/case', 'peak RSS MB', 'passed'],
    contenders.map((c) => {
      const s = stats.get(c.name)!;
      return [
        c.name,
        `${(s.min.wall_ms / 1000).toFixed(2)} / ${(s.median.wall_ms / 1000).toFixed(2)}`,
        `${(s.min.cpu_ms / 1000).toFixed(2)} / ${(s.median.cpu_ms / 1000).toFixed(2)}`,
        `${s.min.cpu_ms_per_case.toFixed(3)} / ${s.median.cpu_ms_per_case.toFixed(3)}`,
        `${mb(s.min.peak_rss_bytes)} / ${mb(s.median.peak_rss_bytes)}`,
        String(raw.get(c.name)!.outcomes[0]!.passed),
      ];
    }),
  ),
);
console.log('');
for (const [k, v] of Object.entries(ratios)) if (v !== null) console.log(`${k}: ${round(v)}`);
console.log('');
for (const l of verdictLines(targets)) console.log(l);

const result: BenchResult = {
  schema: 'lanebar.bench/1',
  name: 'overhead',
  date: new Date().toISOString(),
  command: 'npm run bench -- overhead',
  machine: machine(),
  versions: versions({ promptfoo: pf.version }),
  settings: { cases, runs, concurrency, simulator: 'bench/sim-server.ts, sim/models.yaml sim-small, latency scale 0, fresh process per run', measured_by: MEASURED_BY },
  contenders: contenders.map((c) => ({ name: c.name, describe: c.describe, runs: raw.get(c.name)!.runs, outcomes: raw.get(c.name)!.outcomes, ...stats.get(c.name)! })),
  ratios,
  targets,
  notes: [
    'CPU is user + sys of the contender process and its children (wait4 rusage via GNU time), start-up and report writing included, divided by the case count.',
    'The simulator runs in a separate process and is not counted.',
  ],
};
if (!values['no-write']) console.log(`\nwrote ${writeResult(result)}`);
rmSync(scratch, { recursive: true, force: true });
