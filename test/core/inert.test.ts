import { describe, expect, it } from 'vitest';
import { LanebarError } from '../../src/core/errors.js';
import { inert } from '../../src/core/inert.js';

/** Anything a terminal would act on or reorder a line by; what inert text must never hold. */
// eslint-disable-next-line no-control-regex
const ACTIVE = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029\ufeff]/;

describe('inert text for a terminal', () => {
  it('shows C0 and C1 controls, DEL and the bidirectional overrides as their escapes', () => {
    expect(inert('\u001b[2J\u001b]0;pwned\u0007 \u009b31m \u007f \u0000')).toBe('\\x1b[2J\\x1b]0;pwned\\x07 \\x9b31m \\x7f \\x00');
    expect(inert('admin\u202e\u2066txt.exe\u2069 \u2028 \ufeff')).toBe('admin\\u202e\\u2066txt.exe\\u2069 \\u2028 \\ufeff');
    expect(inert('tab\there\nnewline')).toBe('tab\\x09here\\x0anewline');
    expect(inert("plain 'text', é 😀 ≤ $0.01")).toBe("plain 'text', é 😀 ≤ $0.01");
  });

  it('keeps the layout characters it is told to keep, and only those', () => {
    expect(inert('a\tb\nc\rd\u001b', '\t\n')).toBe('a\tb\nc\\x0dd\\x1b');
    expect(inert('a\tb\nc', '\t')).toBe('a\tb\\x0ac');
  });

  it('is what LanebarError.format prints: the message and the hint', () => {
    const e = new LanebarError('duplicate id "\u001b[2J\u202e"', { file: 'cases.csv', line: 3 }, 'rename "\u009b31m"');
    expect(e.format()).toBe('cases.csv:3: duplicate id "\\x1b[2J\\u202e"\n  hint: rename "\\x9b31m"');
    for (const line of e.format().split('\n')) expect(line).not.toMatch(ACTIVE);
  });
});
