import { fileURLToPath } from 'node:url';
import { ScriptedFault, type SimLedgerEntry, type SimModelsFile } from '../../schema/sim.js';
import type { SimTask } from './case-index.js';
import { SimEngine } from './engine.js';
import { openaiRoutes } from './openai-protocol.js';
import { serve } from './server.js';

export type { SimTask } from './case-index.js';
export type { ScriptedFault, SimModelsFile } from '../../schema/sim.js';
export { loadSimModels, parseSimModels } from './load-models.js';

export type LedgerEntry = SimLedgerEntry;

export interface SimulatorOptions {
  models: SimModelsFile;
  /** The lanes whose cases the simulated models should recognise. */
  tasks?: SimTask[];
  /** 0 (the default) picks a free port. */
  port?: number;
  /** Multiplies every simulated delay; 0 = no sleeping, for benchmarks and tests. Default 1. */
  latencyScale?: number;
}

export interface Simulator {
  /** http://127.0.0.1:PORT; OpenAI clients use `${url}/v1` as their base URL. */
  url: string;
  close(): Promise<void>;
  /** Every generation request answered, in order of arrival, with what it billed. */
  ledger(): LedgerEntry[];
  /** The most requests seen in flight at once. */
  maxInFlight(): number;
  /** The model's next requests get these faults, in order, before any random ones. */
  scriptFaults(model: string, faults: ScriptedFault[]): void;
}

/** The bundled simulated-models file, sim/models.yaml at the package root. */
export const bundledSimModelsPath = (): string => fileURLToPath(new URL('../../../sim/models.yaml', import.meta.url));

/** Starts a local server speaking the OpenAI chat-completions protocol for the simulated models. */
export async function startSimulator(opts: SimulatorOptions): Promise<Simulator> {
  const latencyScale = opts.latencyScale ?? 1;
  if (!Number.isFinite(latencyScale) || latencyScale < 0) throw new RangeError(`latencyScale must be a number >= 0, got ${latencyScale}`);
  const engine = new SimEngine(opts.models, opts.tasks ?? []);
  const server = await serve(engine, openaiRoutes, { port: opts.port ?? 0, latencyScale });
  return {
    url: server.url,
    close: server.close,
    ledger: () => engine.ledger(),
    maxInFlight: server.maxInFlight,
    scriptFaults: (model, faults) => {
      if (!engine.model(model)) throw new Error(`scriptFaults: no simulated model named "${model}"`);
      engine.scriptFaults(model, faults.map((f) => ScriptedFault.parse(f)));
    },
  };
}
