import pLimit, { type LimitFunction } from 'p-limit';
import pMap from 'p-map';
import { dirname, join } from 'node:path';
import { renderTemplate } from '../core/template.js';
import { interruptedAttempt, OpenAttempts } from '../core/interrupted.js';
import { sampleKey, type AttemptStarted, type CaseRecord, type JournalRecord } from '../schema/journal.js';
import { readDataset } from '../load/dataset.js';
import type { RunEvent, RunSubscriber } from './events.js';
import { JournalWriter } from './journal-writer.js';
import { readJournal } from './journal-reader.js';
import type { PlannedSuite, RunPlan } from './plan.js';
import { resumeCommand } from './resume-command.js';
import { runSample, type SampleJob } from './sample.js';

export interface ResumeState {
  done: Set<string>;
  attemptsSoFar: Map<string, number>;
  /** Calls started and never finished: in flight when the run was killed. The resume books them. */
  open: AttemptStarted[];
}

export interface RunOptions {
  plan: RunPlan;
  reportDir: string;
  resume: ResumeState | null;
  subscribers: readonly RunSubscriber[];
  concurrency: number;
  perProviderConcurrency: number;
  /** Stop scheduling new samples; let those in flight finish. */
  softStop: AbortSignal;
  /** Cut everything now. */
  hardStop: AbortSignal;
  random?: () => number;
  /** How to finish this run, for the error a full disk or a read-only folder gives (resume-command.ts). */
  resumeCommand?: string;
}

export const journalPath = (reportDir: string): string => join(reportDir, 'run.jsonl');

/** What an interrupted run already holds: finished samples, and how many attempts each open one made. */
export async function scanForResume(reportDir: string): Promise<{ state: ResumeState; start: JournalRecord & { type: 'run_start' }; warnings: string[] }> {
  const done = new Set<string>();
  const attemptsSoFar = new Map<string, number>();
  const open = new OpenAttempts();
  const scan = await readJournal(journalPath(reportDir), (r) => {
    if (r.type === 'case') done.add(sampleKey(r));
    else if (r.type === 'attempt' || r.type === 'attempt_started') {
      attemptsSoFar.set(sampleKey(r), Math.max(attemptsSoFar.get(sampleKey(r)) ?? 0, r.attempt));
      if (r.type === 'attempt') open.finished(r);
      else open.started(r);
    }
  });
  return { state: { done, attemptsSoFar, open: open.drain() }, start: scan.start, warnings: scan.warnings };
}

const sleep = (ms: number, signal: AbortSignal): Promise<void> =>
  new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });

/** Every sample of the plan, in order, with the request it sends; exported so a replay can check its cassette first. */
export async function* samples(plan: RunPlan, resume: ResumeState | null, stop: AbortSignal): AsyncGenerator<SampleJob> {
  for (const ps of plan.suites) {
    const { suite } = ps.loaded;
    const request = { system: suite.prompt.system, examples: suite.prompt.examples, cacheTtl: suite.prompt.cache_ttl };
    for await (const { row, line } of readDataset({ path: ps.loaded.datasetPath, format: ps.loaded.datasetFormat, display: suite.dataset.path })) {
      const caseId = row[suite.dataset.id_column]!;
      const user = renderTemplate(suite.prompt.template, row, { file: suite.dataset.path, line });
      for (const c of ps.candidates) {
        for (let repeat = 0; repeat < c.manifest.repeats; repeat++) {
          if (stop.aborted) return;
          const key = sampleKey({ suite: suite.name, candidate: c.manifest.id, case_id: caseId, repeat });
          if (resume?.done.has(key)) continue;
          yield {
            suite: suite.name,
            candidate: c.manifest,
            client: c.client,
            graders: ps.graders,
            settings: suite.run,
            caseId,
            repeat,
            row,
            request: { ...request, user, params: c.manifest.params },
            priorAttempts: resume?.attemptsSoFar.get(key) ?? 0,
          };
        }
      }
    }
  }
}

/** Writes an interrupted attempt for every call a killed run left in flight, at its candidate's recorded price. */
function bookInterrupted(plan: RunPlan, open: readonly AttemptStarted[], journal: JournalWriter): number {
  const prices = new Map(plan.start.suites.flatMap((s) => s.candidates.map((c) => [`${s.name}\u0000${c.id}`, c.price] as const)));
  let booked = 0;
  for (const start of open) {
    const price = prices.get(`${start.suite}\u0000${start.candidate}`);
    if (!price) continue;
    journal.write(interruptedAttempt(start, price));
    booked += 1;
  }
  return booked;
}

