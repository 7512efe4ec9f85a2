import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LanebarError } from '../../src/core/errors.js';
import { checkDataset, readDataset, type DatasetSource } from '../../src/load/dataset.js';

async function file(name: string, text: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'lanebar-ds-'));
  const p = join(dir, name);
  await writeFile(p, text);
  return p;
}

async function rows(src: DatasetSource) {
  const out = [];
  for await (const r of readDataset(src)) out.push(r);
  return out;
}

async function failure(p: Promise<unknown>): Promise<LanebarError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(LanebarError);
    return e as LanebarError;
  }
  throw new Error('expected an error');
}

describe('CSV datasets', () => {
  it('streams rows with quoted commas, quotes and line breaks, and their starting line', async () => {
    const p = await file('a.csv', 'id,body,label\n1,"Hello, world",bug\n\n2,"He said ""hi""\nthen left",billing\n3,plain,other\n');
    const got = await rows({ path: p, format: 'csv' });
    expect(got.map((r) => r.row)).toEqual([
      { id: '1', body: 'Hello, world', label: 'bug' },
      { id: '2', body: 'He said "hi"\nthen left', label: 'billing' },
      { id: '3', body: 'plain', label: 'other' },
    ]);
    expect(got.map((r) => r.line)).toEqual([2, 4, 6]);
  });

  it('names the line of a row with the wrong number of fields', async () => {
    const p = await file('b.csv', 'id,body\n1,ok\n2,too,many\n');
    const e = await failure(rows({ path: p, format: 'csv', display: 'datasets/b.csv' }));
    expect(e.location).toMatchObject({ file: 'datasets/b.csv', line: 3 });
    expect(e.message).toMatch(/unreadable CSV/);
  });

  it('names an unclosed quote', async () => {
    const p = await file('c.csv', 'id,body\n1,"never closed\n');
    const e = await failure(rows({ path: p, format: 'csv' }));
    expect(e.message).toMatch(/unreadable CSV/);
  });
});

describe('JSONL datasets', () => {
  it('reads objects, stringifying non-string values and skipping blank lines', async () => {
    const p = await file('a.jsonl', '{"id":"1","n":3,"tags":["a"]}\n\n{"id":"2","n":null}\n');
    const got = await rows({ path: p, format: 'jsonl' });
    expect(got).toEqual([
      { row: { id: '1', n: '3', tags: '["a"]' }, line: 1 },
      { row: { id: '2', n: '' }, line: 3 },
    ]);
  });

  it('names the line of invalid JSON and of a non-object', async () => {
    const bad = await file('b.jsonl', '{"id":"1"}\n{"id":\n');
    expect((await failure(rows({ path: bad, format: 'jsonl' }))).location.line).toBe(2);
    const arr = await file('c.jsonl', '[1,2]\n');
    expect((await failure(rows({ path: arr, format: 'jsonl' }))).message).toMatch(/JSON object/);
  });
});

describe('checkDataset', () => {
  it('counts rows', async () => {
    const p = await file('ok.csv', 'id,subject,label\n1,a,bug\n2,b,bug\n');
    expect(await checkDataset({ path: p, format: 'csv' }, { idColumn: 'id', required: ['subject', 'label'] })).toBe(2);
  });

  it('names a missing column with the row and line', async () => {
    const p = await file('m.jsonl', '{"id":"1","subject":"a"}\n{"id":"2"}\n');
    const e = await failure(checkDataset({ path: p, format: 'jsonl' }, { idColumn: 'id', required: ['subject'] }));
    expect(e.location).toMatchObject({ line: 2, field: 'subject' });
  });

  it('rejects duplicate and empty ids', async () => {
    const dup = await file('d.csv', 'id,x\n1,a\n1,b\n');
    expect((await failure(checkDataset({ path: dup, format: 'csv' }, { idColumn: 'id', required: [] }))).message).toContain('duplicate id "1"');
    const empty = await file('e.csv', 'id,x\n,a\n');
    expect((await failure(checkDataset({ path: empty, format: 'csv' }, { idColumn: 'id', required: [] }))).location.field).toBe('id');
  });

  it('rejects an empty dataset and a missing file', async () => {
    const p = await file('h.csv', 'id,x\n');
    expect((await failure(checkDataset({ path: p, format: 'csv' }, { idColumn: 'id', required: [] }))).message).toContain('no rows');
    expect((await failure(checkDataset({ path: '/nope.csv', format: 'csv' }, { idColumn: 'id', required: [] }))).message).toContain('not found');
  });
});
