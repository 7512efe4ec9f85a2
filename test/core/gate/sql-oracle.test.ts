import { BOOLEAN, DOUBLE, VARCHAR, DuckDBInstance, type DuckDBConnection, type DuckDBType, type DuckDBValue } from '@duckdb/node-api';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { printGate } from '../../../src/core/gate/ast.js';
import { evaluate, evaluate3, firstMatch } from '../../../src/core/gate/interpret.js';
import { parseGate } from '../../../src/core/gate/parser.js';
import { firstMatchSql, quoteIdent, toSql, type SqlParamType } from '../../../src/core/gate/to-sql.js';
import { gateTypeOfSql, type GateType } from '../../../src/core/gate/values.js';
import { COLUMNS, gate, NATURAL, records, schema, type Column, type ColumnType } from './generators.js';

/**
 * The interpreter is the oracle for the SQL: on generated gates and generated records (missing
 * values, columns of another type than the gate compares them with, NaN, infinities, -0, quotes,
 * non-BMP text), DuckDB must select exactly the rows the interpreter escalates, give the same
 * true / false / NULL for every row, and route every row to the same model.
 */

// Gate names to SQL columns: one needs quoting, one has a quote in its name.
const SQL_NAME: Record<Column, string> = { n1: 'n1', n2: 'n2', s1: 's1', s2: 'we"ird col', b1: 'b1', 'usage.tokens': 'usage.tokens', d1: 'd1' };
const SQL_TYPE: Record<ColumnType, string> = { number: 'DOUBLE', string: 'VARCHAR', boolean: 'BOOLEAN', other: 'DATE' };
const PARAM_TYPE: Record<SqlParamType, DuckDBType> = { DOUBLE, VARCHAR, BOOLEAN };

const column = (name: string) => quoteIdent(SQL_NAME[name as Column] ?? name);

let instance: DuckDBInstance;
let db: DuckDBConnection;

beforeAll(async () => {
  instance = await DuckDBInstance.create(':memory:');
  db = await instance.connect();
});

afterAll(() => {
  db.closeSync();
  instance.closeSync();
});

async function query(sql: string, params: unknown[] = [], types?: SqlParamType[]): Promise<unknown[][]> {
  const statement = await db.prepare(sql);
  if (params.length > 0) statement.bind(params as DuckDBValue[], types?.map((t) => PARAM_TYPE[t]));
  return (await statement.runAndReadAll()).getRowsJS();
}

/** A table t(id, one column per gate column) holding the records, each value as its column's SQL type. */
async function load(types: Record<Column, ColumnType>, rows: Record<string, unknown>[]): Promise<(name: string) => GateType | undefined> {
  await query(`CREATE OR REPLACE TABLE t (id INTEGER, ${COLUMNS.map((c) => `${quoteIdent(SQL_NAME[c])} ${SQL_TYPE[types[c]]}`).join(', ')})`);
  if (rows.length > 0) {
    const tuple = `(CAST(? AS INTEGER), ${COLUMNS.map((c) => `CAST(? AS ${SQL_TYPE[types[c]]})`).join(', ')})`;
    const params: unknown[] = [];
    const paramTypes: SqlParamType[] = [];
    rows.forEach((row, id) => {
      params.push(id);
      paramTypes.push('DOUBLE');
      for (const c of COLUMNS) {
        const v = c === 'usage.tokens' && !Object.hasOwn(row, c) ? (row.usage as { tokens?: unknown } | undefined)?.tokens : row[c];
        params.push(v instanceof Date ? v.toISOString().slice(0, 10) : (v ?? null));
        paramTypes.push(types[c] === 'number' ? 'DOUBLE' : types[c] === 'boolean' ? 'BOOLEAN' : 'VARCHAR');
      }
    });
    await query(`INSERT INTO t VALUES ${rows.map(() => tuple).join(', ')}`, params, paramTypes);
  }
  // What the replay does: read each column's type from the database.
  const described = new Map((await query('DESCRIBE t')).map(([name, type]) => [String(name), gateTypeOfSql(String(type))]));
  return (name) => described.get(SQL_NAME[name as Column] ?? name);
}

