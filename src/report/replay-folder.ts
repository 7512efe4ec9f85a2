import { access } from 'node:fs/promises';
import { join } from 'node:path';
import { REQUESTS_FILE } from '../replay/request-outcomes.js';
import type { Replay } from '../schema/replay-result.js';
import { readReplayJson } from './html/write-replay-html.js';

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
  const requests = join(dir, REQUESTS_FILE);
  return { dir, replay: await readReplayJson(dir), requestsFile: (await exists(requests)) ? requests : null };
}
