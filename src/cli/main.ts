#!/usr/bin/env node
import { Command, InvalidArgumentError, Option } from 'commander';
import { isLanebarError } from '../core/errors.js';
import { inert } from '../core/inert.js';
import { LANEBAR_VERSION } from '../load/version.js';
import { addUiCommand, runOrUi } from './ui-command.js';

const int = (name: string) => (v: string) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError(`${name} must be a whole number of at least 1`);
  return n;
};
const nonNegative = (name: string) => (v: string) => {
  const n = Number(v);
  if (!Number.isFinite(n) || n < 0) throw new InvalidArgumentError(`${name} must be a number of at least 0`);
  return n;
};

const io = {
  out: (line: string) => process.stdout.write(line + '\n'),
  err: (line: string) => process.stderr.write(line + '\n'),
  env: process.env,
};

// Each command but run and ui loads its modules when it is the one invoked, so that `lanebar run`
// never pays at start-up for DuckDB (replay), the compare rules or the HTTP simulator's server.
const program = new Command('lanebar')
  .description('Decides, with evidence, which LLM may serve each traffic lane and at what cost per accepted outcome.')
  .version(LANEBAR_VERSION)
  .showHelpAfterError();

program
  .command('run')
  .description('run eval suites against their candidate models and write reports/<run-id>/')
  .argument('[suites...]', 'suite files or folders', [])
  .addOption(new Option('--target <target>', 'live providers, the simulator, or live where a key is set').choices(['auto', 'sim', 'live']).default('auto'))
  .option('--resume <run-id>', 'finish an interrupted run without paying again for what it finished')
  .option('--reports <dir>', 'where run folders go', 'reports')
  .option('--prices <sheet>', 'frozen price sheet (default: newest prices/sheet-*.json)')
  .option('--overrides <file>', 'price overrides (default: prices/overrides.yaml)')
  .option('--sim-models <file>', 'simulated models file', 'sim/models.yaml')
  .option('--sim-latency-scale <x>', 'multiply simulated latencies (0 = none)', nonNegative('--sim-latency-scale'), 1)
  .option('--sim-url <url>', 'use a simulator already running there (e.g. `lanebar sim`) instead of starting one in this process')
  .option('--concurrency <n>', 'requests in flight at once (default: the suites\' settings)', int('--concurrency'))
  .option('--run-id <id>', 'name the run folder instead of a timestamp')
  .option('--grace-ms <ms>', 'after Ctrl-C, how long samples in flight may take to finish', nonNegative('--grace-ms'), 15_000)
  .option('--record', 'keep every provider exchange in a cassette beside each suite (<suite>.cassette.jsonl)')
  .option('--replay', 'answer every call from the suites\' cassettes: no network, no spend; a request not in them is an error')
  .option('--junit <file>', 'also write the samples as JUnit XML (one testcase per lane × model × case)')
  .option('--bar', 'after the run, decide its eval bar: write bar.json and bar.md and print the routing plan')
  .option('--strict', 'with --bar: exit 1 when a lane has no admitted model')
  .option('--no-ui', 'plain progress lines even in an interactive terminal')
  .action(async (suites: string[], o) => {
    process.exitCode = await runOrUi(suites, o, io);
  });

program
  .command('bar')
  .description('decide which model each lane may use, from a run\'s journal; or --check an authorization against today\'s files')
  .argument('[run]', 'run id (under --reports), run folder, or run.jsonl')
  .option('--reports <dir>', 'where run folders are', 'reports')
  .option('--strict', 'exit 1 when a lane has no admitted model')
  .option('--check <bar.json>', 'exit 1 when the suite, dataset, prompt, graders or prices it rests on changed')
  .option('--prices <sheet>', 'with --check: price sheet to compare with (default: newest prices/sheet-*.json)')
  .option('--overrides <file>', 'with --check: price overrides (default: prices/overrides.yaml)')
  .action(async (run: string | undefined, o) => {
    const { barCommand } = await import('./bar-command.js');
    process.exitCode = await barCommand(run, o, io);
  });

program
  .command('report')
  .description("write a run's index.html again from its journal (the HTML report: tables, plots, failures)")
  .argument('<run>', 'run id (under --reports), run folder, or run.jsonl')
  .option('--reports <dir>', 'where run folders are', 'reports')
  .action(async (run: string, o) => {
    const { reportCommand } = await import('./report-command.js');
    process.exitCode = await reportCommand(run, o, io);
  });

