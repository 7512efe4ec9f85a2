/**
 * The embedded simulator in a process of its own, so that a benchmarked contender's CPU time and
 * memory are its own, not the simulator's. Prints one JSON line, {"url": "http://127.0.0.1:PORT"},
 * once it listens; stops on SIGTERM, SIGINT or when its stdin closes (the benchmark died).
 *
 *   node bench/sim-server.ts --suite <suite.yaml> [--models sim/models.yaml] [--latency-scale 0]
 */
import { parseArgs } from 'node:util';
import { fromDist } from './lib/dist.ts';

const { values } = parseArgs({
  options: {
    suite: { type: 'string', multiple: true, default: [] },
    models: { type: 'string', default: 'sim/models.yaml' },
    'latency-scale': { type: 'string', default: '1' },
  },
});

const { loadSuite } = await fromDist<typeof import('../src/load/suite.js')>('load/suite.js');
const { checkSuite } = await fromDist<typeof import('../src/run/plan.js')>('run/plan.js');
const { startSimulatorFor } = await fromDist<typeof import('../src/cli/sim-for-run.js')>('cli/sim-for-run.js');

const checked = await Promise.all(values.suite.map(async (f) => checkSuite(await loadSuite(f), 'sim', {})));
const sim = await startSimulatorFor(checked, { modelsFile: values.models, latencyScale: Number(values['latency-scale']) });
process.stdout.write(JSON.stringify({ url: sim.url }) + '\n');

await new Promise<void>((resolve) => {
  process.once('SIGTERM', resolve);
  process.once('SIGINT', resolve);
  process.stdin.once('close', resolve);
  process.stdin.resume();
});
await sim.close();
// stdin is still open (it is how a dead parent is noticed); exit rather than wait on it.
process.exit(0);
