/**
 * Where lanebar's time goes: runs the overhead workload once under `node --cpu-prof` and prints
 * the self time of the hottest functions and of each source (lanebar's own files by folder,
 * node_modules by package, node internals, GC). The .cpuprofile is kept for Chrome DevTools.
 *
 *   node bench/profile.ts [--cases 5000] [--concurrency 16] [--top 25] [--out <dir>] [--contender lanebar|openai-sdk|fetch-sse]
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { fetchSse, lanebar, openaiSdk } from './lib/contenders.ts';
import { ROOT } from './lib/dist.ts';
import { measure } from './lib/measure.ts';
import { startSimProcess } from './lib/sim-process.ts';
import { makeWorkload } from './lib/workload.ts';

const { values } = parseArgs({
  options: {
    cases: { type: 'string', default: '5000' },
    concurrency: { type: 'string', default: '16' },
    top: { type: 'string', default: '25' },
    out: { type: 'string' },
    contender: { type: 'string', default: 'lanebar' },
  },
});
const cases = Number(values.cases);
const concurrency = Number(values.concurrency);
const scratch = values.out ?? mkdtempSync(join(tmpdir(), 'lanebar-bench-profile-'));
mkdirSync(scratch, { recursive: true });
const workload = makeWorkload({ dir: join(scratch, 'workload'), cases, simProfile: 'sim-small', concurrency });
const profDir = join(scratch, 'cpuprofile');

const sim = await startSimProcess({ suites: [workload.suite], models: join(ROOT, 'sim', 'models.yaml'), latencyScale: 0 });
let m;
try {
  const contender = [lanebar, openaiSdk, fetchSse].find((c) => c.name === values.contender);
  if (!contender) throw new Error(`--contender: one of lanebar, openai-sdk, fetch-sse`);
  const cmd = contender.command(workload, sim.url, concurrency, scratch);
  m = await measure({ ...cmd, nodeArgs: ['--cpu-prof', '--cpu-prof-dir', profDir, '--cpu-prof-interval', '250'] });
} finally {
  await sim.stop();
}

interface Node {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: Node[];
  samples: number[];
  timeDeltas: number[];
}
const file = readdirSync(profDir).find((f) => f.endsWith('.cpuprofile'))!;
const prof = JSON.parse(readFileSync(join(profDir, file), 'utf8')) as Profile;
const byId = new Map(prof.nodes.map((n) => [n.id, n]));
const self = new Map<number, number>();
prof.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (prof.timeDeltas[i] ?? 0)));
const total = [...self.values()].reduce((a, b) => a + b, 0);

const source = (url: string, name: string): string => {
  if (name === '(garbage collector)' || name === '(program)' || name === '(idle)') return name;
  if (!url) return '(native / builtin)';
  if (url.startsWith('node:')) return 'node internals';
  const nm = url.lastIndexOf('/node_modules/');
  if (nm >= 0) {
    const rest = url.slice(nm + 14).split('/');
    return `npm ${rest[0]!.startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0]}`;
  }
  const dist = url.indexOf('/dist/');
  if (dist >= 0) return `lanebar ${url.slice(dist + 6).split('/')[0]}/`;
  return url;
};
const add = (m: Map<string, number>, k: string, v: number) => m.set(k, (m.get(k) ?? 0) + v);
const bySource = new Map<string, number>();
const byFunction = new Map<string, number>();
for (const [id, us] of self) {
  const n = byId.get(id)!;
  const { functionName, url, lineNumber } = n.callFrame;
  add(bySource, source(url, functionName), us);
  add(byFunction, `${functionName || '(anonymous)'}  ${url ? `${url.replace(`file://${ROOT}/`, '').replace(/^.*\/node_modules\//, '')}:${lineNumber + 1}` : ''}`, us);
}
const pct = (us: number) => `${((100 * us) / total).toFixed(1).padStart(5)}%`;
const ms = (us: number) => `${(us / 1000).toFixed(0).padStart(6)} ms`;

console.log(`${values.contender}, ${cases} cases, concurrency ${concurrency}: wall ${(m.wall_ms / 1000).toFixed(2)} s, CPU ${(m.cpu_ms / 1000).toFixed(2)} s; profile ${join(profDir, file)}`);
console.log('\nself time by source');
for (const [k, v] of [...bySource].sort((a, b) => b[1] - a[1]).slice(0, 20)) console.log(`${pct(v)} ${ms(v)}  ${k}`);
console.log(`\nhottest functions (self time), top ${values.top}`);
for (const [k, v] of [...byFunction].sort((a, b) => b[1] - a[1]).slice(0, Number(values.top))) console.log(`${pct(v)} ${ms(v)}  ${k}`);
