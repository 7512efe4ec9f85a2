import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { LanebarError } from '../core/errors.js';
import { storageError } from '../core/storage.js';
import { loadPriceBook } from '../load/prices.js';
import { loadSuite } from '../load/suite.js';
import { clientFactory } from '../providers/registry.js';
import { plainProgress } from '../report/plain-progress.js';
import { laneTableText } from '../report/lane-table-text.js';
import { writeRunReports } from '../report/write-run-reports.js';
import { writeBar } from '../report/bar-from-journal.js';
import { writeIndexHtml } from '../report/html/write-index-html.js';
import type { RunSubscriber } from '../run/events.js';
import { buildPlan, checkSuite, resumePlan, type CheckedSuite, type RunPlan } from '../run/plan.js';
import { resumeCommand } from '../run/resume-command.js';
import { runPlan, scanForResume } from '../run/runner.js';
import type { Target } from '../schema/journal.js';
import { barExitCode, printBar } from './bar-command.js';
import { openCassettes, type Cassettes } from './cassette-mode.js';
import { writeRunCiOutputs } from './ci-outputs.js';
import { newRunId, RUN_ID } from './run-id.js';
import { connectSimulator, startSimulatorFor, type RunningSim } from './sim-for-run.js';
import { expandSuiteArgs } from './suite-files.js';

export interface RunCommandOptions {
  target: Target;
  resume?: string;
  reports: string;
  prices?: string;
  overrides?: string;
  simModels: string;
  simLatencyScale: number;
  /** A simulator already running (e.g. in another process); none is started here. */
  simUrl?: string;
  concurrency?: number;
  runId?: string;
  graceMs: number;
  /** Keep every provider exchange in a cassette beside each suite. */
  record?: boolean;
  /** Answer every call from the suites' cassettes: no network, no spend. */
  replay?: boolean;
  /** Write the samples as JUnit XML there. */
  junit?: string;
  /** Decide the eval bar once the reports are written. */
  bar?: boolean;
  /** With bar: a lane without an admitted model fails the command. */
  strict?: boolean;
  /** False when an interactive view draws the progress: no plain progress lines then. */
  plainProgress?: boolean;
  /** Receives the stop Ctrl-C triggers (soft, then hard), for a view that reads Ctrl-C as a key. */
  onStopControl?: (stop: () => void) => void;
}

export interface Io {
  out(line: string): void;
  err(line: string): void;
  env: Readonly<Record<string, string | undefined>>;
}

const uniqueNames = (checked: readonly CheckedSuite[]) => {
  const seen = new Map<string, string>();
  for (const c of checked) {
    const prev = seen.get(c.loaded.suite.name);
    if (prev) throw new LanebarError(`suite name "${c.loaded.suite.name}" is used by ${prev} too`, { file: c.loaded.file, field: 'name' });
    seen.set(c.loaded.suite.name, c.loaded.file);
  }
};

