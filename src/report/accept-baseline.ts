import { copyFile, mkdir, rename, rm } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { join, resolve } from 'node:path';
import { LanebarError } from '../core/errors.js';
import { REQUESTS_FILE } from '../replay/request-outcomes.js';
import type { LoadedReplay } from './replay-folder.js';
import type { LoadedRun } from './run-folder.js';

/** What a baseline folder holds: the journal (the source of truth) and the reports derived from it. */
export const BASELINE_FILES = ['run.jsonl', 'summary.json', 'summary.md'] as const;

/**
 * `lanebar compare --accept`: the current run becomes the baseline. Each file is copied to a
 * temporary name and renamed over the old one, so an interrupted accept never leaves half a journal.
 */
export async function acceptBaseline(current: LoadedRun, baselineDir: string): Promise<string[]> {
  if (current.summary.status !== 'complete') {
    throw new LanebarError(`run ${current.summary.run_id} is partial; a baseline must be a complete run`, { file: current.dir }, 'finish it with `lanebar run --resume`, then accept');
  }
  // summary.md is for people; a run folder without it still makes a baseline.
  return copyIntoBaseline(current.dir, baselineDir, BASELINE_FILES, ['summary.md']);
}

/** What a replay baseline holds: the replay's result, its per-request outcomes and the reports for people. */
export const REPLAY_BASELINE_FILES = [REQUESTS_FILE, 'replay.json', 'replay.md', 'index.html'] as const;

/** `lanebar compare --accept` of replays: the current replay becomes the baseline. */
export async function acceptReplayBaseline(current: LoadedReplay, baselineDir: string): Promise<string[]> {
  if (!current.requestsFile) {
    throw new LanebarError(`replay ${current.replay.replay_id} has no ${REQUESTS_FILE}: later compares could not pair its requests`, { file: current.dir }, 'replay the log again with a current lanebar, then accept');
  }
  return copyIntoBaseline(current.dir, baselineDir, REPLAY_BASELINE_FILES, ['replay.md', 'index.html']);
}

async function copyIntoBaseline(from: string, baselineDir: string, names: readonly string[], optional: readonly string[]): Promise<string[]> {
  if (resolve(from) === resolve(baselineDir)) throw new LanebarError('the current one already is the baseline', { file: baselineDir });
  await mkdir(baselineDir, { recursive: true });
  const written: string[] = [];
  for (const name of names) {
    const to = join(baselineDir, name);
    const tmp = join(baselineDir, `.${name}.${randomBytes(4).toString('hex')}.tmp`);
    try {
      await copyFile(join(from, name), tmp);
      await rename(tmp, to);
      written.push(to);
    } catch (e) {
      await rm(tmp, { force: true });
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' && optional.includes(name)) continue;
      throw new LanebarError(`cannot copy ${name} into the baseline (${code ?? (e as Error).message})`, { file: to });
    }
  }
  return written;
}
