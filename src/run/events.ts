import type { AttemptRecord, CaseRecord, RunStart } from '../schema/journal.js';
import type { Summary } from '../schema/summary.js';

/** What the runner tells its subscribers (plain reporter, Ink UI, report writers). */
export type RunEvent =
  | {
      type: 'run_started';
      start: RunStart;
      resumed: boolean;
      samplesTotal: number;
      samplesDone: number;
      reportDir: string;
      /** Requests in flight at once: the journal does not record it, a live view shows it. */
      concurrency: number;
    }
  | { type: 'attempt'; record: AttemptRecord }
  | { type: 'case'; record: CaseRecord }
  | { type: 'warning'; message: string }
  | { type: 'stopping'; inFlight: number; graceMs: number }
  | { type: 'run_finished'; status: 'complete' | 'interrupted' | 'failed'; reportDir: string; message?: string; error?: unknown }
  /** Sent by whoever wrote the reports from the journal, after run_finished. */
  | { type: 'summary'; summary: Summary };

export type RunSubscriber = (event: RunEvent) => void;