/** `lanebar run`: checks everything, runs, journals, writes reports, prints the lane table. */
export async function runCommand(suiteArgs: readonly string[], opts: RunCommandOptions, io: Io, subscribers: RunSubscriber[] = []): Promise<number> {
  const prices = await loadPriceBook({ root: process.cwd(), sheetPath: opts.prices, overridesPath: opts.overrides });
  let reportDir: string;
  let checked: CheckedSuite[];
  let resumeState = null;
  let resumedStart = null;
  let tape: Cassettes | null = null;
  const runId = opts.resume ?? opts.runId ?? newRunId(new Date());
  if (!RUN_ID.test(runId)) throw new LanebarError(`invalid run id "${runId}"`, { field: 'run id' });
  reportDir = resolve(opts.reports, runId);
  if (opts.resume) {
    const scan = await scanForResume(reportDir);
    scan.warnings.forEach((w) => io.err(`warning: ${w}`));
    resumeState = scan.state;
    resumedStart = scan.start;
    const loaded = await Promise.all(scan.start.suites.map((s) => loadSuite(s.file)));
    tape = await openCassettes(opts, loaded);
    checked = await Promise.all(loaded.map((l) => checkSuite(l, scan.start.target, io.env, tape?.resolverFor(l))));
  } else {
    const files = await expandSuiteArgs(suiteArgs.length ? suiteArgs : ['suites']);
    const loaded = await Promise.all(files.map((f) => loadSuite(f)));
    tape = await openCassettes(opts, loaded);
    checked = await Promise.all(loaded.map((l) => checkSuite(l, opts.target, io.env, tape?.resolverFor(l))));
    uniqueNames(checked);
  }

  const needsSim = !tape?.replaying && checked.some((c) => c.targets.some((t) => t.simulated));
  const sim = !needsSim
    ? null
    : opts.simUrl
      ? await connectSimulator(opts.simUrl, checked)
      : await startSimulatorFor(checked, { modelsFile: opts.simModels, latencyScale: opts.simLatencyScale });
  try {
    const makeClient = clientFactory(sim?.url ?? null);
    const plan: RunPlan = resumedStart
      ? resumePlan(resumedStart, checked, tape?.wrap(makeClient) ?? makeClient)
      : buildPlan({ runId, startedAt: new Date(), target: opts.target, checked, prices, makeClient: tape?.wrap(makeClient) ?? makeClient });
    await tape?.check(plan, resumeState);
    await mkdir(reportDir, { recursive: true }).catch((e: unknown) => {
      throw storageError('the run folder', reportDir, e);
    });

    const soft = new AbortController();
    const hard = new AbortController();
    let graceTimer: NodeJS.Timeout | undefined;
    const onSigint = () => {
      if (!soft.signal.aborted) {
        soft.abort();
        graceTimer = setTimeout(() => hard.abort(), opts.graceMs);
        graceTimer.unref();
      } else {
        hard.abort();
      }
    };
    process.on('SIGINT', onSigint);
    process.on('SIGTERM', onSigint);
    opts.onStopControl?.(onSigint);
    const settings = plan.suites.map((s) => s.loaded.suite.run);
    let finished;
    try {
      finished = await runPlan({
        plan,
        reportDir,
        resume: resumeState,
        subscribers: [...(opts.plainProgress === false ? [] : [plainProgress({ write: io.err })]), ...subscribers],
        concurrency: opts.concurrency ?? Math.max(...settings.map((s) => s.concurrency)),
        perProviderConcurrency: opts.concurrency ?? Math.max(...settings.map((s) => s.per_provider_concurrency)),
        softStop: soft.signal,
        hardStop: hard.signal,
        resumeCommand: resumeCommand(runId, opts),
      });
    } finally {
      process.off('SIGINT', onSigint);
      process.off('SIGTERM', onSigint);
      clearTimeout(graceTimer);
    }
    await tape?.finish(io);
    // When the run stopped because its journal could not be written, that is the error to show.
    const summary = await writeRunReports(reportDir).catch((e: unknown) => {
      throw finished.error ?? e;
    });
    await writeRunCiOutputs(reportDir, summary, opts.junit, io);
    for (const s of subscribers) s({ type: 'summary', summary });
    io.out(laneTableText(summary));
    io.out('');
    io.out(`reports: ${join(opts.reports, runId)}/ (run.jsonl, summary.json, summary.md, index.html)`);
    if (finished.status !== 'complete' || summary.status !== 'complete') {
      io.out(`run ${finished.status}; finished samples are kept. Resume with: ${resumeCommand(runId, opts)}`);
    }
    const bar = opts.bar ? await writeBar(reportDir) : null;
    // The page shows the bar it was written with: write it again now that bar.json exists.
    if (bar) await writeIndexHtml(reportDir, summary);
    if (bar) {
      io.out('');
      printBar(io, bar, join(opts.reports, runId));
    }
    if (finished.error) throw finished.error;
    if (finished.status !== 'complete') return 130;
    return bar ? barExitCode(bar.bar, opts.strict) : 0;
  } finally {
    await sim?.close();
  }
}
