import { inert } from '../core/inert.js';
import type { RunEvent } from '../run/events.js';
import { cell, usd } from './format.js';

export interface ProgressOptions {
  write(line: string): void;
  /** Least time between two progress lines. */
  intervalMs?: number;
  now?(): number;
}

/**
 * Plain, non-interactive progress for CI logs and pipes: one line at start, a line at most every
 * `intervalMs`, and one at the end. No cursor movement, no colour.
 */
export function plainProgress(opts: ProgressOptions): (e: RunEvent) => void {
  const interval = opts.intervalMs ?? 2000;
  const now = opts.now ?? Date.now;
  let total = 0;
  let done = 0;
  let errored = 0;
  let retries = 0;
  let spend = 0;
  let t0 = now();
  let doneAtStart = 0;
  let last = 0;
  const line = () => {
    const elapsed = (now() - t0) / 1000;
    const rate = (done - doneAtStart) / Math.max(elapsed, 1e-3);
    const eta = rate > 0 ? Math.round((total - done) / rate) : null;
    const share = total ? Math.floor((done / total) * 100) : 100;
    opts.write(
      `[${String(share).padStart(3)}%] ${done}/${total} samples · ${usd(spend)} spent · ${errored} errored · ${retries} retries · ${elapsed.toFixed(0)}s elapsed${eta !== null ? ` · ETA ${eta}s` : ''}`,
    );
  };
  return (e) => {
    switch (e.type) {
      case 'run_started':
        total = e.samplesTotal;
        done = doneAtStart = e.samplesDone;
        t0 = now();
        opts.write(
          `${e.resumed ? 'resuming' : 'starting'} run ${e.start.run_id}: ${e.start.suites.length} suite(s), ${total} samples${e.resumed ? ` (${done} already done)` : ''}; journal ${e.reportDir}/run.jsonl`,
        );
        for (const s of e.start.suites) {
          for (const c of s.candidates) {
            // Model names and base URLs are the suite file's words: printed inert.
            opts.write(inert(`  ${s.lane.id} · ${c.id}: ${c.simulated ? `simulated (${c.served_by}, priced as ${c.provider} ${c.model})` : `live ${c.provider} ${c.model}${c.base_url ? ` at ${c.base_url}` : ''}`}`));
          }
        }
        return;
      case 'attempt':
        spend += e.record.cost_usd;
        if (e.record.attempt > 1) retries += 1;
        return;
      case 'case':
        done += 1;
        if (e.record.status === 'errored') errored += 1;
        if (now() - last >= interval) {
          last = now();
          line();
        }
        return;
      case 'warning':
        opts.write(`warning: ${cell(e.message, 300)}`);
        return;
      case 'stopping':
        opts.write(`stopping: letting ${e.inFlight} sample(s) in flight finish; press Ctrl-C again to stop at once`);
        return;
      case 'run_finished':
        line();
        opts.write(`run ${e.status}${e.message ? `: ${cell(e.message, 300)}` : ''}`);
        return;
      default:
        return;
    }
  };
}