program
  .command('compare')
  .description('compare a run with a baseline run per lane and model, or a replay with a baseline replay per lane; exit 1 when a compare rule is broken')
  .argument('<baseline>', 'baseline folder (e.g. reports/baseline, reports/replay-baseline), run id or replay id')
  .argument('<current>', 'current run or replay id (under --reports), or its folder')
  .option('--reports <dir>', 'where run and replay folders are', 'reports')
  .option('--rules <file>', 'CI config of compare rules, over the suites\' compare blocks')
  .option('--accept', 'make the current run (or replay) the baseline: copies its journal and summaries (replay.json and requests.parquet) into <baseline>')
  .option('--junit <file>', 'write the rules\' outcomes as JUnit XML')
  .option('--json <file>', 'write the comparison as JSON')
  .action(async (baseline: string, current: string, o) => {
    const { compareCommand } = await import('./compare-command.js');
    process.exitCode = await compareCommand(baseline, current, o, io);
  });

program
  .command('replay')
  .description('replay escalation gates over a logged-traffic file (CSV, JSONL, Parquet) on DuckDB; exit 3 when a budget alarm fires')
  .argument('<log>', 'the log file')
  .requiredOption('--mapping <file>', "maps the log's columns onto lanebar's fields (see mappings/)")
  .option('--gate <file...>', 'gate files (default: the escalation gates of --budget)')
  .option('--budget <file>', 'an Inference Budget: alarms, pricing stance, routing plan')
  .option('--eval-run <run>', 'eval run (id, folder or latest) whose results estimate calls the log lacks')
  .option('--sweep', 'sweep every threshold of the numeric signal')
  .option('--signal <name>', 'the signal to sweep (default: the gate\'s signal)')
  .addOption(new Option('--escalate-when <side>', 'a request escalates when its signal is below or above the threshold').choices(['below', 'above']).default('below'))
  .option('--quality-bar <rate>', 'minimum accepted rate for the sweep\'s recommendation (default: the budget\'s quality_bar)', nonNegative('--quality-bar'))
  .option('--pressure', 'run the budget\'s pressure tests (adoption, prices, a heavy customer)')
  .addOption(new Option('--bad-rows <policy>', 'skip bad rows (counted and reported) or fail on the first').choices(['skip', 'fail']).default('skip'))
  .addOption(new Option('--cost-source <source>', 'headline costs from the frozen price sheet or the log\'s own cost column').choices(['sheet', 'log']).default('sheet'))
  .option('--sql', 'print the SQL the replay runs, and run nothing')
  .option('--reports <dir>', 'where replay folders go', 'reports')
  .option('--replay-id <id>', 'name the replay folder instead of a timestamp')
  .option('--prices <sheet>', 'frozen price sheet (default: newest prices/sheet-*.json)')
  .option('--overrides <file>', 'price overrides (default: prices/overrides.yaml)')
  .option('--memory-limit <size>', 'DuckDB memory before it spills to disk (raise with --threads)', '48MB')
  .option('--threads <n>', 'DuckDB threads (default 1: bounded memory)', int('--threads'))
  .option('--ui', 'then open the replay in the terminal: the sweep as charts, the recommended threshold, the alarms (implies --sweep)')
  .action(async (log: string, o) => {
    const { replayCommand } = await import('./replay-command.js');
    process.exitCode = await replayCommand(log, o, io);
  });

program
  .command('sim')
  .description('serve the simulated models on 127.0.0.1 until stopped (OpenAI-compatible)')
  .argument('[suites...]', 'suites whose cases the simulated models should know', [])
  .option('--sim-models <file>', 'simulated models file', 'sim/models.yaml')
  .option('--port <n>', 'port (default: a free one)', int('--port'))
  .option('--sim-latency-scale <x>', 'multiply simulated latencies (0 = none)', nonNegative('--sim-latency-scale'), 1)
  .action(async (suites: string[], o) => {
    const { simCommand } = await import('./sim-command.js');
    process.exitCode = await simCommand(suites, o, io);
  });

program
  .command('schema')
  .description('print (or --write) the JSON Schema of suite files, generated from the zod schema')
  .option('--write [file]', 'write it (default: suites/schema.json)')
  .option('--check [file]', 'exit 1 when the file differs from the generated schema')
  .action(async (o) => {
    const { schemaCommand } = await import('./schema-command.js');
    process.exitCode = await schemaCommand(o, io);
  });

addUiCommand(program, io);

try {
  await program.parseAsync(process.argv);
} catch (e) {
  if (isLanebarError(e)) {
    io.err(`lanebar: ${e.format()}`);
    process.exitCode = 2;
  } else {
    // An unexpected error can quote a file or a server: printed inert, like every other message.
    io.err(`lanebar: internal error: ${inert(e instanceof Error ? (e.stack ?? e.message) : String(e), '\t\n')}`);
    process.exitCode = 1;
  }
}
