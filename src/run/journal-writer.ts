import { closeSync, fstatSync, openSync, readSync, writeSync } from 'node:fs';
import type { JournalRecord } from '../schema/journal.js';

/**
 * Appends records to `run.jsonl` with one synchronous write per record. A write that returned is
 * in the kernel's hands, so even SIGKILL loses no finished case; the cost is one syscall per
 * record, small next to a model call.
 */
export class JournalWriter {
  private fd: number | null;

  constructor(path: string) {
    this.fd = openSync(path, 'a+');
    this.endTornLine();
  }

  /** A killed writer can leave a last line without its newline; start on a fresh line. */
  private endTornLine(): void {
    const size = fstatSync(this.fd!).size;
    if (size === 0) return;
    const last = Buffer.alloc(1);
    readSync(this.fd!, last, 0, 1, size - 1);
    if (last[0] !== 0x0a) writeSync(this.fd!, '\n');
  }

  write(record: JournalRecord): void {
    if (this.fd === null) throw new Error('journal is closed');
    writeSync(this.fd, JSON.stringify(record) + '\n');
  }

  close(): void {
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
  }
}
