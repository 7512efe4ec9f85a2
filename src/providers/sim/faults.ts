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
    // Consecutive bands of [0, 1), one per fault, in a fixed order (new kinds are appended, so an
    // older models file draws the same faults). Where the draw fell inside its band picks the
    // fault's details, so they are deterministic too.
    let edge = 0;
    const band = (rate: number): number | null => {
      const from = edge;
      edge += rate;
      return draw >= from && draw < edge ? (draw - from) / rate : null;
    };
    let within: number | null;
    if ((within = band(rates.rate_limited)) !== null) {
      return { kind: 'rate_limited', retry_after_s: rates.retry_after_s, retry_after_http_date: within < rates.retry_after_http_date };
    }
    if ((within = band(rates.server_error)) !== null) {
      const statuses = rates.server_error_statuses;
      return { kind: 'server_error', status: statuses[Math.min(statuses.length - 1, Math.floor(within * statuses.length))]! };
    }
    if (band(rates.overloaded) !== null) return { kind: 'overloaded' };
    // A request that is not streamed has nothing to cut: its draw in this band means no fault.
    if ((within = band(rates.stream_cut)) !== null) return stream ? { kind: 'stream_cut', after_chunks: Math.floor(within * chunks) } : null;
    if (band(rates.reset) !== null) return { kind: 'reset' };
    if (band(rates.slow_first_byte) !== null) return { kind: 'slow_first_byte', ms: rates.slow_first_byte_ms };
    if (band(rates.no_usage) !== null) return { kind: 'no_usage' };
    if (band(rates.malformed_event) !== null) return { kind: 'malformed_event' };
    return null;
  }
}
