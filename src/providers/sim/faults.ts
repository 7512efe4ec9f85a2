import type { ScriptedFault, SimFaultRates } from '../../schema/sim.js';

/**
 * Faults that answer with an error or a reset before the request reaches the model: nothing is
 * processed. An `overloaded` fault with `after_chunks` fails a stream part-way instead, but a
 * non-streamed request has no "part-way", so there it is an error status too.
 */
export const refusesBeforeModel = (fault: ScriptedFault | null, stream: boolean): boolean =>
  fault !== null &&
  (fault.kind === 'rate_limited' ||
    fault.kind === 'server_error' ||
    fault.kind === 'reset' ||
    (fault.kind === 'overloaded' && (fault.after_chunks === undefined || !stream)));

/**
 * Picks the fault for a model's next request: scripted faults first, in the order given, then
 * random ones by the configured probabilities. `draw` is a deterministic uniform in [0, 1).
 */
export class FaultPlanner {
  readonly #scripted = new Map<string, ScriptedFault[]>();

  script(model: string, faults: readonly ScriptedFault[]): void {
    const queue = this.#scripted.get(model) ?? [];
    queue.push(...faults);
    this.#scripted.set(model, queue);
  }

  next(model: string, rates: SimFaultRates, draw: number, stream: boolean, chunks: number): ScriptedFault | null {
    const scripted = this.#scripted.get(model)?.shift();
    if (scripted) return scripted;
    let edge = rates.rate_limited;
    if (draw < edge) return { kind: 'rate_limited', retry_after_s: rates.retry_after_s };
    edge += rates.server_error;
    if (draw < edge) return { kind: 'server_error', status: 500 };
    edge += rates.overloaded;
    if (draw < edge) return { kind: 'overloaded' };
    edge += rates.stream_cut;
    if (stream && draw < edge) {
      // Reuse where the draw fell inside its band to pick the cut point, so it is deterministic too.
      const within = (draw - (edge - rates.stream_cut)) / rates.stream_cut;
      return { kind: 'stream_cut', after_chunks: Math.floor(within * chunks) };
    }
    return null;
  }
}
