/**
 * lanebar's full run path (cli/run-command.ts, what `lanebar run` calls outside an interactive
 * terminal) with one extra subscriber that samples this process's memory as cases finish. Prints
 * one JSON line: the samples, and the exit code.
 *
 *   node bench/contenders/lanebar-scale.ts --suite <yaml> --url <sim> --reports <dir> [--concurrency 64] [--every 10000]
 */
import { parseArgs } from 'node:util';
import { fromDist } from '../lib/dist.ts';

const { values } = parseArgs({
  options: {
    suite: { type: 'string' },
    url: { type: 'string' },
    reports: { type: 'string' },
    concurrency: { type: 'string', default: '64' },
    every: { type: 'string', default: '10000' },
  },
});
const { runCommand } = await fromDist<typeof import('../../src/cli/run-command.js')>('cli/run-command.js');

const every = Number(values.every);
const samples: { cases: number; rss_bytes: number; heap_used_bytes: number }[] = [];
let done = 0;
const code = await runCommand(
  [values.suite!],
  { target: 'sim', simUrl: values.url!, simModels: 'sim/models.yaml', simLatencyScale: 0, reports: values.reports!, runId: 'scale', concurrency: Number(values.concurrency), graceMs: 15_000 },
  { out: () => {}, err: (l) => process.stderr.write(l + '\n'), env: { ...process.env, OPENAI_API_KEY: '' } },
  [
    (e) => {
      if (e.type !== 'case') return;
      done += 1;
      if (done % every === 0) {
        const m = process.memoryUsage();
        samples.push({ cases: done, rss_bytes: m.rss, heap_used_bytes: m.heapUsed, ...(process.env.BENCH_MEM_DETAIL ? { heap_total: m.heapTotal, external: m.external, array_buffers: m.arrayBuffers } : {}) });
      }
    },
  ],
);
process.stdout.write(JSON.stringify({ code, cases: done, samples }) + '\n');
