import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { typeProblems } from '../../../src/core/gate/check-types.js';
import { parseGate } from '../../../src/core/gate/parser.js';
import { firstMatchSql, quoteIdent, toSql } from '../../../src/core/gate/to-sql.js';
import { gateTypeOfSql, type GateType } from '../../../src/core/gate/values.js';

const sql = (text: string, types?: Record<string, GateType>) => toSql(parseGate(text), quoteIdent, types ? { types: (n) => types[n] } : {});

describe('toSql', () => {
  it('compiles the seed conditions with quoted columns and bound parameters', () => {
    expect(sql('confidence < 0.72')).toEqual({ sql: '("confidence" < CAST(? AS DOUBLE))', params: [0.72], paramTypes: ['DOUBLE'] });
    expect(sql("account_tier == 'enterprise' and sentiment == 'high_risk'")).toEqual({
      sql: '(("account_tier" = CAST(? AS VARCHAR)) AND ("sentiment" = CAST(? AS VARCHAR)))',
      params: ['enterprise', 'high_risk'],
      paramTypes: ['VARCHAR', 'VARCHAR'],
    });
  });

  it('maps every operator and connective', () => {
    expect(sql('not (a != 1 or b <= 2) and c >= 3 and d > 4').sql).toBe(
      '((NOT (("a" <> CAST(? AS DOUBLE)) OR ("b" <= CAST(? AS DOUBLE)))) AND ("c" >= CAST(? AS DOUBLE)) AND ("d" > CAST(? AS DOUBLE)))',
    );
    expect(sql("t in ['a', 'b'] or n not in [1]")).toEqual({
      sql: '(("t" IN (CAST(? AS VARCHAR), CAST(? AS VARCHAR))) OR ("n" NOT IN (CAST(? AS DOUBLE))))',
      params: ['a', 'b', 1],
      paramTypes: ['VARCHAR', 'VARCHAR', 'DOUBLE'],
    });
    expect(sql('x == null and null != y')).toEqual({ sql: '(("x" IS NULL) AND ("y" IS NOT NULL))', params: [], paramTypes: [] });
    expect(sql('vip and true or false').sql).toBe('(("vip" AND TRUE) OR FALSE)');
    expect(sql('null == null').sql).toBe('TRUE');
    expect(sql('flag == true')).toEqual({ sql: '("flag" = CAST(? AS BOOLEAN))', params: [true], paramTypes: ['BOOLEAN'] });
  });

  it('never splices condition text into SQL: values are parameters, names go through the caller', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 30 }), (text) => {
        const out = toSql(parseGate(`x == ${JSON.stringify(text)} or y in [${JSON.stringify(text)}]`), quoteIdent);
        expect(out.params).toEqual([text, text]);
        expect(out.sql).toBe('(("x" = CAST(? AS VARCHAR)) OR ("y" IN (CAST(? AS VARCHAR))))');
      }),
    );
    expect(toSql(parseGate('a.b == 1'), (n) => `t.${quoteIdent(n)}`).sql).toBe('(t."a.b" = CAST(? AS DOUBLE))');
  });

  it('quotes identifiers, doubling embedded quotes', () => {
    expect(quoteIdent('confidence')).toBe('"confidence"');
    expect(quoteIdent('usage.output_tokens')).toBe('"usage.output_tokens"');
    expect(quoteIdent('we"ird "col"')).toBe('"we""ird ""col"""');
  });

  it('has one parameter per placeholder, in order', () => {
    const out = sql("a < 1 or (b in ['x', 'y'] and not c == true) or d != -2.5e3");
    expect(out.sql.split('?').length - 1).toBe(out.params.length);
    expect(out.params).toEqual([1, 'x', 'y', true, -2500]);
    expect(out.paramTypes).toEqual(['DOUBLE', 'VARCHAR', 'VARCHAR', 'BOOLEAN', 'DOUBLE']);
  });

  it('compiles a comparison that cannot match the column type to an unknown, when types are given', () => {
    const types: Record<string, GateType> = { n: 'number', s: 'string', b: 'boolean', d: 'other' };
    expect(sql("n == 'x'", types).sql).toBe('CAST(NULL AS BOOLEAN)');
    expect(sql('s < 3', types).sql).toBe('CAST(NULL AS BOOLEAN)');
    expect(sql('n in [true]', types).sql).toBe('CAST(NULL AS BOOLEAN)');
    expect(sql('d == 1', types).sql).toBe('CAST(NULL AS BOOLEAN)');
    expect(sql('b < b', types).sql).toBe('CAST(NULL AS BOOLEAN)');
    expect(sql('n == s', types).sql).toBe('CAST(NULL AS BOOLEAN)');
    expect(sql('n', types).sql).toBe('CAST(NULL AS BOOLEAN)');
    expect(sql('n < 3 and s == s and b and d == null', types).sql).toBe('(("n" < CAST(? AS DOUBLE)) AND ("s" = "s") AND "b" AND ("d" IS NULL))');
    expect(sql('unknown_type < 3', types).sql).toBe('("unknown_type" < CAST(? AS DOUBLE))');
  });
});

