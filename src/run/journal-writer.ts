import { closeSync, fstatSync, fsyncSync, ftruncateSync, openSync, readSync, writeSync } from 'node:fs';
import type { LanebarError } from '../core/errors.js';
import { storageError } from '../core/storage.js';
import type { JournalRecord } from '../schema/journal.js';


/**
 * Appends records to `run.jsonl` with one synchronous write per record. A write that returned is
 * in the kernel's hands, so even SIGKILL loses no finished case; the cost is one syscall per
 * record, small next to a model call.
 */
export class JournalWriter {
  private fd: number | null = null;
  private readonly path: string;
  /** Bytes of whole records in the file: where a failed write is cut back to. */
  private size = 0;
  /** Set by the first write that failed: nothing is written after it, so no record can follow a hole. */
  private broken: LanebarError | null = null;
  private readonly hint: string;

  /** `resume` is how to finish the run later, for the error a full disk or a read-only folder gives. */
  constructor(path: string, resume = 'lanebar run --resume <run-id>') {
    this.path = path;
    this.hint = `everything journalled before this is kept: make room (or make the folder writable), then finish the run with ${resume}`;
    try {
      this.fd = openSync(path, 'a+');
      this.size = fstatSync(this.fd).size;
      this.endTornLine();
    } catch (e) {
      throw storageError('the run journal', path, e, this.hint);
    }
  }

  /** A killed writer can leave a last line without its newline; start on a fresh line. */
  private endTornLine(): void {
    if (this.size === 0) return;
    const last = Buffer.alloc(1);
    readSync(this.fd!, last, 0, 1, this.size - 1);
    if (last[0] !== 0x0a) this.append(Buffer.from('\n'));
  }

  /** Writes all of `bytes`: a write to a filling disk can take part of them and report no error. */
  private append(bytes: Buffer): void {
    let done = 0;
    while (done < bytes.length) done += writeSync(this.fd!, bytes, done, bytes.length - done);
    this.size += bytes.length;
  }

  /**
   * Appends one record, whole or not at all: a write that fails part-way (a full disk) is cut back
   * to the last whole record, so the journal never holds half a record, and the error names the
   * journal and says how to go on.
   */
  write(record: JournalRecord): void {
    if (this.fd === null) throw new Error('journal is closed');
    if (this.broken) throw this.broken;
    try {
      this.append(Buffer.from(JSON.stringify(record) + '\n'));
    } catch (e) {
      try {
        ftruncateSync(this.fd, this.size);
      } catch {
        // The record stays torn; the reader reports and skips a torn line.
      }
      this.broken = storageError('the run journal', this.path, e, this.hint);
      throw this.broken;
    }
  }

  /** The error that stopped the journal, if one did. */
  get failure(): LanebarError | null {
    return this.broken;
  }

  /**
   * Flushes the journal to the disk, then closes it. Each record is in the kernel's hands once
   * written (a killed process loses nothing); the flush makes a finished run survive a power loss
   * too. Not per record: a flush costs milliseconds, a record microseconds.
   */
  close(): void {
    if (this.fd === null) return;
    try {
      fsyncSync(this.fd);
    } catch {
      // A file system that cannot flush (some network or virtual ones) keeps what the kernel has.
    }
    closeSync(this.fd);
    this.fd = null;
  }
}
