/**
 * Latency fidelity: is the latency a harness reports the model's, or its own? The simulator (own
 * process) is given a constant first-token latency and a constant answer, so every call's true
 * first-token and completion times are known exactly; each contender's reported p50 and p95 are
 * compared with them at concurrency 1 and 64. promptfoo does not stream: it reports one latency
 * per call, compared with the true completion time. The fetch floor shows what is left when no
 * harness at all stands between the socket and the clock.
 *
 *   node bench/latency.ts [--runs 3] [--cases-c1 100] [--cases-c64 2560] [--ttft 300] [--tokens-per-s 100] [--only ...] [--no-write]
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { SimModel } from '../src/schema/sim.js';
import { fetchSse, lanebar, promptfoo, type Contender, type Outcome } from './lib/contenders.ts';
import { fromDist } from './lib/dist.ts';
import { MEASURED_BY, measure } from './lib/measure.ts';
import { ensurePromptfoo } from './lib/promptfoo.ts';
import { machine, round, table, target, verdictLines, versions, writeResult, type BenchResult, type Target } from './lib/results.ts';
import { startSimProcess } from './lib/sim-process.ts';
import { median } from './lib/stats.ts';
import { makeWorkload } from './lib/workload.ts';

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '3' },
    'cases-c1': { type: 'string', default: '100' },
    'cases-c64': { type: 'string', default: '2560' },
    ttft: { type: 'string', default: '300' },
    'tokens-per-s': { type: 'string', default: '100' },
    only: { type: 'string' },
    'no-write': { type: 'boolean', default: false },
  },
});
const runs = Number(values.runs);
const ttftMs = Number(values.ttft);
const tokensPerS = Number(values['tokens-per-s']);

// Both answers have the same length (61 characters, 16 tokens: within the workload's max_tokens),
// so every call streams the same 4 pieces and has the same true timing, right answer or wrong.
const RIGHT = 'Routed: the ticket goes to the queue its main request names..';
const WRONG = 'Routed: the ticket goes to the front desk for a person to rea';
if (RIGHT.length !== WRONG.length) throw new Error('answers must have the same length');

const PROFILE = 'sim-constant';
const model: SimModel = {
  accuracy: { 'ticket-triage': 0.9 },
  // p50 == p95: the fitted lognormal has no spread, every first token comes after exactly p50.
  ttft_ms: { p50: ttftMs, p95: ttftMs },
  output_tokens_per_s: tokensPerS,
  reasoning_tokens: 0,
  cache: { min_prefix_tokens: 1024, increment: 128, ttl_s: 300 },
  faults: { rate_limited: 0, server_error: 0, stream_cut: 0, retry_after_s: 1 } as SimModel['faults'],
};

// The truth, from the simulator's own functions (src/providers/sim/latency.ts): the first piece is
// sent firstTokenMs after the request arrives, each later piece chunkMs after the one before, and
// the end of the stream right after the last piece.
const latency = await fromDist<typeof import('../src/providers/sim/latency.js')>('providers/sim/latency.js');
const truthTtft = latency.firstTokenMs(model, 0, ['any', 'draw']);
const pieces = latency.splitIntoChunks(RIGHT);
const truthCompletion = truthTtft + pieces.slice(1).reduce((sum, p) => sum + latency.chunkMs(model, p), 0);

const scratch = mkdtempSync(join(tmpdir(), 'lanebar-bench-latency-'));
const modelsFile = join(scratch, 'sim-models.yaml');
writeFileSync(
  modelsFile,
  `# SIMULATED constant-latency profile for bench/latency.ts
seed: 7
models:
  ${PROFILE}: ${JSON.stringify(model)}
tasks:
  ticket-triage:
    answer: ${JSON.stringify(RIGHT)}
    wrong: [${JSON.stringify(WRONG)}]
`,
);

const pf = ensurePromptfoo();
const all: Contender[] = [lanebar, promptfoo(pf, { writeResults: true }), fetchSse];
const only = values.only?.split(',');
const contenders = only ? all.filter((c) => only.includes(c.name)) : all;
const settings = [
  { concurrency: 1, cases: Number(values['cases-c1']), tolerance: 2 },
  { concurrency: 64, cases: Number(values['cases-c64']), tolerance: 5 },
];
process.stderr.write(`latency: truth first token ${truthTtft} ms, completion ${truthCompletion} ms (${pieces.length} pieces); scratch ${scratch}\n`);

interface Row {
  contender: string;
  concurrency: number;
  runs: Outcome[];
  /** Reported minus true, median over runs, ms. */
  error: { ttft_p50: number | null; ttft_p95: number | null; completion_p50: number | null; completion_p95: number | null };
}
const rows: Row[] = [];

