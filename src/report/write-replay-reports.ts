import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { Replay } from '../schema/replay-result.js';
import { writeFileAtomic } from './atomic-write.js';
import { writeReplayIndexHtml } from './html/write-replay-html.js';
import { replayMarkdown } from './replay-markdown.js';

/** reports/<replay-id>/replay.json (validated against its schema first), replay.md and index.html, each written atomically. */
export async function writeReplayReports(dir: string, replay: Replay): Promise<void> {
  const checked = Replay.parse(replay);
  await mkdir(dir, { recursive: true });
  await writeFileAtomic(join(dir, 'replay.json'), JSON.stringify(checked, null, 2) + '\n');
  await writeFileAtomic(join(dir, 'replay.md'), replayMarkdown(checked));
  await writeReplayIndexHtml(dir, checked);
}
