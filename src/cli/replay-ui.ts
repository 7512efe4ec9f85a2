import { existsSync, readdirSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { LanebarError } from '../core/errors.js';
import { readReplayJson } from '../report/html/write-replay-html.js';
import { replayText } from '../report/replay-text.js';
import type { Replay } from '../schema/replay-result.js';
import { loadReplayUi } from './load-ui.js';
import type { Io } from './run-command.js';
import { RUN_ID } from './run-id.js';
import type { Terminal } from './run-with-ui.js';
import { inkAllowed, processTerminal } from './ui-mode.js';

/** The replay view until q or Ctrl-C. Ink and React are loaded here only, never on the plain path. */
async function showReplay(replay: Replay, term: Terminal): Promise<void> {
  const mountReplayUi = await loadReplayUi();
  await mountReplayUi(replay, term).waitUntilExit();
}

/**
 * `lanebar replay … --ui`, asked before the replay runs: a function that opens the view of the
 * finished replay and resolves when it closes; or, where Ink may not start (stdout or stdin not a
 * terminal, or CI set), null, once stderr has said so: the plain output is all there is then.
 */
export function replayView(io: Io, term: Terminal = processTerminal()): ((replay: Replay) => Promise<void>) | null {
  if (!inkAllowed(term.stdout, term.stdin, io.env)) {
    io.err('lanebar replay: --ui ignored: not an interactive terminal (or CI is set); plain output instead');
    return null;
  }
  return (replay) => showReplay(replay, term);
}

/** A replay named by id (under --reports), by its folder, or by its replay.json. */
export function replayDirOf(arg: string, reports: string): string {
  const hint = 'pass a replay id from reports/ (see --reports), a replay folder, or its replay.json';
  let dir: string;
  if (existsSync(arg)) {
    if (statSync(arg).isDirectory()) dir = resolve(arg);
    else if (basename(arg) === 'replay.json') dir = resolve(dirname(arg));
    else throw new LanebarError('not a replay: a replay is a folder with a replay.json', { file: arg }, hint);
  } else if (RUN_ID.test(arg)) {
    dir = resolve(reports, arg);
  } else {
    throw new LanebarError(`no replay "${arg}"`, { file: arg }, hint);
  }
  if (!existsSync(join(dir, 'replay.json'))) {
    if (existsSync(join(dir, 'run.jsonl'))) throw new LanebarError('this is an eval run, not a replay', { file: dir }, `open it with: lanebar ui --run ${arg}`);
    // `ui --replay suites/` reads the folder as the replay to open; the cassette flag goes after the suites.
    const suites = existsSync(dir) && readdirSync(dir).some((f) => /\.ya?ml$/.test(f));
    const more = suites ? `; to run these suites from their cassettes, put the flag after them: lanebar ui ${arg} --replay` : '; lanebar replay writes one';
    throw new LanebarError('no replay here: replay.json is missing', { file: join(dir, 'replay.json') }, `${hint}${more}`);
  }
  return dir;
}

/**
 * `lanebar ui --replay <id | folder>`: a finished replay read back from its replay.json (checked
 * against the schema), drawn as `lanebar replay --ui` draws it. Nothing is replayed. Without a
 * terminal, the replay's text as `lanebar replay` printed it.
 */
export async function openReplay(arg: string, reports: string, io: Io, term: Terminal = processTerminal()): Promise<number> {
  const dir = replayDirOf(arg, reports);
  const replay = await readReplayJson(dir);
  if (!inkAllowed(term.stdout, term.stdin, io.env)) {
    io.err('lanebar ui: not an interactive terminal (or CI is set): the replay as text instead');
    io.out(replayText(replay));
    return 0;
  }
  await showReplay(replay, term);
  io.err(`replay ${replay.replay_id}: ${dir}`);
  return 0;
}
