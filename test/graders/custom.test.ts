import { describe, expect, it } from 'vitest';
import { normaliseCustomResult } from '../../src/graders/custom.js';
import { compileError, gradeWith } from './compile.js';

const custom = (exportName?: string, options: Record<string, unknown> = {}) => ({
  type: 'custom',
  module: 'keyword.mjs',
  ...(exportName ? { export: exportName } : {}),
  options,
});

describe('normaliseCustomResult', () => {
  it('turns booleans into pass/fail with score 1/0', () => {
    expect(normaliseCustomResult('g', true)).toEqual({ grader: 'g', pass: true, score: 1, reason: 'custom grader returned true' });
    expect(normaliseCustomResult('g', false)).toEqual({ grader: 'g', pass: false, score: 0, reason: 'custom grader returned false' });
  });

  it('treats a number as a score that passes only at 1', () => {
    expect(normaliseCustomResult('g', 1)).toMatchObject({ pass: true, score: 1 });
    expect(normaliseCustomResult('g', 0.9)).toEqual({ grader: 'g', pass: false, score: 0.9, reason: 'custom grader scored 0.9' });
  });

  it('refuses numbers outside [0, 1]', () => {
    expect(normaliseCustomResult('g', 1.5)).toMatchObject({ pass: false, score: 0, reason: expect.stringMatching(/^custom grader returned 1.5; return a boolean/) });
    expect(normaliseCustomResult('g', Number.NaN)).toMatchObject({ pass: false, score: 0 });
  });

  it('fills in whichever of pass and score is missing', () => {
    expect(normaliseCustomResult('g', { pass: true })).toEqual({ grader: 'g', pass: true, score: 1, reason: 'custom grader passed' });
    expect(normaliseCustomResult('g', { score: 1, reason: 'all good' })).toEqual({ grader: 'g', pass: true, score: 1, reason: 'all good' });
    expect(normaliseCustomResult('g', { pass: true, score: 0.6, reason: 'good enough' })).toEqual({ grader: 'g', pass: true, score: 0.6, reason: 'good enough' });
  });

  it('refuses objects that say nothing or say it wrongly', () => {
    expect(normaliseCustomResult('g', {}).reason).toMatch(/neither pass nor score/);
    expect(normaliseCustomResult('g', { pass: 'yes' })).toMatchObject({ pass: false, reason: expect.stringContaining('{"pass":"yes"}') });
    expect(normaliseCustomResult('g', { score: 2 })).toMatchObject({ pass: false });
    expect(normaliseCustomResult('g', null)).toMatchObject({ pass: false, reason: expect.stringContaining('returned null') });
  });
});

describe('custom grader', () => {
  it('calls a boolean grader with the output and the options from the suite', async () => {
    expect(await gradeWith(custom(undefined, { word: 'refund' }), 'your refund is on its way')).toEqual({
      grader: 'custom',
      pass: true,
      score: 1,
      reason: 'custom grader returned true',
    });
    expect((await gradeWith(custom(undefined, { word: 'refund' }), 'no luck')).pass).toBe(false);
  });

  it('takes a number as the score', async () => {
    expect(await gradeWith(custom('share'), '0.4')).toMatchObject({ pass: false, score: 0.4 });
    expect(await gradeWith(custom('share'), '1')).toMatchObject({ pass: true, score: 1 });
  });

  it('takes an object from an async grader that reads the row, keeping its reason on one line', async () => {
    expect(await gradeWith({ ...custom('matchesAnswer'), name: 'answer-check' }, '42', { answer: '42' })).toEqual({
      grader: 'answer-check',
      pass: true,
      score: 1,
      reason: 'matches the answer column',
    });
    expect(await gradeWith(custom('matchesAnswer'), '41', { answer: '42' })).toEqual({
      grader: 'custom',
      pass: false,
      score: 0.25,
      reason: 'wanted 42\\nnot 41',
    });
  });

  it('turns a throw into a failed grade with the message', async () => {
    expect(await gradeWith(custom('explode'), 'x')).toEqual({
      grader: 'custom',
      pass: false,
      score: 0,
      reason: 'custom grader threw: grader bug\\non two lines',
    });
  });

  it('fails a case whose grader returns something unusable', async () => {
    expect((await gradeWith(custom('nothing'), 'x')).reason).toMatch(/^custom grader returned undefined; return a boolean/);
    expect((await gradeWith(custom('words'), 'x')).reason).toMatch(/^custom grader returned "yes"; /);
  });

  it('imports a TypeScript grader', async () => {
    const r = await gradeWith({ type: 'custom', module: 'typed.ts', options: { min: 4 } }, 'ab');
    expect(r).toEqual({ grader: 'custom', pass: false, score: 0.5, reason: '2 of 4 characters' });
  });

  it("uses a CommonJS module's exports.default", async () => {
    expect((await gradeWith({ type: 'custom', module: 'commonjs.cjs' }, 'ok')).pass).toBe(true);
    expect((await gradeWith({ type: 'custom', module: 'commonjs.cjs' }, 'no')).pass).toBe(false);
  });

  it('rejects a missing file, naming the suite file and module field', async () => {
    const e = await compileError([{ type: 'equals', expected: 'x' }, { type: 'custom', module: 'nowhere.mjs' }]);
    expect(e.location).toMatchObject({ file: expect.stringMatching(/suite\.yaml$/), field: 'graders.1.module' });
    expect(e.message).toMatch(/^custom grader module not found: .*nowhere\.mjs$/);
  });

  it('rejects a module that does not load', async () => {
    const e = await compileError([{ type: 'custom', module: 'broken.mjs' }]);
    expect(e.location.field).toBe('graders.0.module');
    expect(e.message).toMatch(/^cannot load custom grader module .*broken\.mjs: /);
  });

  it('rejects a missing export, listing the exports there are', async () => {
    const e = await compileError([custom('nope')]);
    expect(e.location.field).toBe('graders.0.export');
    expect(e.message).toMatch(/export "nope" of .*keyword\.mjs is missing \(exports: .*matchesAnswer/);
  });

  it('rejects an export that is not a function', async () => {
    const e = await compileError([custom('notAFunction')]);
    expect(e.location.field).toBe('graders.0.export');
    expect(e.message).toContain('is a number, not a function');
  });

  it('uses the field path prefix it is given', async () => {
    const e = await compileError([custom('nope')], 'lanes.0.graders');
    expect(e.location.field).toBe('lanes.0.graders.0.export');
  });
});