describe('firstMatchSql', () => {
  it('builds one CASE, first match wins, parameters in order', () => {
    const rules = [
      { expr: parseGate('confidence < 0.72'), model: 'claude-3-5-sonnet' },
      { expr: parseGate("account_tier == 'enterprise' and sentiment == 'high_risk'"), model: 'gpt-4o' },
    ];
    expect(firstMatchSql(rules, 'gpt-4o-mini', quoteIdent)).toEqual({
      sql:
        'CASE WHEN ("confidence" < CAST(? AS DOUBLE)) THEN CAST(? AS VARCHAR) ' +
        'WHEN (("account_tier" = CAST(? AS VARCHAR)) AND ("sentiment" = CAST(? AS VARCHAR))) THEN CAST(? AS VARCHAR) ' +
        'ELSE CAST(? AS VARCHAR) END',
      params: [0.72, 'claude-3-5-sonnet', 'enterprise', 'high_risk', 'gpt-4o', 'gpt-4o-mini'],
      paramTypes: ['DOUBLE', 'VARCHAR', 'VARCHAR', 'VARCHAR', 'VARCHAR', 'VARCHAR'],
    });
  });

  it('is the default model alone when there are no rules', () => {
    expect(firstMatchSql([], 'gpt-4o-mini', quoteIdent)).toEqual({ sql: 'CAST(? AS VARCHAR)', params: ['gpt-4o-mini'], paramTypes: ['VARCHAR'] });
  });
});

describe('typeProblems', () => {
  const types = (t: Record<string, GateType>) => (n: string) => t[n];
  it('names each column whose type cannot fit its comparison', () => {
    const problems = typeProblems(parseGate("tier > 3 or confidence == 'high' or vip or flag < flag or n in ['a'] or d == 1 or ok == true"), types({ tier: 'string', confidence: 'number', vip: 'number', flag: 'boolean', n: 'number', d: 'other', ok: 'boolean' }));
    expect(problems.map((p) => [p.column, p.at, p.message])).toEqual([
      ['tier', 0, 'tier holds text but is compared with a number: the condition is always unknown and never fires'],
      ['confidence', 12, 'confidence holds a number but is compared with text: the condition is always unknown and never fires'],
      ['vip', 36, 'vip holds a number but is used as a true/false condition: the condition is always unknown and never fires'],
      ['flag', 43, 'flag holds a boolean but is ordered with <: the condition is always unknown and never fires'],
      ['n', 58, 'n holds a number but is looked up in a list of strings: the condition is always unknown and never fires'],
      ['d', 72, 'd holds neither a number, text nor a boolean but is compared with ==: the condition is always unknown and never fires'],
    ]);
  });

  it('finds nothing when the types fit or are not known', () => {
    expect(typeProblems(parseGate("confidence < 0.72 and tier == 'pro' and x == null and unknown > 1 and a == b"), types({ confidence: 'number', tier: 'string', x: 'other', a: 'string' }))).toEqual([]);
  });
});

describe('gateTypeOfSql', () => {
  it('maps DuckDB type names as DESCRIBE prints them', () => {
    for (const t of ['DOUBLE', 'FLOAT', 'INTEGER', 'BIGINT', 'HUGEINT', 'UBIGINT', 'TINYINT', 'DECIMAL(18,3)', 'decimal(9, 2)']) expect(gateTypeOfSql(t)).toBe('number');
    for (const t of ['VARCHAR', 'TEXT']) expect(gateTypeOfSql(t)).toBe('string');
    expect(gateTypeOfSql('BOOLEAN')).toBe('boolean');
    for (const t of ['DATE', 'TIMESTAMP', "ENUM('a', 'b')", 'INTEGER[]', 'STRUCT(a INTEGER)', 'JSON', 'BLOB']) expect(gateTypeOfSql(t)).toBe('other');
  });
});
