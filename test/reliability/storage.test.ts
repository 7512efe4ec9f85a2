import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Simulator } from '../../src/providers/sim/index.js';
import { makeWorkspace } from '../helpers/workspace.js';
import { lanebarChild, openStarts, parseJournal, reconcile, simulatorFor } from './harness.js';

/*
 * A reports folder that is read-only or whose disk fills up, on the built binary. The faults are
 * injected into the child's file system calls (fixtures/fs-faults.ts) so the test needs no
 * privileges; the same behaviour was checked by hand on a real 48 KB tmpfs (README, Reliability).
 */

const FAULTS = join(import.meta.dirname, 'fixtures', 'fs-faults.ts');
let sim: Simulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

async function setUp(cases: number) {
  const ws = await makeWorkspace({ cases, concurrency: 4 });
  sim = await simulatorFor([ws.suite], ws.simModels, 0);
  const reports = join(ws.dir, 'reports');
  return { ws, reports, common: ['--sim-models', ws.simModels, '--reports', reports, '--sim-url', sim.url] };
}

const withFault = (fault: object) => ({ NODE_OPTIONS: `--import=${FAULTS}`, LANEBAR_TEST_FS_FAULT: JSON.stringify(fault) });
const leftovers = (dir: string) => readdirSync(dir).filter((f) => f.endsWith('.tmp'));

describe('storage that fails', () => {
  it('a read-only reports folder is refused with a clear error before any model is called', async () => {
    const { ws, reports, common } = await setUp(5);
    const child = lanebarChild(['run', ws.suite, '--run-id', 'ro', ...common], ws.dir, withFault({ code: 'EROFS', under: reports }));
    const exit = await child.exited;
    expect(exit.code).toBe(2);
    expect(child.stderr()).toContain(`lanebar: ${join(reports, 'ro')}: cannot write the run folder: the file system is read-only (EROFS)`);
    expect(child.stderr()).not.toMatch(/internal error|\n\s+at /);
    expect(existsSync(join(reports, 'ro'))).toBe(false);
    expect(sim!.ledger()).toEqual([]);
  });

  it('a disk that fills mid-run stops it at once with the journal whole, every call paid on its books, and the run resumable', async () => {
    const { ws, reports, common } = await setUp(60);
    const journal = join(reports, 'full', 'run.jsonl');
    const child = lanebarChild(['run', ws.suite, '--run-id', 'full', ...common], ws.dir, withFault({ code: 'ENOSPC', under: reports, match: 'run\\.jsonl$', budget: 16_000 }));
    const exit = await child.exited;
    expect(exit.code).toBe(2);
    expect(child.stderr()).toContain(`${journal}: cannot write the run journal: the disk is full (ENOSPC)`);
    expect(child.stderr()).toContain('hint: everything journalled before this is kept');
    // The hint names every option the resume needs: the run is not under ./reports, and its simulator runs apart.
    const hinted = /finish the run with lanebar (run --resume full .*)$/m.exec(child.stderr())?.[1];
    expect(hinted).toBe(`run --resume full --reports ${reports} --sim-url ${sim!.url}`);
    expect(child.stderr()).not.toMatch(/internal error|\n\s+at /);

    // The write that ran out of room was cut back: the journal ends on a whole record.
    const text = readFileSync(journal, 'utf8');
    expect(text.endsWith('\n')).toBe(true);
    const cut = parseJournal(journal);
    expect(cut.badLines).toEqual([]);
    expect(cut.cases.length).toBeGreaterThan(0);
    expect(cut.cases.length).toBeLessThan(60);
    // No call went out without its start on the books.
    const started = new Map<string, number>();
    for (const s of cut.starts) started.set(s.case_id, (started.get(s.case_id) ?? 0) + 1);
    const answered = new Map<string, number>();
    for (const e of sim!.ledger()) answered.set(e.case_id!, (answered.get(e.case_id!) ?? 0) + 1);
    for (const [caseId, n] of answered) expect(n, caseId).toBeLessThanOrEqual(started.get(caseId) ?? 0);

    // The hinted command, as printed, finishes the run.
    const resumed = lanebarChild(hinted!.split(' '), ws.dir);
    expect((await resumed.exited).code, resumed.stderr()).toBe(0);
    const j = parseJournal(journal);
    expect(j.cases).toHaveLength(60);
    expect(new Set(j.cases.map((c) => c.case_id)).size).toBe(60);
    expect(openStarts(j)).toEqual([]);
    const books = reconcile(j, sim!.ledger(), () => 'sim-t');
    expect(books.ledgerOnly).toEqual([]);
    for (const a of books.journalOnly) expect(a.interrupted).toBe(true);
  });

  it('a disk that fills while the reports are written leaves no half-written report looking complete', async () => {
    const { ws, reports, common } = await setUp(8);
    const dir = join(reports, 'rep');
    const child = lanebarChild(['run', ws.suite, '--run-id', 'rep', ...common], ws.dir, withFault({ code: 'ENOSPC', under: reports, match: 'summary\\.md', budget: 200 }));
    const exit = await child.exited;
    expect(exit.code).toBe(2);
    expect(child.stderr()).toMatch(/summary\.md[^:]*: cannot write report: the disk is full \(ENOSPC\)/);
    expect(child.stderr()).not.toMatch(/internal error|\n\s+at /);
    // 200 bytes of it reached the disk, in a temporary file that was then removed: no summary.md at all.
    expect(existsSync(join(dir, 'summary.md'))).toBe(false);
    expect(leftovers(dir)).toEqual([]);
    // What was written before is whole, and the journal, the source of truth, is complete.
    expect(JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8')).status).toBe('complete');
    expect(parseJournal(join(dir, 'run.jsonl')).records.at(-1)).toMatchObject({ type: 'run_end', status: 'complete' });

    // The eval bar's files the same way, on `lanebar bar`.
    const bar = lanebarChild(['bar', 'rep', '--reports', reports], ws.dir, withFault({ code: 'ENOSPC', under: reports, match: 'bar\\.md', budget: 100 }));
    expect((await bar.exited).code).toBe(2);
    expect(bar.stderr()).toMatch(/bar\.md[^:]*: cannot write report: the disk is full \(ENOSPC\)/);
    expect(existsSync(join(dir, 'bar.md'))).toBe(false);
    expect(leftovers(dir)).toEqual([]);
  });
});
