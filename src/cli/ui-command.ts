import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Option, type Command } from 'commander';
import { LanebarError } from '../core/errors.js';
import { summarizeJournal } from '../report/write-run-reports.js';
import { readJournal } from '../run/journal-reader.js';
import { journalPath } from '../run/runner.js';
import { loadUi } from './load-ui.js';
import { runCommand, type Io, type RunCommandOptions } from './run-command.js';
import { RUN_ID } from './run-id.js';
import { runWithUi, type Terminal } from './run-with-ui.js';
import { inkAllowed, processTerminal as terminal } from './ui-mode.js';
import { resumeCommandFor, uiServices } from './ui-services.js';

/**
 * `lanebar run`: the Ink UI in an interactive terminal, plain progress lines everywhere else (a
 * pipe, a file, CI, or --no-ui).
 */
export async function runOrUi(suites: readonly string[], opts: RunCommandOptions & { ui?: boolean }, io: Io): Promise<number> {
  const term = terminal();
  if (opts.ui !== false && inkAllowed(term.stdout, term.stdin, io.env)) return runWithUi(suites, opts, io, term);
  return runCommand(suites, opts, io);
}

/**
 * `lanebar ui --run <id>`: a run read back from reports/<id>/ (its journal and the summary of it),
 * with the same views as a live run. No model is called and nothing is recomputed but the summary,
 * which is folded from the journal as `lanebar run` folds it.
 */
export async function openRun(runArg: string, reports: string, io: Io, term: Terminal): Promise<number> {
  const dir = existsSync(join(runArg, 'run.jsonl')) ? resolve(runArg) : RUN_ID.test(runArg) ? resolve(reports, runArg) : null;
  if (!dir) throw new LanebarError(`no run "${runArg}"`, { file: runArg }, 'pass a run id from reports/ (see --reports) or a run folder');
  const { mountUi, createUiStore, initialState } = await loadUi();
  const store = createUiStore(initialState('journal', Date.now()));
  const scan = await readJournal(journalPath(dir), (record) => store.dispatch({ type: 'history', record }));
  store.dispatch({ type: 'summary', summary: await summarizeJournal(dir) });
  scan.warnings.forEach((w) => store.dispatch({ type: 'warning', message: w }));
  const services = uiServices({ start: () => scan.start, reportDir: () => dir, stop: () => {} });
  const instance = mountUi({ store, services, resumeCommand: resumeCommandFor(reports), ...term });
  await instance.waitUntilExit();
  io.err(`run ${scan.start.run_id}: ${dir}`);
  return 0;
}

/** Registers `lanebar ui`, taking every option of `lanebar run` as it is defined, so the two never drift. */
export function addUiCommand(program: Command, io: Io): void {
  const run = program.commands.find((c) => c.name() === 'run');
  const ui = program
    .command('ui')
    .description('run suites with the terminal UI, or open a finished run (--run <id>) or replay (--replay <id>) without calling any model')
    .argument('[suites...]', 'suite files or folders', [])
    .option('--run <run-id>', 'open this run from its reports (a run id under --reports, or a run folder)')
    // `lanebar run --replay` (cassettes) takes no value: given one, --replay here opens a replay.
    .addOption(new Option('--replay [replay-id]', "open this replay from its reports (a replay id under --reports, or its folder); with no value, answer every call from the suites' cassettes"));
  for (const o of run?.options ?? []) if (o.attributeName() !== 'ui' && o.attributeName() !== 'replay') ui.addOption(o);
  ui.action(async (suites: string[], opts: Omit<RunCommandOptions, 'replay'> & { run?: string; replay?: string | boolean }) => {
    const term = terminal();
    if (typeof opts.replay === 'string') {
      if (opts.run || suites.length) throw new LanebarError('--replay <replay-id> opens a replay: it takes no --run and no suites', {}, "to run suites from their cassettes, put --replay last: lanebar ui <suites> --replay");
      // Loaded here only: `lanebar run` starts without the replay's report modules.
      const { openReplay } = await import('./replay-ui.js');
      process.exitCode = await openReplay(opts.replay, opts.reports, io, term);
      return;
    }
    const o: RunCommandOptions & { run?: string } = { ...opts, replay: opts.replay === true };
    if (!inkAllowed(term.stdout, term.stdin, io.env)) {
      if (o.run) throw new LanebarError('lanebar ui needs an interactive terminal', {}, `read the run's reports instead: ${join(o.reports, o.run)}/summary.md`);
      io.err('lanebar ui: not an interactive terminal (or CI is set): plain progress instead');
      process.exitCode = await runCommand(suites, o, io);
      return;
    }
    process.exitCode = o.run ? await openRun(o.run, o.reports, io, term) : await runWithUi(suites, o, io, term);
  });
}
