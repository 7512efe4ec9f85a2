import { relative } from 'node:path';
import { LanebarError } from '../core/errors.js';
import { readDataset } from '../load/dataset.js';
import { loadSimModels, startSimulator, type SimTask } from '../providers/sim/index.js';
import type { CheckedSuite } from '../run/plan.js';

export interface RunningSim {
  url: string;
  close(): Promise<void>;
}

/**
 * Starts the embedded simulator on 127.0.0.1 for the simulated candidates of a run, after
 * checking that each names a profile the models file declares.
 */
export async function startSimulatorFor(
  checked: readonly CheckedSuite[],
  opts: { modelsFile: string; latencyScale: number; port?: number },
): Promise<RunningSim> {
  const models = await loadSimModels(opts.modelsFile);
  const tasks: SimTask[] = [];
  for (const cs of checked) {
    const { suite } = cs.loaded;
    cs.targets.forEach((t, i) => {
      if (t.simulated && !(t.servedBy in models.models)) {
        throw new LanebarError(
          `simulated profile "${t.servedBy}" is not declared in ${opts.modelsFile}`,
          { file: relative(process.cwd(), cs.loaded.file), field: `candidates.${i}.sim` },
          `declared profiles: ${Object.keys(models.models).join(', ')}`,
        );
      }
    });
    if (!cs.targets.some((t) => t.simulated)) continue;
    const rows = [];
    for await (const { row } of readDataset({ path: cs.loaded.datasetPath, format: cs.loaded.datasetFormat })) rows.push(row);
    tasks.push({ lane: suite.lane.id, tailTemplate: suite.prompt.template, idColumn: suite.dataset.id_column, rows });
  }
  return startSimulator({ models, tasks, latencyScale: opts.latencyScale, ...(opts.port ? { port: opts.port } : {}) });
}

/**
 * A simulator already running elsewhere (`lanebar sim`, a benchmark's own process): checks that it
 * answers on 127.0.0.1 and serves every profile the run's simulated candidates name, so a typo
 * fails before the run starts rather than as a journal full of 404s.
 */
export async function connectSimulator(url: string, checked: readonly CheckedSuite[]): Promise<RunningSim> {
  const base = url.replace(/\/+$/, '').replace(/\/v1$/, '');
  let served: string[];
  try {
    const res = await fetch(`${base}/v1/models`, { headers: { authorization: 'Bearer sim' }, signal: AbortSignal.timeout(10_000) });
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    served = ((await res.json()) as { data: { id: string }[] }).data.map((m) => m.id);
  } catch (e) {
    throw new LanebarError(`no simulator answers at ${base}: ${e instanceof Error ? e.message : String(e)}`, { field: '--sim-url' }, 'start one with `lanebar sim`, or drop --sim-url');
  }
  for (const cs of checked) {
    cs.targets.forEach((t, i) => {
      if (t.simulated && !served.includes(t.servedBy)) {
        throw new LanebarError(
          `simulated profile "${t.servedBy}" is not served by the simulator at ${base}`,
          { file: relative(process.cwd(), cs.loaded.file), field: `candidates.${i}.sim` },
          `it serves: ${served.join(', ')}`,
        );
      }
    });
  }
  // Not ours to stop: whoever started it closes it.
  return { url: base, close: async () => {} };
}
