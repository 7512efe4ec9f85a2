import { fileURLToPath } from 'node:url';
import { ScriptedFault, type SimLedgerEntry, type SimModelsFile } from '../../schema/sim.js';
import type { SimTask } from './case-index.js';
import { SimEngine } from './engine.js';
import { anthropicRoutes } from './anthropic-protocol.js';
import { geminiRoutes } from './gemini-protocol.js';
import { openaiRoutes } from './openai-protocol.js';
import { serve } from './server.js';

export type { SimTask } from './case-index.js';
export type { ScriptedFault, SimModelsFile } from '../../schema/sim.js';
export { loadSimModels, parseSimModels } from './load-models.js';
export { REVOKED_KEY } from './keys.js';

export type LedgerEntry = SimLedgerEntry;

export interface SimulatorOptions {
  models: SimModelsFile;
  /** The lanes whose cases the simulated models should recognise. */
  tasks?: SimTask[];
  /** 0 (the default) picks a free port. */
  port?: number;
  /** Multiplies every simulated delay; 0 = no sleeping, for benchmarks and tests. Default 1. */
  latencyScale?: number;
  /** The prompt caches' clock, in ms (TTLs expire by it); tests pass a fake one. Default Date.now. */
  clock?: () => number;
}

export interface Simulator {
  /** http://127.0.0.1:PORT; OpenAI clients use `${url}/v1` as their base URL, Anthropic and Gemini clients `url` itself. */
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

/**
 * Starts a local server speaking three wire protocols for the simulated models: OpenAI chat
 * completions (`/v1/chat/completions`), Anthropic Messages (`/v1/messages`) and the Gemini API
 * (`/v1beta/models/{model}:streamGenerateContent`), over one engine, cache and ledger.
 */
export async function startSimulator(opts: SimulatorOptions): Promise<Simulator> {
  const latencyScale = opts.latencyScale ?? 1;
  if (!Number.isFinite(latencyScale) || latencyScale < 0) throw new RangeError(`latencyScale must be a number >= 0, got ${latencyScale}`);
  const engine = new SimEngine(opts.models, opts.tasks ?? [], opts.clock);
  const server = await serve(engine, [...openaiRoutes, ...anthropicRoutes, ...geminiRoutes], { port: opts.port ?? 0, latencyScale });
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
