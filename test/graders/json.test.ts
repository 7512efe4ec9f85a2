import { describe, expect, it } from 'vitest';
import { parseJsonOutput, resolvePointer } from '../../src/graders/json-extract.js';
import { compileError, gradeWith } from './compile.js';

const schema = {
  type: 'object',
  required: ['category', 'priority'],
  properties: { category: { type: 'string' }, priority: { enum: ['low', 'urgent'] }, tags: { type: 'array' } },
};
const spec = { type: 'json', schema, fields: { '/category': '{{category}}', '/priority': '{{priority}}' } };
const row = { category: 'billing', priority: 'urgent' };

describe('parseJsonOutput', () => {
  it('accepts a bare object or array', () => {
    expect(parseJsonOutput('  {"a": 1}\n')).toEqual({ ok: true, value: { a: 1 } });
    expect(parseJsonOutput('[1, 2]')).toEqual({ ok: true, value: [1, 2] });
  });

  it('accepts one fenced json block with prose around it', () => {
    expect(parseJsonOutput('Here you go:\n```json\n{"a": 1}\n```\nAnything else?')).toEqual({ ok: true, value: { a: 1 } });
    expect(parseJsonOutput('```JSON\n[true]\n```')).toEqual({ ok: true, value: [true] });
    expect(parseJsonOutput('```\n{"b": 2}\n```')).toEqual({ ok: true, value: { b: 2 } });
  });

  it('ignores blocks in other languages', () => {
    const r = parseJsonOutput('```python\nprint(1)\n```');
    expect(r.ok).toBe(false);
  });

  it('refuses two fenced json blocks', () => {
    expect(parseJsonOutput('```json\n{}\n```\nor\n```json\n[]\n```')).toEqual({ ok: false, reason: '2 fenced JSON blocks in output; expected one' });
  });

  it('refuses prose with no JSON', () => {
    const r = parseJsonOutput('The category is billing.');
    expect(r).toEqual({ ok: false, reason: 'no JSON in output (expected a bare object or array, or one ```json block): "The category is billing."' });
  });

  it('says where parsing stopped', () => {
    const r = parseJsonOutput('{"a": 1,, "b": 2}');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toMatch(/^not valid JSON at position 8: .*, near "\{\\"a\\": 1,, \\"b\\": 2\}"$/);
  });

  it('reports a truncated object at its end', () => {
    const r = parseJsonOutput('{"a": [1, 2');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toMatch(/^not valid JSON at position 11: /);
  });
});

describe('resolvePointer', () => {
  const doc = { a: { 'b/c': [10, { 'd~e': 'x' }] }, '': 'empty key' };
  it.each([
    ['', doc],
    ['/a/b~1c/0', 10],
    ['/a/b~1c/1/d~0e', 'x'],
    ['/', 'empty key'],
  ])('%s', (pointer, value) => {
    expect(resolvePointer(doc, pointer)).toEqual({ found: true, value });
  });

  it.each(['/missing', '/a/b~1c/2', '/a/b~1c/01', '/a/b~1c/-', '/a/b~1c/0/x'])('%s is not found', (pointer) => {
    expect(resolvePointer(doc, pointer)).toEqual({ found: false });
  });

  it('does not walk into the prototype', () => {
    expect(resolvePointer({}, '/constructor')).toEqual({ found: false });
  });
});

