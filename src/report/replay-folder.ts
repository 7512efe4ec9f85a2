import { access, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { LanebarError } from '../core/errors.js';
import { REQUESTS_FILE } from '../replay/request-outcomes.js';
import { Replay } from '../schema/replay-result.js';

/** A replay as compare reads it: replay.json, and requests.parquet when the replay wrote one. */
export interface LoadedReplay {
  dir: string;
  replay: Replay;
  /** Per-request outcomes to pair; null for a replay written before lanebar kept them. */
  requestsFile: string | null;
}

const exists = (p: string) =>
  access(p).then(
    () => true,
    () => false,
  );

export const isReplayDir = (dir: string): Promise<boolean> => exists(join(dir, 'replay.json'));

export async function loadReplay(dir: string): Promise<LoadedReplay> {
  const file = join(dir, 'replay.json');
  let json: unknown;
  try {
    json = JSON.parse(await readFile(file, 'utf8'));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new LanebarError(code === 'ENOENT' ? 'no replay.json here' : `replay.json is not valid JSON: ${(e as Error).message}`, { file });
  }
  const parsed = Replay.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new LanebarError(issue.message, { file, field: issue.path.join('.') || undefined }, 'replay the log again with a current lanebar');
  }
  const requests = join(dir, REQUESTS_FILE);
  return { dir, replay: parsed.data, requestsFile: (await exists(requests)) ? requests : null };
}