describe('SQL against the interpreter, on DuckDB', () => {
  it('selects the same rows, with the same three-valued result for each, and routes them the same way', async () => {
    let cases = 0;
    let rowsSeen = 0;
    let escalated = 0;
    let unknown = 0;
    await fc.assert(
      fc.asyncProperty(
        schema.chain((types) => fc.tuple(fc.constant(types), records(types), gate, fc.array(gate, { maxLength: 3 }))),
        async ([types, rows, generated, ruleExprs]) => {
          cases++;
          // Through the text: the parser must read back what the printer wrote.
          const expr = parseGate(printGate(generated));
          const columnTypes = await load(types, rows);
          const predicate = toSql(expr, column, { types: columnTypes });

          const selected = (await query(`SELECT id FROM t WHERE ${predicate.sql} ORDER BY id`, predicate.params, predicate.paramTypes)).map(([id]) => id);
          const expected = rows.flatMap((row, id) => (evaluate(expr, row) ? [id] : []));
          expect(selected).toEqual(expected);

          const threeValued = (await query(`SELECT ${predicate.sql} FROM t ORDER BY id`, predicate.params, predicate.paramTypes)).map(([v]) => v);
          expect(threeValued).toEqual(rows.map((row) => evaluate3(expr, row)));

          const rules = ruleExprs.map((e, i) => ({ expr: parseGate(printGate(e)), model: `model-${i}` }));
          const routing = firstMatchSql(rules, 'default-model', column, { types: columnTypes });
          const routed = (await query(`SELECT ${routing.sql} FROM t ORDER BY id`, routing.params, routing.paramTypes)).map(([m]) => m);
          expect(routed).toEqual(rows.map((row) => firstMatch(rules, 'default-model', row)));

          rowsSeen += rows.length;
          escalated += expected.length;
          unknown += threeValued.filter((v) => v === null).length;
        },
      ),
      { numRuns: 400 },
    );
    // The generators must reach every outcome, or agreement would prove little.
    expect(cases).toBeGreaterThanOrEqual(400);
    expect(escalated).toBeGreaterThan(rowsSeen / 20);
    expect(unknown).toBeGreaterThan(rowsSeen / 20);
    expect(rowsSeen - escalated - unknown).toBeGreaterThan(rowsSeen / 20);
  });

  it('agrees without declared types when the columns hold the types the gate compares them with (the seed router)', async () => {
    const seed = [
      { expr: parseGate('confidence < 0.72'), model: 'claude-3-5-sonnet' },
      { expr: parseGate("account_tier == 'enterprise' and sentiment == 'high_risk'"), model: 'gpt-4o' },
    ];
    const record = fc.record(
      {
        confidence: fc.option(fc.oneof(fc.double({ min: 0, max: 1 }), fc.constantFrom(0.72, 0.7199999999999999, 0, 1, Number.NaN))),
        account_tier: fc.option(fc.constantFrom('enterprise', 'Enterprise', 'pro', 'free', '')),
        sentiment: fc.option(fc.constantFrom('high_risk', 'neutral', 'high_risk ')),
      },
      { requiredKeys: [] },
    );
    await fc.assert(
      fc.asyncProperty(fc.array(record, { maxLength: 30 }), async (rows) => {
        await query('CREATE OR REPLACE TABLE s (id INTEGER, confidence DOUBLE, account_tier VARCHAR, sentiment VARCHAR)');
        for (const [id, row] of rows.entries()) {
          await query('INSERT INTO s VALUES (CAST(? AS INTEGER), CAST(? AS DOUBLE), CAST(? AS VARCHAR), CAST(? AS VARCHAR))', [id, row.confidence ?? null, row.account_tier ?? null, row.sentiment ?? null]);
        }
        const routing = firstMatchSql(seed, 'gpt-4o-mini', quoteIdent);
        const routed = (await query(`SELECT ${routing.sql} FROM s ORDER BY id`, routing.params)).map(([m]) => m);
        expect(routed).toEqual(rows.map((row) => firstMatch(seed, 'gpt-4o-mini', row)));
      }),
      { numRuns: 60 },
    );
  });

  it('binds literals DuckDB would not guess a type for, given paramTypes', async () => {
    await load({ ...NATURAL }, [{ n1: 1e20 }, { n1: 5 }, { n1: 2 ** 63 }]);
    const predicate = toSql(parseGate('n1 >= 1e20 or n1 == 9223372036854775808'), column);
    const rows = await query(`SELECT id FROM t WHERE ${predicate.sql} ORDER BY id`, predicate.params, predicate.paramTypes);
    expect(rows.map(([id]) => id)).toEqual([0, 2]);
  });
});
