import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attemptCost, type TokenPrices } from '../../src/core/cost.js';
import type { Db } from '../../src/replay/duckdb.js';
import { COST_SQL } from '../../src/replay/requests-sql.js';
import { createPriceTable } from '../../src/replay/tables.js';
import { testDb } from './helpers.js';

/* The replay prices each call in SQL; it must bill what core/cost.ts bills, long-context tier included. */

const TIERED: TokenPrices = {
  provider: 'p',
  model: 'long',
  input_mtok: { base: 1.25, tiers: [{ start: 200_000, price: 2.5 }] },
  cache_read_mtok: { base: 0.125, tiers: [{ start: 200_000, price: 0.25 }] },
  cache_write_5m_mtok: 1.5,
  cache_write_1h_mtok: 2,
  output_mtok: { base: 10, tiers: [{ start: 200_000, price: 15 }] },
  batch_discount: null,
};
const FLAT: TokenPrices = { ...TIERED, model: 'flat', input_mtok: 0.4, cache_read_mtok: 0.1, cache_write_5m_mtok: 0.4, output_mtok: 1.6 };

let db: Db;
beforeAll(async () => {
  db = await testDb();
  await createPriceTable(db, [
    { provider: 'p', model: 'long', day: '2026-10-01', price: TIERED },
    { provider: 'p', model: 'flat', day: '2026-10-01', price: FLAT },
  ]);
});
afterAll(async () => {
  await db.close();
});

describe('per-call cost in SQL', () => {
  it('equals attemptCost for any token counts, on both sides of a long-context tier', async () => {
    const usage = fc.record({
      uncached_input: fc.integer({ min: 0, max: 300_000 }),
      cache_read: fc.integer({ min: 0, max: 100_000 }),
      cache_write: fc.integer({ min: 0, max: 50_000 }),
      output: fc.integer({ min: 0, max: 20_000 }),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(usage, { minLength: 1, maxLength: 20 }), fc.constantFrom('long', 'flat'), async (calls, model) => {
        const values = calls.map((u, i) => `(${i}, ${u.uncached_input}, ${u.cache_read}, ${u.cache_write}, ${u.output})`).join(', ');
        const rows = await db.all(
          `SELECT ${COST_SQL} AS cost FROM (VALUES ${values}) c(i, uncached_input, cache_read, cache_write, output)
           JOIN lanebar_prices pr ON pr.model = $1 AND pr.day = DATE '2026-10-01' ORDER BY c.i`,
          [model],
        );
        const price = model === 'long' ? TIERED : FLAT;
        calls.forEach((u, i) => {
          const expected = attemptCost({ uncached_input: u.uncached_input, cache_read: u.cache_read, cache_write_5m: u.cache_write, cache_write_1h: 0, output: u.output, reasoning: 0 }, price).total_usd;
          expect(Number(rows[i]!.cost)).toBeCloseTo(expected, 12);
        });
      }),
      { numRuns: 25 },
    );
  });

  it('refuses a price with two long-context tiers rather than bill the wrong one', async () => {
    const two = { ...TIERED, input_mtok: { base: 1, tiers: [{ start: 100, price: 2 }, { start: 200, price: 3 }] } };
    await expect(createPriceTable(db, [{ provider: 'p', model: 'x', day: '2026-10-01', price: two }])).rejects.toThrow(/2 long-context tiers; lanebar replay prices one/);
  });
});