const totalSamples = (suites: readonly PlannedSuite[]): number =>
  suites.reduce((n, s) => n + s.candidates.reduce((m, c) => m + c.manifest.repeats * s.manifest.dataset.rows, 0), 0);

/**
 * Runs every sample of the plan, journalling each attempt and each final result as it happens,
 * then writes the reports from the journal. Subscribers see every step as a RunEvent.
 */
export async function runPlan(opts: RunOptions): Promise<RunEvent & { type: 'run_finished' }> {
  const { plan, reportDir } = opts;
  const emit = (e: RunEvent) => {
    for (const s of opts.subscribers) s(e);
  };
  const journal = new JournalWriter(journalPath(reportDir), opts.resumeCommand ?? resumeCommand(plan.start.run_id, { reports: dirname(reportDir) }));
  const now = () => new Date().toISOString();
  let booked = 0;
  if (opts.resume) {
    journal.write({ type: 'run_resume', at: now(), lanebar_version: plan.start.lanebar_version, samples_done: opts.resume.done.size });
    booked = bookInterrupted(plan, opts.resume.open, journal);
  } else {
    journal.write(plan.start);
  }
  emit({
    type: 'run_started',
    start: plan.start,
    resumed: opts.resume !== null,
    samplesTotal: totalSamples(plan.suites),
    samplesDone: opts.resume?.done.size ?? 0,
    reportDir,
    concurrency: opts.concurrency,
  });
  if (booked > 0) {
    emit({
      type: 'warning',
      message: `${booked} attempt(s) were in flight when the run was stopped: journalled as interrupted, billed as their estimated input tokens (output unknown)`,
    });
  }

  const limits = new Map<string, LimitFunction>();
  const limitFor = (key: string) => {
    let l = limits.get(key);
    if (!l) limits.set(key, (l = pLimit(opts.perProviderConcurrency)));
    return l;
  };
  const random = opts.random ?? Math.random;
  let inFlight = 0;
  opts.softStop.addEventListener('abort', () => emit({ type: 'stopping', inFlight, graceMs: 0 }), { once: true });

  // A journal that cannot be written (a full disk) stops the run at once: no call goes out unrecorded.
  const journalBroken = new AbortController();
  const hardStop = AbortSignal.any([opts.hardStop, journalBroken.signal]);
  const write = (record: JournalRecord): void => {
    try {
      journal.write(record);
    } catch (e) {
      journalBroken.abort(e);
      throw e;
    }
  };

  let status: 'complete' | 'interrupted' | 'failed' = 'complete';
  let message: string | undefined;
  let failure: unknown;
  try {
    await pMap(
      samples(plan, opts.resume, opts.softStop),
      async (job) => {
        inFlight += 1;
        try {
          const result: CaseRecord | null = await limitFor(job.client.provider + '\u0000' + (job.candidate.base_url ?? ''))(() =>
            runSample(job, {
              hardStop,
              random,
              sleep,
              onStart: write,
              onAttempt: (record) => {
                write(record);
                emit({ type: 'attempt', record });
              },
            }),
          );
          if (result) {
            write(result);
            emit({ type: 'case', record: result });
          }
        } finally {
          inFlight -= 1;
        }
      },
      { concurrency: opts.concurrency },
    );
    if (opts.softStop.aborted || opts.hardStop.aborted) status = 'interrupted';
  } catch (e) {
    // The journal keeps everything finished; the caller reports the failure and how to resume.
    status = 'failed';
    message = e instanceof Error ? e.message : String(e);
    failure = e;
  } finally {
    try {
      // A broken journal takes no end record: a reader sees it as it sees a killed run's.
      if (!journal.failure) journal.write({ type: 'run_end', at: now(), status, ...(message ? { message } : {}) });
    } catch (e) {
      status = 'failed';
      message ??= e instanceof Error ? e.message : String(e);
      failure ??= e;
    }
    journal.close();
  }
  const finished = { type: 'run_finished' as const, status, reportDir, ...(message ? { message } : {}), ...(failure ? { error: failure } : {}) };
  emit(finished);
  return finished;
}
