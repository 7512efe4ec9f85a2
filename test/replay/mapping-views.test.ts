import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../src/replay/duckdb.js';
import { mappingViews } from '../../src/replay/mapping-sql.js';
import { mappingFrom, tempDir, testDb, writeText } from './helpers.js';

const MAPPING = `
name: t
token_basis: inclusive
latency_unit: s
fields:
  request_id: rid
  ts: at
  lane: lane
  model: model
  input_tokens: prompt
  cache_read_tokens: cached
  output_tokens: completion
  completion: secs
  accepted: ok
signals:
  confidence: conf
attributes:
  account_tier: tier
`;

let db: Db;
beforeEach(async () => {
  db = await testDb();
});
afterEach(async () => {
  await db.close();
});

async function load(text: string, name: string, mapping = MAPPING) {
  const dir = await tempDir();
  const path = await writeText(dir, name, text);
  const views = mappingViews(mappingFrom(mapping), path, name.endsWith('.csv') ? 'csv' : 'jsonl');
  for (const s of views.statements) await db.exec(s);
  return views;
}

describe('mapping views', () => {
  it('reads a CSV into lanebar fields, splitting inclusive input tokens and scaling seconds', async () => {
    await load('rid,at,lane,model,prompt,cached,completion,secs,ok,conf,tier\nr1,2026-10-01T10:00:00Z,triage,gpt-4.1-nano,1500,1280,3,0.25,true,0.8,pro\n', 'a.csv');
    const rows = await db.all('SELECT * FROM lanebar_calls');
    expect(rows).toHaveLength(1);
    // inclusive basis: 1500 input tokens of which 1280 were cache reads leaves 220 uncached
    expect(rows[0]).toMatchObject({ request_id: 'r1', lane: 'triage', uncached_input: 220, cache_read: 1280, output: 3, completion_ms: 250, accepted: true, s_confidence: 0.8, a_account_tier: 'pro', provider: 'openai' });
  });

  it('names the line and the field of every bad row', async () => {
    const csv = [
      'rid,at,lane,model,prompt,cached,completion,secs,ok,conf,tier',
      'r1,2026-10-01T10:00:00Z,triage,m,100,0,3,0.2,true,0.8,pro',
      ',2026-10-01T10:00:00Z,triage,m,100,0,3,0.2,true,0.8,pro',
      'r3,2026-10-01T10:00:00Z,triage,m,abc,0,3,0.2,true,0.8,pro',
      'r4,2026-10-01T10:00:00Z,triage,m,100,0,-3,0.2,true,0.8,pro',
      'r5,2026-10-01T10:00:00Z,triage,m,100,200,3,0.2,true,0.8,pro',
      'r6,yesterday,triage,m,100,0,3,0.2,true,0.8,pro',
      'r7,2026-10-01T10:00:00Z,triage,m,100.5,0,3,0.2,maybe,0.8,pro',
    ].join('\n');
    await load(csv, 'b.csv');
    const bad = await db.all('SELECT __row, __problem FROM lanebar_checked WHERE __problem IS NOT NULL ORDER BY __row');
    expect(bad).toEqual([
      { __row: 2, __problem: 'missing request_id' },
      { __row: 3, __problem: 'input_tokens: cannot read "abc" as a number' },
      { __row: 4, __problem: 'output_tokens is negative (-3.0)' },
      {
        __row: 5,
        __problem: 'cache_read_tokens + cache_write_tokens (200.0) exceed input_tokens (100.0), which token_basis: inclusive says contains them',
      },
      { __row: 6, __problem: 'ts: cannot read "yesterday" as a timestamp' },
      { __row: 7, __problem: 'accepted: cannot read "maybe" as true or false' },
    ]);
    expect(await db.all('SELECT request_id FROM lanebar_calls')).toEqual([{ request_id: 'r1' }]);
  });

  it('reads JSONL line by line: a line that is not JSON is a bad row on its own line', async () => {
    const lines = [
      JSON.stringify({ rid: 'r1', at: '2026-10-01T10:00:00Z', lane: 'x', model: 'm', prompt: 10, completion: 2 }),
      '',
      '{not json',
      JSON.stringify({ rid: 'r2', at: '2026-10-01T10:00:00Z', lane: 'x', model: 'm', prompt: 10 }),
    ];
    await load(lines.join('\n') + '\n', 'c.jsonl');
    const bad = await db.all('SELECT __row, __problem FROM lanebar_checked WHERE __problem IS NOT NULL ORDER BY __row');
    expect(bad).toEqual([
      { __row: 3, __problem: 'the line is not valid JSON' },
      { __row: 4, __problem: 'missing output_tokens' },
    ]);
  });
});
