import { appendFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hashFile } from '../../src/load/hash-file.js';
import { loadCaseInputs } from '../../src/report/case-inputs.js';
import type { SuiteManifest } from '../../src/schema/journal.js';
import { makeWorkspace } from '../helpers/workspace.js';
import { twoLaneStart } from './fixtures.js';

/** The manifest a run of the workspace's suite would have recorded. */
async function manifestOf(ws: { dir: string; suite: string }): Promise<SuiteManifest> {
  const data = join(ws.dir, 'cases.csv');
  const m = twoLaneStart(20).suites[0]!;
  return { ...m, file: ws.suite, dataset: { path: data, hash: await hashFile(data), rows: 20 } };
}

describe('inputs of failed cases, read back from the dataset', () => {
  it('finds the input and expected columns of the cases asked for', async () => {
    const ws = await makeWorkspace({ cases: 20 });
    const r = await loadCaseInputs(await manifestOf(ws), ['t3', 't17', 'missing']);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.cases.get('t3')).toEqual({ input: [['subject', 'Ticket number 3, about other']], expected: [['label', 'other']] });
    expect(r.cases.get('t17')?.expected).toEqual([['label', 'bug']]);
    expect(r.cases.has('missing')).toBe(false);
  });

  it('refuses a dataset whose bytes changed since the run: a failure is never shown with an input it was not given', async () => {
    const ws = await makeWorkspace({ cases: 5 });
    const manifest = await manifestOf(ws);
    await appendFile(join(ws.dir, 'cases.csv'), 't99,"new",bug\n');
    expect(await loadCaseInputs(manifest, ['t1'])).toEqual({ ok: false, reason: `dataset ${manifest.dataset.path} changed since the run; inputs not shown` });
  });

  it('says so when the suite file is gone', async () => {
    const ws = await makeWorkspace({ cases: 5 });
    const manifest = await manifestOf(ws);
    await rm(ws.suite);
    const r = await loadCaseInputs(manifest, ['t1']);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.reason).toContain(`suite ${ws.suite} could not be read`);
  });
});
