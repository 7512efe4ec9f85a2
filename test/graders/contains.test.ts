import { describe, expect, it } from 'vitest';
import { gradeWith } from './compile.js';

describe('contains', () => {
  const spec = { type: 'contains', value: '{{ticket}}' };

  it('passes when the rendered value appears, case-insensitively by default', async () => {
    const r = await gradeWith(spec, 'Refer to TICKET-42 please', { ticket: 'ticket-42' });
    expect(r).toMatchObject({ pass: true, score: 1, reason: 'contains "ticket-42"' });
  });

  it('fails naming the value and the output', async () => {
    const r = await gradeWith(spec, 'no reference here', { ticket: 'TICKET-42' });
    expect(r).toMatchObject({ pass: false, score: 0, reason: '"TICKET-42" not found in "no reference here"' });
  });

  it('respects case_sensitive', async () => {
    const r = await gradeWith({ ...spec, case_sensitive: true }, 'ticket-42', { ticket: 'TICKET-42' });
    expect(r.pass).toBe(false);
  });

  it('negate: passes when absent, fails when present', async () => {
    const negated = { type: 'contains', value: 'as an AI', negate: true };
    expect(await gradeWith(negated, 'Here is your refund.')).toMatchObject({ pass: true, reason: 'does not contain "as an AI"' });
    const r = await gradeWith(negated, 'As an AI, I cannot');
    expect(r.pass).toBe(false);
    expect(r.reason).toBe('must not contain "as an AI", but does: "As an AI, I cannot"');
  });
});
