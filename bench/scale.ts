/**
 * Memory at scale: a 100,000-case dataset (generated into a temp folder), one candidate, lanebar's
 * full run path against the simulator (latency 0, own process). Peak RSS of the whole run (GNU
 * time: run, summary, reports) must stay under 400 MB, and memory must not grow with the cases
 * done: RSS is sampled in the run's own process every 10,000 cases.
 *
 *   node bench/scale.ts [--cases 100000] [--runs 3] [--concurrency 64] [--no-write]
 */
import { mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { ROOT } from './lib/dist.ts';
import { MEASURED_BY, measure, type RunMeasure } from './lib/measure.ts';
import { machine, summarizeRuns, table, target, verdictLines, versions, writeResult, type BenchResult } from './lib/results.ts';
import { startSimProcess } from './lib/sim-process.ts';
import { median } from './lib/stats.ts';
import { makeWorkload } from './lib/workload.ts';

const { values } = parseArgs({
  options: {
    cases: { type: 'string', default: '100000' },
    runs: { type: 'string', default: '3' },
    concurrency: { type: 'string', default: '64' },
    'no-write': { type: 'boolean', default: false },
  },
});
const cases = Number(values.cases);
const runs = Number(values.runs);
const concurrency = Number(values.concurrency);
const every = Math.max(1, Math.round(cases / 10));
const MB = 2 ** 20;
const PEAK_LIMIT_MB = 400;
/** "Flat": RSS after every case is done at most this much above RSS after the first tenth. */
const GROWTH_LIMIT = 1.25;

const scratch = mkdtempSync(join(tmpdir(), 'lanebar-bench-scale-'));
const workload = makeWorkload({ dir: join(scratch, 'workload'), cases, simProfile: 'sim-small', concurrency });
process.stderr.write(`scale: ${cases} cases, concurrency ${concurrency}, ${runs} runs; scratch ${scratch}\n`);

interface Sample {
  cases: number;
  rss_bytes: number;
  heap_used_bytes: number;
}
interface Run extends RunMeasure {
  samples: Sample[];
  journal_bytes: number;
}

/**
 * The same run twice over: as lanebar starts by default, and with V8's young generation capped
 * (NODE_OPTIONS, set by whoever runs lanebar), which is most of the gap between the live heap
 * (about 40-60 MB) and the resident size. Targets are judged on the default only.
 */
const VARIANTS = [
  { name: 'lanebar', nodeOptions: '' },
  { name: 'lanebar, NODE_OPTIONS=--max-semi-space-size=8', nodeOptions: '--max-semi-space-size=8' },
];
const results = new Map<string, Run[]>(VARIANTS.map((v) => [v.name, []]));
for (let i = 1; i <= runs; i++) {
  for (const [vi, v] of VARIANTS.entries()) {
    const dir = join(scratch, `run-${vi}-${i}`);
    mkdirSync(dir, { recursive: true });
    const sim = await startSimProcess({ suites: [workload.suite], models: join(ROOT, 'sim', 'models.yaml'), latencyScale: 0 });
    try {
      const m = await measure({
        script: join(ROOT, 'bench', 'contenders', 'lanebar-scale.ts'),
        args: ['--suite', workload.suite, '--url', sim.url, '--reports', join(dir, 'reports'), '--concurrency', String(concurrency), '--every', String(every)],
        cwd: ROOT,
        env: { NODE_OPTIONS: v.nodeOptions },
        logs: join(dir, 'lanebar'),
      });
      const out = JSON.parse(m.stdout.trim().split('\n').at(-1)!) as { code: number; cases: number; samples: Sample[] };
      if (out.code !== 0 || out.cases !== cases) throw new Error(`${v.name} run ${i}: exit ${out.code}, ${out.cases}/${cases} cases; see ${dir}`);
      const journal = statSync(join(dir, 'reports', 'scale', 'run.jsonl')).size;
      results.get(v.name)!.push({ wall_ms: m.wall_ms, cpu_ms: m.cpu_ms, user_ms: m.user_ms, sys_ms: m.sys_ms, peak_rss_bytes: m.peak_rss_bytes, samples: out.samples, journal_bytes: journal });
      process.stderr.write(
        `  ${v.name} #${i}: wall ${(m.wall_ms / 1000).toFixed(1)} s, CPU ${(m.cpu_ms / 1000).toFixed(1)} s, peak RSS ${(m.peak_rss_bytes / MB).toFixed(0)} MB; RSS ${out.samples.map((s) => `${s.cases / 1000}k ${(s.rss_bytes / MB).toFixed(0)}`).join(', ')} MB; journal ${(journal / MB).toFixed(0)} MB\n`,
      );
    } finally {
      await sim.stop();
      rmSync(join(dir, 'reports'), { recursive: true, force: true });
    }
  }
}

const milestones = [every, Math.round(cases / 2 / every) * every, cases];
const figures = VARIANTS.map((v) => {
  const rs = results.get(v.name)!;
  const stats = summarizeRuns(rs.map(({ samples: _x, ...r }) => r));
  const at = (n: number) => median(rs.map((r) => r.samples.find((s) => s.cases === n)?.rss_bytes ?? Number.NaN));
  const rssAt = Object.fromEntries(milestones.map((n) => [n, at(n)])) as Record<number, number>;
  return { ...v, runs: rs, stats, rssAt, growth: rssAt[cases]! / rssAt[every]! };
});
const main = figures[0]!;
const targets = [
  target(`peak RSS of the whole run (${cases} cases, median of runs)`, main.stats.median.peak_rss_bytes / MB, PEAK_LIMIT_MB, 'max', 'MB'),
  target(`RSS at ${cases} cases / RSS at ${every} cases (flat memory)`, main.growth, GROWTH_LIMIT, 'max', '×'),
];

console.log(`\nScale: ${cases} cases, 1 candidate, concurrency ${concurrency}, simulator (latency 0) in its own process; ${runs} runs, min / median`);
console.log(
  table(
    ['', 'wall s', 'CPU s', 'CPU ms/case', 'peak RSS MB', ...milestones.map((n) => `RSS @${n / 1000}k MB`)],
    figures.map((f) => [
      f.name,
      `${(f.stats.min.wall_ms / 1000).toFixed(1)} / ${(f.stats.median.wall_ms / 1000).toFixed(1)}`,
      `${(f.stats.min.cpu_ms / 1000).toFixed(1)} / ${(f.stats.median.cpu_ms / 1000).toFixed(1)}`,
      `${(f.stats.min.cpu_ms / cases).toFixed(3)} / ${(f.stats.median.cpu_ms / cases).toFixed(3)}`,
      `${(f.stats.min.peak_rss_bytes / MB).toFixed(0)} / ${(f.stats.median.peak_rss_bytes / MB).toFixed(0)}`,
      ...milestones.map((n) => (f.rssAt[n]! / MB).toFixed(0)),
    ]),
  ),
);
console.log('');
for (const l of verdictLines(targets)) console.log(l);

const result: BenchResult = {
  schema: 'lanebar.bench/1',
  name: 'scale',
  date: new Date().toISOString(),
  command: 'npm run bench -- scale',
  machine: machine(),
  versions: versions(),
  settings: { cases, runs, concurrency, sample_every: every, simulator: 'bench/sim-server.ts, sim/models.yaml sim-small, latency scale 0, fresh process per run', measured_by: MEASURED_BY },
  contenders: figures.map((f) => ({ name: f.name, node_options: f.nodeOptions, runs: f.runs, ...f.stats, rss_at_cases_bytes_median: f.rssAt })),
  ratios: { rss_growth_10pct_to_all: main.growth, peak_rss_capped_young_generation_vs_default: figures[1]!.stats.median.peak_rss_bytes / main.stats.median.peak_rss_bytes },
  targets,
  notes: [
    'Peak RSS is the whole process over the whole run (run, summary.json, summary.md, index.html), by GNU time.',
    'The second contender is the same run with NODE_OPTIONS=--max-semi-space-size=8 (a smaller V8 young generation); the targets are judged on the default.',
    `"Flat" is read as: RSS once every case is done is at most ${GROWTH_LIMIT}× RSS after the first tenth.`,
  ],
};
if (!values['no-write']) console.log(`\nwrote ${writeResult(result)}`);
rmSync(scratch, { recursive: true, force: true });
