import { describe, expect, it } from 'vitest';
import { compileGraders, gradeCase, type CompiledGrader } from '../../src/graders/registry.js';
import { GradeResult } from '../../src/schema/grade.js';
import { GraderSpec } from '../../src/schema/suite.js';
import { SUITE_FILE, compileError } from './compile.js';

const fixed = (name: string, pass: boolean, score: number): CompiledGrader => ({
  name,
  grade: async () => ({ grader: name, pass, score, reason: `${name} said so` }),
});

describe('compileGraders', () => {
  const specs = [
    { type: 'equals', expected: '{{answer}}' },
    { type: 'contains', value: 'a' },
    { type: 'regex', pattern: '\\d' },
    { type: 'label', labels: ['a', 'b'], expected: 'a' },
    { type: 'json' },
    { type: 'number', expected: '1', name: 'total' },
    { type: 'custom', module: 'keyword.mjs', options: { word: 'a' } },
  ].map((s) => GraderSpec.parse(s));

  it('compiles every grader type, in order, named by name or type', async () => {
    const graders = await compileGraders(specs, { suiteFile: SUITE_FILE });
    expect(graders.map((g) => g.name)).toEqual(['equals', 'contains', 'regex', 'label', 'json', 'total', 'custom']);
  });

  it('returns results that satisfy the GradeResult schema', async () => {
    const graders = await compileGraders(specs, { suiteFile: SUITE_FILE });
    const { grades } = await gradeCase(graders, { output: 'a 1', row: { answer: 'a 1' } });
    for (const g of grades) expect(GradeResult.safeParse(g).success).toBe(true);
    expect(grades.map((g) => g.pass)).toEqual([true, true, true, false, false, true, true]);
  });

  it('names the suite file and the failing field', async () => {
    const e = await compileError([{ type: 'equals', expected: 'x' }, { type: 'equals', expected: 'y' }, { type: 'regex', pattern: '[' }]);
    expect(e.location).toEqual({ file: SUITE_FILE, field: 'graders.2.pattern' });
    expect(e.format()).toContain(`${SUITE_FILE} (graders.2.pattern): invalid regular expression`);
  });

  it('turns a grader error on one case (a row missing a column) into a failed grade', async () => {
    const [g] = await compileGraders([GraderSpec.parse({ type: 'number', expected: '{{total}}' })], { suiteFile: SUITE_FILE });
    const r = await g!.grade({ output: '3', row: {} });
    expect(r).toEqual({ grader: 'number', pass: false, score: 0, reason: 'grader error: template slot {{total}} has no value in this row' });
  });
});

describe('gradeCase', () => {
  it('passes only when every grader passes; score is the mean', async () => {
    const all = await gradeCase([fixed('a', true, 1), fixed('b', true, 0.5)], { output: '', row: {} });
    expect(all).toMatchObject({ pass: true, score: 0.75 });
    const one = await gradeCase([fixed('a', true, 1), fixed('b', false, 0), fixed('c', true, 0.5)], { output: '', row: {} });
    expect(one.pass).toBe(false);
    expect(one.score).toBe(0.5);
    expect(one.grades.map((g) => g.grader)).toEqual(['a', 'b', 'c']);
  });

  it('does not pass a case with no graders', async () => {
    expect(await gradeCase([], { output: 'x', row: {} })).toEqual({ pass: false, score: 0, grades: [] });
  });

  it('grades a real case end to end', async () => {
    const graders = await compileGraders(
      [
        GraderSpec.parse({ type: 'json', fields: { '/category': '{{category}}' } }),
        GraderSpec.parse({ type: 'contains', value: 'refund', negate: true }),
      ],
      { suiteFile: SUITE_FILE },
    );
    const r = await gradeCase(graders, { output: '{"category": "bug"}', row: { category: 'billing' } });
    expect(r.pass).toBe(false);
    expect(r.score).toBe(0.75);
    expect(r.grades[0]?.reason).toBe('/category: expected "billing", got "bug"');
  });
});