describe('json grader', () => {
  it('passes when the JSON parses, fits the schema and every field matches (case-insensitive, trimmed)', async () => {
    const r = await gradeWith(spec, '{"category": " Billing ", "priority": "urgent"}', row);
    expect(r).toEqual({ grader: 'json', pass: true, score: 1, reason: 'valid JSON; schema ok; 2/2 fields match' });
  });

  it('scores the share of checks passed: parse, schema, each field', async () => {
    // parse ok, schema fails (priority not in enum), category ok, priority wrong: 2 of 4.
    const r = await gradeWith(spec, '```json\n{"category": "billing", "priority": "high"}\n```', row);
    expect(r.pass).toBe(false);
    expect(r.score).toBe(0.5);
    expect(r.reason).toBe('schema: /priority must be equal to one of the allowed values ("low", "urgent"); /priority: expected "urgent", got "high"');
  });

  it('fails a field with the pointer, expected and actual values', async () => {
    const r = await gradeWith(spec, '{"category": "bug", "priority": "urgent"}', row);
    expect(r).toMatchObject({ pass: false, score: 0.75, reason: '/category: expected "billing", got "bug"' });
  });

  it('names a missing field and the required property', async () => {
    const r = await gradeWith(spec, '{"category": "billing"}', row);
    expect(r.score).toBe(0.5);
    expect(r.reason).toBe("schema: / must have required property 'priority'; /priority: missing");
  });

  it('limits schema errors shown and counts the rest', async () => {
    const r = await gradeWith({ type: 'json', schema }, '{"category": 1, "priority": 2, "tags": 3}');
    expect(r.reason).toBe('schema: /category must be string; /priority must be equal to one of the allowed values ("low", "urgent") (+1 more)');
    expect(r.score).toBe(0.5);
  });

  it('scores 0 when the output is not JSON', async () => {
    const r = await gradeWith(spec, 'billing, urgent', row);
    expect(r.pass).toBe(false);
    expect(r.score).toBe(0);
    expect(r.reason).toMatch(/^no JSON in output/);
  });

  it('compares numbers, booleans, null and objects by their text', async () => {
    const s = { type: 'json', fields: { '/n': '{{n}}', '/ok': 'TRUE', '/none': 'null', '/items/1': '2.5', '/obj': '{"k":1}' } };
    const r = await gradeWith(s, '{"n": 42, "ok": true, "none": null, "items": [1, 2.5], "obj": {"k": 1}}', { n: '42' });
    expect(r).toMatchObject({ pass: true, score: 1, reason: 'valid JSON; 5/5 fields match' });
  });

  it('checks only parsing when there is neither schema nor fields', async () => {
    expect(await gradeWith({ type: 'json' }, '[]')).toMatchObject({ pass: true, score: 1, reason: 'valid JSON' });
  });

  it('uses the 2020-12 dialect when the schema names it', async () => {
    const s2020 = { $schema: 'https://json-schema.org/draft/2020-12/schema', type: 'array', prefixItems: [{ type: 'number' }], items: false };
    expect((await gradeWith({ type: 'json', schema: s2020 }, '[1]')).pass).toBe(true);
    const r = await gradeWith({ type: 'json', schema: s2020 }, '[1, 2]');
    expect(r.pass).toBe(false);
    expect(r.reason).toMatch(/^schema: \/ must NOT have more than 1 items/);
  });

  it('rejects an invalid schema at compile time, naming the field', async () => {
    const e = await compileError([{ type: 'equals', expected: 'x' }, { type: 'json', schema: { type: 'objekt' } }]);
    expect(e.location.field).toBe('graders.1.schema');
    expect(e.message).toMatch(/^invalid JSON Schema/);
  });

  it('rejects a misspelt keyword rather than accepting everything', async () => {
    const e = await compileError([{ type: 'json', schema: { type: 'object', requird: ['a'] } }]);
    expect(e.location.field).toBe('graders.0.schema');
    expect(e.message).toContain('requird');
  });

  it('does not fail on formats it cannot check', async () => {
    expect((await gradeWith({ type: 'json', schema: { type: 'array', items: { type: 'string', format: 'email' } } }, '["x"]')).pass).toBe(true);
  });

  it('rejects a field key that is not a JSON pointer', async () => {
    const e = await compileError([{ type: 'json', fields: { category: 'x' } }]);
    expect(e.location.field).toBe('graders.0.fields');
    expect(e.hint).toContain('"/category"');
  });
});
