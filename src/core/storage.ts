import { LanebarError } from './errors.js';

/** What a file system error means to someone who has to fix it. */
export function storageReason(e: unknown): string {
  const code = (e as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case 'ENOSPC':
    case 'EDQUOT':
      return `the disk is full (${code})`;
    case 'EROFS':
      return 'the file system is read-only (EROFS)';
    case 'EACCES':
    case 'EPERM':
      return `the folder is not writable (${code})`;
    case 'ENOTDIR':
    case 'EEXIST':
      return `a file stands where a folder should be (${code})`;
    default:
      return code ? `${(e as Error).message} (${code})` : String((e as Error | undefined)?.message ?? e);
  }
}

/** A LanebarError for a write that failed: what could not be written, why, and what to do. */
export const storageError = (what: string, file: string, e: unknown, hint?: string): LanebarError =>
  new LanebarError(`cannot write ${what}: ${storageReason(e)}`, { file }, hint);
