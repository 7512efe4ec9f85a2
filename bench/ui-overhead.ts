/**
 * What the Ink UI costs a run: the same suites run by the same code, once drawing the UI (to a
 * pretend 100×30 terminal that swallows the frames) and once printing plain progress lines,
 * alternated round by round so a slow patch of the machine hits both alike. Throughput is read
 * from each run's journal (samples / (run_end − run_start)), the same clock for both.
 *
 *   npm run bench:ui -- [--suites suites] [--rounds 5] [--latency-scale 0] [--concurrency 64] [--fps 5]
 *
 * Latency scale 0 is the worst case for the UI: no network wait to hide behind, every event and
 * every frame competes with the runner and the in-process simulator for one CPU. The target is a
 * ratio of at least 0.95 (the UI cuts throughput by 5% at most).
 *
 * On a machine shared with other work, whole-run throughput swings by more than 5% from one run
 * to the next whatever draws it; so the benchmark also measures what the UI adds directly: the CPU
 * time of one frame (the screen of the last UI run, drawn from its journal at many points of the
 * run), times the frames drawn per second, is the share of the run's thread the UI takes.
 */
import { EventEmitter } from 'node:events';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import type { JournalRecord } from '../src/schema/journal.js';

const ROOT = join(import.meta.dirname, '..');
/** The built code: Node runs this file by stripping types, and cannot run the .tsx sources. */
const fromDist = async <T>(path: string): Promise<T> => (await import(pathToFileURL(join(ROOT, 'dist', path)).href)) as T;

const { values } = parseArgs({
  options: {
    suites: { type: 'string', default: 'suites' },
    rounds: { type: 'string', default: '5' },
    'latency-scale': { type: 'string', default: '0' },
    concurrency: { type: 'string', default: '64' },
    fps: { type: 'string', default: '5' },
  },
});

const { runCommand } = await fromDist<typeof import('../src/cli/run-command.js')>('cli/run-command.js');
const { runWithUi } = await fromDist<typeof import('../src/cli/run-with-ui.js')>('cli/run-with-ui.js');
const { newestSheet } = await fromDist<typeof import('../src/load/prices.js')>('load/prices.js');
// Chooses React's production build (as the CLI does) before anything loads React.
const { initialState } = await (await fromDist<typeof import('../src/cli/load-ui.js')>('cli/load-ui.js')).loadUi();
const { reduce } = await fromDist<typeof import('../src/ui/state.js')>('ui/state.js');
const { Screen } = await fromDist<typeof import('../src/ui/components/screen.js')>('ui/components/screen.js');
const { renderToString } = await import('ink');
const { createElement } = await import('react');

const scratch = mkdtempSync(join(tmpdir(), 'lanebar-bench-ui-'));
// A snapshot of the suites and their datasets, so every round runs the same samples even while
// the checkout changes under the benchmark.
cpSync(join(ROOT, values.suites), join(scratch, 'work', 'suites'), { recursive: true });
cpSync(join(ROOT, 'datasets'), join(scratch, 'work', 'datasets'), { recursive: true });
const suites = join(scratch, 'work', 'suites');
const silent = { out: () => {}, err: () => {}, env: {} };

/** A terminal nobody looks at: it takes Ink's frames and, once the run is complete, presses q. */
function pretendTerminal() {
  const stdin = Object.assign(new EventEmitter(), {
    isTTY: true,
    data: null as string | null,
    setEncoding() {},
    setRawMode() {},
    resume() {},
    pause() {},
    ref() {},
    unref() {},
    read() {
      const d = stdin.data;
      stdin.data = null;
      return d;
    },
  });
  let frames = 0;
  let pressed = false;
  const stdout = Object.assign(new EventEmitter(), {
    isTTY: true,
    columns: 100,
    rows: 30,
    write(data: string, done?: () => void) {
      frames += 1;
      if (!pressed && data.includes('· complete ·')) {
        pressed = true;
        setImmediate(() => {
          stdin.data = 'q';
          stdin.emit('readable');
        });
      }
      done?.();
      return true;
    },
  });
  return { term: { stdout, stdin, stderr: stdout } as never, frames: () => frames };
}

const opts = (runId: string) => ({
  target: 'sim' as const,
  reports: join(scratch, 'reports'),
  prices: newestSheet(ROOT),
  overrides: join(ROOT, 'prices', 'overrides.yaml'),
  simModels: join(ROOT, 'sim', 'models.yaml'),
  simLatencyScale: Number(values['latency-scale']),
  concurrency: Number(values.concurrency),
  runId,
  graceMs: 15_000,
});

