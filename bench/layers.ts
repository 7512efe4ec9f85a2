/**
 * Where lanebar's per-case CPU goes, layer by layer: the same workload as the overhead benchmark,
 * each layer in a fresh process against a fresh simulator (own process), CPU counted around the
 * calls only (process.cpuUsage, start-up excluded), so each step up shows what that layer adds.
 *
 *   sdk       the bare openai SDK loop (the floor)
 *   adapter   lanebar's OpenAIProvider.call, with the signals runSample gives it
 *   sample    runSample: + attempt/case records, pricing, grading (no journal)
 *   runner    runPlan: + dataset streaming, journal, events, plain progress
 *
 *   node bench/layers.ts [--cases 5000] [--concurrency 16] [--runs 3]
 */
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { ROOT } from './lib/dist.ts';
import { startSimProcess } from './lib/sim-process.ts';
import { median, min } from './lib/stats.ts';
import { makeWorkload } from './lib/workload.ts';

const LAYERS = ['sdk', 'adapter', 'sample', 'runner'] as const;
type Layer = (typeof LAYERS)[number];

const { values } = parseArgs({
  options: {
    cases: { type: 'string', default: '5000' },
    concurrency: { type: 'string', default: '16' },
    runs: { type: 'string', default: '3' },
    layer: { type: 'string' },
    suite: { type: 'string' },
    url: { type: 'string' },
    reports: { type: 'string' },
  },
});

if (values.layer) {
  // Child: run one layer and print {cpu_ms, cases}.
  const { runLayer } = await import('./lib/layer-child.ts');
  const r = await runLayer(values.layer as Layer, { suite: values.suite!, url: values.url!, concurrency: Number(values.concurrency), reports: values.reports! });
  process.stdout.write(JSON.stringify(r) + '\n');
  process.exit(0);
}

const cases = Number(values.cases);
const concurrency = Number(values.concurrency);
const scratch = mkdtempSync(join(tmpdir(), 'lanebar-bench-layers-'));
const workload = makeWorkload({ dir: join(scratch, 'workload'), cases, simProfile: 'sim-small', concurrency });
const cpu = new Map<Layer, number[]>(LAYERS.map((l) => [l, []]));

for (let i = 1; i <= Number(values.runs); i++) {
  for (const layer of LAYERS) {
    const sim = await startSimProcess({ suites: [workload.suite], models: join(ROOT, 'sim', 'models.yaml'), latencyScale: 0 });
    try {
      const out = await new Promise<string>((resolve, reject) => {
        const child = spawn(
          process.execPath,
          [new URL(import.meta.url).pathname, '--layer', layer, '--suite', workload.suite, '--url', sim.url, '--concurrency', String(concurrency), '--reports', join(scratch, `${layer}-${i}`)],
          { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] },
        );
        let text = '';
        child.stdout.on('data', (d: Buffer) => (text += d.toString()));
        child.once('exit', (code) => (code === 0 ? resolve(text) : reject(new Error(`layer ${layer} exited ${code}`))));
      });
      const r = JSON.parse(out.trim().split('\n').at(-1)!) as { cpu_ms: number; cases: number };
      if (r.cases !== cases) throw new Error(`layer ${layer}: ${r.cases}/${cases} cases`);
      cpu.get(layer)!.push(r.cpu_ms / cases);
      process.stderr.write(`  ${layer} #${i}: ${(r.cpu_ms / cases).toFixed(3)} ms/case\n`);
    } finally {
      await sim.stop();
    }
  }
}

console.log(`\nCPU per case around the calls only (start-up excluded), ${cases} cases, concurrency ${concurrency}: min / median, and the median's step over the layer below`);
let below: number | null = null;
for (const layer of LAYERS) {
  const v = cpu.get(layer)!;
  const m = median(v);
  console.log(`${layer.padEnd(8)} ${min(v).toFixed(3)} / ${m.toFixed(3)} ms${below === null ? '' : `   +${(m - below).toFixed(3)} ms`}`);
  below = m;
}
