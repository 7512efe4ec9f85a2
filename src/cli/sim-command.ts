import { loadSuite } from '../load/suite.js';
import { checkSuite } from '../run/plan.js';
import type { Io } from './run-command.js';
import { startSimulatorFor } from './sim-for-run.js';
import { expandSuiteArgs } from './suite-files.js';

/** `lanebar sim`: the embedded simulator on its own, for trying the OpenAI SDK or curl against it. */
export async function simCommand(
  suiteArgs: readonly string[],
  o: { simModels: string; port?: number; simLatencyScale: number },
  io: Io,
): Promise<number> {
  const files = await expandSuiteArgs(suiteArgs.length ? suiteArgs : ['suites']);
  const checked = await Promise.all(files.map(async (f) => checkSuite(await loadSuite(f), 'sim', {})));
  const sim = await startSimulatorFor(checked, { modelsFile: o.simModels, latencyScale: o.simLatencyScale, ...(o.port ? { port: o.port } : {}) });
  io.out(`lanebar simulator (SIMULATED models) listening on ${sim.url}`);
  io.out(`OpenAI base URL: ${sim.url}/v1   (any API key; Ctrl-C to stop)`);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await sim.close();
  return 0;
}