/** Samples per second of a finished run, from its journal's own timestamps. */
function throughput(runId: string): { samples: number; perSecond: number } {
  const records = readFileSync(join(scratch, 'reports', runId, 'run.jsonl'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as { type: string; started_at?: string; at?: string });
  const start = Date.parse(records.find((r) => r.type === 'run_start')!.started_at!);
  const end = Date.parse(records.find((r) => r.type === 'run_end')!.at!);
  const samples = records.filter((r) => r.type === 'case').length;
  return { samples, perSecond: samples / ((end - start) / 1000) };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const rounds = Number(values.rounds);
const plain: number[] = [];
const ui: number[] = [];
/** CPU time of this process per sample: what the UI adds, less disturbed by other load on the machine. */
const cpu: Record<'plain' | 'ui', number[]> = { plain: [], ui: [] };
process.stderr.write(`ui overhead: ${values.suites} (snapshot in ${scratch}), latency scale ${values['latency-scale']}, concurrency ${values.concurrency}, UI at ${values.fps} frames/s at most, ${rounds} rounds\n`);
// Round 0 warms the JIT and the caches for both and is not counted.
for (let i = 0; i <= rounds; i++) {
  // Alternate which goes first, so neither always gets the warmer process.
  for (const mode of i % 2 ? ['plain', 'ui'] : ['ui', 'plain']) {
    const id = `${mode}-${i}`;
    const before = process.cpuUsage();
    let frames = '';
    if (mode === 'plain') {
      await runCommand([suites], opts(id), silent);
    } else {
      const t = pretendTerminal();
      await runWithUi([suites], opts(id), silent, t.term, { fps: Number(values.fps) });
      frames = `, ${t.frames()} terminal writes`;
    }
    const used = process.cpuUsage(before);
    const { samples, perSecond } = throughput(id);
    const cpuPerSample = (used.user + used.system) / 1000 / samples;
    if (i > 0) {
      (mode === 'plain' ? plain : ui).push(perSecond);
      cpu[mode as 'plain' | 'ui'].push(cpuPerSample);
    }
    process.stderr.write(
      `  round ${i}${i === 0 ? ' (warm-up)' : ''} ${mode.padEnd(5)} ${samples} samples, ${perSecond.toFixed(1)} samples/s, ${cpuPerSample.toFixed(3)} ms CPU/sample${frames}\n`,
    );
  }
}
/** CPU milliseconds of one 100×30 frame, at `points` moments of a run read back from its journal. */
function frameCost(runId: string, points = 200): number[] {
  const records = readFileSync(join(scratch, 'reports', runId, 'run.jsonl'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as JournalRecord);
  let state = initialState('live', 0);
  const costs: number[] = [];
  const every = Math.max(1, Math.floor(records.length / points));
  records.forEach((record, i) => {
    state = reduce(state, { type: 'history', record });
    if (i % every !== 0 || state.rows.length === 0) return;
    state = reduce(state, { type: 'clock', now: i });
    const before = process.cpuUsage();
    renderToString(createElement(Screen, { state, columns: 100, rows: 30, resumeCommand: () => null }), { columns: 100 });
    const used = process.cpuUsage(before);
    costs.push((used.user + used.system) / 1000);
  });
  return costs;
}
const frames = frameCost(`ui-${rounds}`);
const perFrame = median(frames);
rmSync(scratch, { recursive: true, force: true });
const ratio = median(ui) / median(plain);
console.log(`plain reporter: ${median(plain).toFixed(1)} samples/s (median of ${rounds})`);
console.log(`Ink UI:         ${median(ui).toFixed(1)} samples/s (median of ${rounds})`);
console.log(`CPU per sample: plain ${median(cpu.plain).toFixed(3)} ms, UI ${median(cpu.ui).toFixed(3)} ms (medians; the simulator runs in this process too)`);
console.log(
  `one frame:      ${perFrame.toFixed(2)} ms CPU (median of ${frames.length} frames of this run's screen); at ${values.fps} frames/s the UI takes ${((perFrame * Number(values.fps)) / 10).toFixed(1)}% of the run's thread`,
);
const change = ratio <= 1 ? `${((1 - ratio) * 100).toFixed(1)}% slower` : `${((ratio - 1) * 100).toFixed(1)}% faster (noise)`;
console.log(`ratio UI/plain: ${ratio.toFixed(3)}  (${change}; target: at most 5% slower) ${ratio >= 0.95 ? 'OK' : 'OVER TARGET'}`);
