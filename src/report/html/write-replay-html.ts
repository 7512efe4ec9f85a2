import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { LanebarError } from '../../core/errors.js';
import { Replay } from '../../schema/replay-result.js';
import { writeFileAtomic } from '../atomic-write.js';
import { replayIndexHtml } from './replay-html.js';

/** Reads `replay.json`, the record of a replay, checked against its schema. */
export async function readReplayJson(dir: string): Promise<Replay> {
  const file = join(dir, 'replay.json');
  let json: unknown;
  try {
    json = JSON.parse(await readFile(file, 'utf8'));
  } catch (e) {
    throw new LanebarError(`cannot read replay: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, { file });
  }
  const parsed = Replay.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new LanebarError(`not a lanebar replay: ${issue.message}`, { file, field: issue.path.join('.') || undefined });
  }
  return parsed.data;
}

/** Writes `reports/<replay-id>/index.html` and returns its path. */
export async function writeReplayIndexHtml(dir: string, replay: Replay): Promise<string> {
  const path = join(dir, 'index.html');
  await writeFileAtomic(path, replayIndexHtml(replay));
  return path;
}
