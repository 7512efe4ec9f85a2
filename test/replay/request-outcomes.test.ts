import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../src/replay/duckdb.js';
import { pairRequestOutcomes } from '../../src/replay/request-outcomes.js';
import { tempDir, testDb, writeParquet } from './helpers.js';

/** A requests.parquet as a replay writes it, from (lane, id, accepted, estimated) rows. */
const outcomes = (rows: [string, string, number, boolean][]) =>
  `SELECT * FROM (VALUES ${rows.map(([l, id, a, e]) => `('${l}', '${id}', false, CAST(${a} AS DOUBLE), ${e}, 0.001)`).join(', ')}) t(lane, request_id, escalated, accepted, accepted_estimated, cost_usd)`;

describe('pairRequestOutcomes', () => {
  let db: Db;
  let dir: string;
  beforeEach(async () => {
    db = await testDb();
    dir = await tempDir();
  });
  afterEach(() => db.close());

  it('pairs requests on lane and id, counting each cell of the table and setting estimated ones apart', async () => {
    const base = await writeParquet(
      db,
      join(dir, 'a.parquet'),
      outcomes([
        ['triage', 'r1', 1, false],
        ['triage', 'r2', 1, false],
        ['triage', 'r3', 0, false],
        ['triage', 'r4', 0, false],
        ['triage', 'r5', 1, false],
        ['triage', 'only-in-baseline', 1, false],
        ['reply', 'r1', 1, false],
        ['reply', 'r2', 0.9, true],
      ]),
    );
    const cur = await writeParquet(
      db,
      join(dir, 'b.parquet'),
      outcomes([
        ['triage', 'r1', 1, false],
        ['triage', 'r2', 0, false],
        ['triage', 'r3', 1, false],
        ['triage', 'r4', 0, false],
        ['triage', 'r5', 0.8, true],
        ['triage', 'only-now', 0, false],
        ['reply', 'r1', 0, false],
        ['reply', 'r2', 1, false],
      ]),
    );
    expect(await pairRequestOutcomes(db, base, cur)).toEqual([
      { lane: 'reply', pairs: 1, both: 0, onlyFirst: 1, onlySecond: 0, neither: 0, estimated: 1 },
      { lane: 'triage', pairs: 4, both: 1, onlyFirst: 1, onlySecond: 1, neither: 1, estimated: 1 },
    ]);
  });

  it('finds nothing to pair between replays of different requests', async () => {
    const a = await writeParquet(db, join(dir, 'a.parquet'), outcomes([['triage', 'r1', 1, false]]));
    const b = await writeParquet(db, join(dir, 'b.parquet'), outcomes([['triage', 'r2', 1, false], ['reply', 'r1', 1, false]]));
    expect(await pairRequestOutcomes(db, a, b)).toEqual([]);
  });
});