for (const s of settings) {
  const workload = makeWorkload({ dir: join(scratch, `workload-c${s.concurrency}`), cases: s.cases, simProfile: PROFILE, concurrency: s.concurrency });
  const outcomes = new Map<string, Outcome[]>(contenders.map((c) => [c.name, []]));
  for (let i = 1; i <= runs; i++) {
    for (const c of contenders) {
      const dir = join(scratch, `c${s.concurrency}-${c.name}-${i}`);
      mkdirSync(dir, { recursive: true });
      const sim = await startSimProcess({ suites: [workload.suite], models: modelsFile, latencyScale: 1 });
      try {
        const m = await measure(c.command(workload, sim.url, s.concurrency, dir));
        const o = c.outcome(workload, dir, m.stdout);
        if (o.cases !== s.cases || o.errors !== 0) throw new Error(`${c.name} at concurrency ${s.concurrency}: ${o.cases}/${s.cases} cases, ${o.errors} errors; see ${dir}`);
        outcomes.get(c.name)!.push(o);
        process.stderr.write(`  c=${s.concurrency} ${c.name} #${i}: FT p50/p95 ${o.ttft.p50?.toFixed(2) ?? '-'}/${o.ttft.p95?.toFixed(2) ?? '-'} ms, done p50/p95 ${o.completion.p50?.toFixed(2)}/${o.completion.p95?.toFixed(2)} ms\n`);
      } finally {
        await sim.stop();
      }
    }
  }
  for (const c of contenders) {
    const runsOf = outcomes.get(c.name)!;
    const err = (pick: (o: Outcome) => number | null, truth: number): number | null => {
      const v = runsOf.map(pick).filter((x): x is number => x !== null);
      return v.length ? median(v.map((x) => x - truth)) : null;
    };
    rows.push({
      contender: c.name,
      concurrency: s.concurrency,
      runs: runsOf,
      error: {
        ttft_p50: err((o) => o.ttft.p50, truthTtft),
        ttft_p95: err((o) => o.ttft.p95, truthTtft),
        completion_p50: err((o) => o.completion.p50, truthCompletion),
        completion_p95: err((o) => o.completion.p95, truthCompletion),
      },
    });
  }
}

const targets: Target[] = [];
for (const s of settings) {
  const r = rows.find((x) => x.contender === 'lanebar' && x.concurrency === s.concurrency);
  if (!r) continue;
  for (const [k, v] of Object.entries(r.error)) {
    targets.push(target(`lanebar ${k.replace('_', ' ')} error at concurrency ${s.concurrency}`, v === null ? null : Math.abs(v), s.tolerance, 'max', 'ms'));
  }
}

const fmt = (v: number | null) => (v === null ? 'n/a' : `${v >= 0 ? '+' : ''}${v.toFixed(2)}`);
// What the harness adds over the floor measured in the same run: the part of the error that is lanebar's own.
const overFloor: Record<string, Row['error']> = {};
for (const s of settings) {
  const l = rows.find((x) => x.contender === 'lanebar' && x.concurrency === s.concurrency);
  const f = rows.find((x) => x.contender === 'fetch-sse' && x.concurrency === s.concurrency);
  if (!l || !f) continue;
  const d = (a: number | null, b: number | null) => (a === null || b === null ? null : a - b);
  overFloor[`c${s.concurrency}`] = {
    ttft_p50: d(l.error.ttft_p50, f.error.ttft_p50),
    ttft_p95: d(l.error.ttft_p95, f.error.ttft_p95),
    completion_p50: d(l.error.completion_p50, f.error.completion_p50),
    completion_p95: d(l.error.completion_p95, f.error.completion_p95),
  };
}
console.log(`\nLatency fidelity: reported minus true latency, ms (median of ${runs} runs). Truth: first token ${round(truthTtft)} ms, completion ${round(truthCompletion)} ms`);
console.log(
  table(
    ['contender', 'concurrency', 'cases', 'FT p50', 'FT p95', 'done p50', 'done p95'],
    rows.map((r) => [r.contender, r.concurrency, settings.find((s) => s.concurrency === r.concurrency)!.cases, fmt(r.error.ttft_p50), fmt(r.error.ttft_p95), fmt(r.error.completion_p50), fmt(r.error.completion_p95)]),
  ),
);
for (const [k, e] of Object.entries(overFloor)) {
  console.log(`lanebar minus the fetch floor at ${k.replace('c', 'concurrency ')}: FT p50 ${fmt(e.ttft_p50)}, FT p95 ${fmt(e.ttft_p95)}, done p50 ${fmt(e.completion_p50)}, done p95 ${fmt(e.completion_p95)} ms`);
}
console.log('(promptfoo does not stream: it cannot see the first token; its one latency per call is compared with the completion time)');
console.log('');
for (const l of verdictLines(targets)) console.log(l);

const result: BenchResult = {
  schema: 'lanebar.bench/1',
  name: 'latency',
  date: new Date().toISOString(),
  command: 'npm run bench -- latency',
  machine: machine(),
  versions: versions({ promptfoo: pf.version }),
  settings: {
    runs,
    simulated_profile: { name: PROFILE, ...model },
    answer_chars: RIGHT.length,
    pieces: pieces.length,
    truth_ms: { first_token: truthTtft, completion: truthCompletion },
    by_concurrency: settings,
    simulator: 'bench/sim-server.ts, latency scale 1, fresh process per run',
    measured_by: MEASURED_BY,
  },
  contenders: rows.map((r) => ({ name: r.contender, concurrency: r.concurrency, runs: r.runs, error_ms: r.error })),
  ratios: {},
  lanebar_minus_floor_ms: overFloor,
  targets,
  notes: [
    'Error = reported percentile minus the true value; percentiles by nearest rank over every call of a run; median error over the runs.',
    'promptfoo (not streamed) reports latencyMs per call; compared with the true completion time.',
  ],
};
if (!values['no-write']) console.log(`\nwrote ${writeResult(result)}`);
rmSync(scratch, { recursive: true, force: true });
