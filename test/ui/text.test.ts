import { describe, expect, it } from 'vitest';
import { money7, tableLayout } from '../../src/ui/layout.js';
import { firstBinOver, latencySpan } from '../../src/ui/latency-range.js';
import { LatencyLog } from '../../src/ui/latency-log.js';
import { displayWidth, duration, fit, inert, progressBar, shortMs, sparkline } from '../../src/ui/text.js';

describe('inert text', () => {
  it('removes escape sequences, control characters and bidi overrides from model output', () => {
    const evil = 'ok\u001b[2J\u001b[H\u001b[31mred\u001b[0m\u001b]0;title\u0007\r\nnext\u202eevil\u009b31m';
    const shown = inert(evil);
    expect(shown).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u202e]/);
    expect(shown).toContain('red');
    expect(shown).toContain('next');
  });

  it('keeps pipes and indentation as they are (a terminal is not a Markdown table)', () => {
    expect(inert('a | b')).toBe('a | b');
    expect(inert('    return x;\t// why')).toBe('    return x;  // why');
  });
});

describe('fit', () => {
  it('pads or cuts to exactly the width, counting wide characters as two columns', () => {
    expect(fit('abc', 5)).toBe('abc  ');
    expect(fit('abc', 5, 'r')).toBe('  abc');
    expect(fit('abcdefgh', 5)).toBe('abcd…');
    expect(displayWidth(fit('日本語のテキスト', 7))).toBe(7);
    expect(displayWidth(fit('🙂🙂🙂🙂', 5))).toBe(5);
    expect(fit('anything', 0)).toBe('');
  });
});

describe('small pictures', () => {
  it('sparkline: heights relative to the fullest bin, blank for empty bins', () => {
    expect(sparkline([0, 1, 2, 4, 8])).toBe(' ▁▂▄█');
  });

  it('progress bar: eighth-cell resolution, always its width', () => {
    expect(progressBar(0, 10, 4)).toBe('····');
    expect(progressBar(5, 10, 4)).toBe('██··');
    expect(progressBar(10, 10, 4)).toBe('████');
    expect(progressBar(1, 16, 4)).toBe('▎···');
  });

  it('latency span: the slowest value seen, at most twice the budget; red from the budget on', () => {
    expect(latencySpan([LatencyLog.of([100, 300]), LatencyLog.of([500])], 1000)).toBe(500);
    expect(latencySpan([LatencyLog.of([100, 9000])], 1000)).toBe(2000);
    expect(latencySpan([LatencyLog.empty()], 1000)).toBe(2000);
    expect(firstBinOver(2000, 1000, 8)).toBe(4);
    expect(firstBinOver(500, 1000, 8)).toBe(8);
  });

  it('short numbers', () => {
    expect([shortMs(457), shortMs(1523), shortMs(12_345), shortMs(null)]).toEqual(['457ms', '1.52s', '12.3s', '—']);
    expect([duration(9_000), duration(65_000), duration(7_380_000)]).toEqual(['9s', '1m05s', '2h03m']);
    expect([money7(0.04553), money7(0.0093), money7(0.000047), money7(123.45), money7(12_345), money7(0)]).toEqual([
      '$0.0455',
      '$0.0093',
      '$4.7e-5',
      '$123.5',
      '$12.3k',
      '$0',
    ]);
    for (const x of [0.00012345, 0.5, 9.999, 99.99, 999.99, 99_999]) expect(money7(x).length).toBeLessThanOrEqual(7);
  });
});

describe('table layout', () => {
  const needs = { count: '300/300'.length, retries: 2, errors: 1 };

  it('fits 80 columns with a sparkline for suites of up to 999 cases', () => {
    const l = tableLayout(80, needs);
    expect(l.total).toBeLessThanOrEqual(80);
    expect(l.spark).toBeGreaterThanOrEqual(4);
  });

  it('gives a wider terminal to the candidate name and the sparkline first', () => {
    const l = tableLayout(120, needs);
    expect(l.total).toBeLessThanOrEqual(120);
    expect(l.candidate).toBe(16);
    expect(l.spark).toBeGreaterThan(8);
    expect(l.pass).toBe(14);
  });

  it('drops the sparkline before cutting numbers below their least width', () => {
    const l = tableLayout(70, needs);
    expect(l.spark).toBe(0);
    expect(l.ft).toBe(6);
    expect(l.pass).toBe(12);
  });
});
