import { describe, expect, it } from 'vitest';
import { compileError, compileOne, gradeWith } from './compile.js';

describe('regex', () => {
  it('passes and shows what matched', async () => {
    const r = await gradeWith({ type: 'regex', pattern: 'REF-\\d{4}' }, 'see REF-1234 today');
    expect(r).toMatchObject({ pass: true, score: 1, reason: '/REF-\\d{4}/ matched "REF-1234"' });
  });

  it('fails naming the pattern and the output', async () => {
    const r = await gradeWith({ type: 'regex', pattern: '^\\d+$' }, 'forty two');
    expect(r).toMatchObject({ pass: false, score: 0, reason: 'no match for /^\\d+$/ in "forty two"' });
  });

  it('applies flags', async () => {
    expect((await gradeWith({ type: 'regex', pattern: '^yes$', flags: 'im' }, 'Well\nYES\n')).pass).toBe(true);
    expect((await gradeWith({ type: 'regex', pattern: '^yes$' }, 'Well\nYES\n')).pass).toBe(false);
  });

  it('gives the same answer on every call (no lastIndex state)', async () => {
    const spec = { type: 'regex', pattern: 'a', flags: 'i' };
    const g = await compileOne(spec);
    for (let i = 0; i < 3; i++) expect((await g.grade({ output: 'A', row: {} })).pass).toBe(true);
  });

  it('rejects an invalid pattern at compile time, naming the suite file and field', async () => {
    const e = await compileError([{ type: 'equals', expected: 'x' }, { type: 'regex', pattern: '(unclosed' }]);
    expect(e.name).toBe('LanebarError');
    expect(e.location.field).toBe('graders.1.pattern');
    expect(e.location.file).toMatch(/suite\.yaml$/);
    expect(e.message).toMatch(/invalid regular expression/);
  });
});
