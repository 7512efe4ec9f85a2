import { copyFile, mkdir, rename, rm } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { join, resolve } from 'node:path';
import { LanebarError } from '../core/errors.js';
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
  if (resolve(current.dir) === resolve(baselineDir)) throw new LanebarError('the current run already is the baseline', { file: baselineDir });
  await mkdir(baselineDir, { recursive: true });
  const written: string[] = [];
  for (const name of BASELINE_FILES) {
    const to = join(baselineDir, name);
    const tmp = join(baselineDir, `.${name}.${randomBytes(4).toString('hex')}.tmp`);
    try {
      await copyFile(join(current.dir, name), tmp);
      await rename(tmp, to);
      written.push(to);
    } catch (e) {
      await rm(tmp, { force: true });
      const code = (e as NodeJS.ErrnoException).code;
      // summary.md is for people; a run folder without it still makes a baseline.
      if (code === 'ENOENT' && name === 'summary.md') continue;
      throw new LanebarError(`cannot copy ${name} into the baseline (${code ?? (e as Error).message})`, { file: to });
    }
  }
  return written;
}
