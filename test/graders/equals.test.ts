import { describe, expect, it } from 'vitest';
import { gradeWith } from './compile.js';

describe('equals', () => {
  const spec = { type: 'equals', expected: '{{answer}}' };

  it('passes on the rendered expected value, ignoring case and surrounding whitespace by default', async () => {
    const r = await gradeWith(spec, '  Billing\n', { answer: 'billing' });
    expect(r).toEqual({ grader: 'equals', pass: true, score: 1, reason: 'equals "billing"' });
  });

  it('fails with what was expected and what came back', async () => {
    const r = await gradeWith(spec, 'bug', { answer: 'billing' });
    expect(r).toEqual({ grader: 'equals', pass: false, score: 0, reason: 'expected "billing", got "bug"' });
  });

  it('respects case_sensitive', async () => {
    const r = await gradeWith({ ...spec, case_sensitive: true }, 'Billing', { answer: 'billing' });
    expect(r.pass).toBe(false);
    expect(r.reason).toBe('expected "billing", got "Billing"');
  });

  it('respects trim: false', async () => {
    expect((await gradeWith({ ...spec, trim: false }, 'billing ', { answer: 'billing' })).pass).toBe(false);
    expect((await gradeWith({ ...spec, trim: false }, 'billing', { answer: 'billing' })).pass).toBe(true);
  });

  it('uses the spec name when given', async () => {
    const r = await gradeWith({ ...spec, name: 'exact-answer' }, 'billing', { answer: 'billing' });
    expect(r.grader).toBe('exact-answer');
  });

  it('escapes and truncates a long multi-line output in the reason', async () => {
    const r = await gradeWith(spec, `line one\nline two ${'z'.repeat(300)}`, { answer: 'billing' });
    expect(r.reason).not.toContain('\n');
    expect(r.reason).toContain('line one\\nline two');
    expect(r.reason.length).toBeLessThan(160);
  });

  it('fails the case, with the slot named, when the row lacks the column', async () => {
    const r = await gradeWith(spec, 'billing', { other: 'x' });
    expect(r.pass).toBe(false);
    expect(r.reason).toContain('{{answer}}');
  });
});
