import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';

/*
 * What reaches the disk before a power loss, observed through the file system calls: a report is
 * flushed before the rename that publishes it, a journal is flushed when the run closes it.
 */
const calls: string[] = [];

vi.mock('node:fs', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs')>();
  return {
    ...fs,
    fsyncSync: (fd: number) => {
      calls.push('fsync journal');
      fs.fsyncSync(fd);
    },
  };
});

vi.mock('node:fs/promises', async (importOriginal) => {
  const fsp = await importOriginal<typeof import('node:fs/promises')>();
  return {
    ...fsp,
    open: async (...args: Parameters<typeof fsp.open>) => {
      const handle = await fsp.open(...args);
      const sync = handle.sync.bind(handle);
      handle.sync = async () => {
        calls.push(`sync ${String(args[0]).endsWith('.tmp') ? 'temporary file' : String(args[0])}`);
        await sync();
      };
      return handle;
    },
    rename: async (from: string, to: string) => {
      calls.push(`rename to ${to.split('/').pop()}`);
      await fsp.rename(from, to);
    },
  };
});

const { writeFileAtomic } = await import('../../src/report/atomic-write.js');
const { JournalWriter } = await import('../../src/run/journal-writer.js');

describe('durability', () => {
  it('flushes a report to the disk before the rename that replaces the old one', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lanebar-durable-'));
    calls.length = 0;
    await writeFileAtomic(join(dir, 'summary.json'), '{"ok":true}\n');
    expect(calls).toEqual(['sync temporary file', 'rename to summary.json']);
    expect(readFileSync(join(dir, 'summary.json'), 'utf8')).toBe('{"ok":true}\n');
  });

  it('flushes the journal when the run closes it, once, not on every record', () => {
    const dir = mkdtempSync(join(tmpdir(), 'lanebar-durable-'));
    calls.length = 0;
    const journal = new JournalWriter(join(dir, 'run.jsonl'));
    journal.write({ type: 'run_end', at: '2026-11-23T00:00:00.000Z', status: 'complete' });
    journal.write({ type: 'run_end', at: '2026-11-23T00:00:01.000Z', status: 'complete' });
    expect(calls).toEqual([]);
    journal.close();
    journal.close();
    expect(calls).toEqual(['fsync journal']);
    expect(readFileSync(join(dir, 'run.jsonl'), 'utf8').split('\n')).toHaveLength(3);
  });
});
