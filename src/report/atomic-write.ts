import { randomBytes } from 'node:crypto';
import { open, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { storageError } from '../core/storage.js';

/**
 * Writes through a temporary file in the same folder, flushed to the disk, then renames: a reader
 * sees the old file or the whole new one, never half of it, even if the disk fills, the process
 * dies or the machine loses power (without the flush, a rename can reach the disk before the data
 * it names, and a crash leaves an empty report).
 */
export async function writeFileAtomic(path: string, data: string): Promise<void> {
  const tmp = join(dirname(path), `.${basename(path)}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    await writeFile(tmp, data, { flag: 'wx' });
    // fsync flushes the file, whichever descriptor asks: one opened to read will do.
    const file = await open(tmp, 'r');
    try {
      await file.sync();
    } finally {
      await file.close();
    }
    await rename(tmp, path);
  } catch (e) {
    await rm(tmp, { force: true }).catch(() => undefined);
    throw storageError('report', path, e);
  }
}
