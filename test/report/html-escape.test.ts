import { describe, expect, it } from 'vitest';
import { clip, esc, inert } from '../../src/report/html/escape.js';
import { logTicks, niceTicks, spreadLabels, usdShort } from '../../src/report/html/svg.js';
import { HOSTILE_OUTPUT } from '../helpers/workspace.js';

describe('untrusted text on the page', () => {
  it('escapes every character HTML gives meaning to', () => {
    expect(esc(`<a href="x" onclick='y'>&amp;</a>`)).toBe('&lt;a href=&quot;x&quot; onclick=&#39;y&#39;&gt;&amp;amp;&lt;/a&gt;');
  });

  it('renders hostile model output as inert text: markup escaped, pipes and newlines kept, ANSI escapes named', () => {
    const html = inert(HOSTILE_OUTPUT);
    expect(html).toBe(
      '&lt;script&gt;alert(1)&lt;/script&gt; | pipes | <span class="ctrl" title="control character">ESC</span>[31mred<span class="ctrl" title="control character">ESC</span>[0m\nsecond line',
    );
    expect(html).not.toMatch(/<script|\u001b/);
  });

  it('names the invisible characters that could reorder or hide text', () => {
    expect(inert('a\u202eb\u0000c\r\nd\re\u0085f\tg')).toBe(
      'a<span class="ctrl" title="control character">U+202E</span>b<span class="ctrl" title="control character">NUL</span>c\nd<span class="ctrl" title="control character">CR</span>e<span class="ctrl" title="control character">U+0085</span>f\tg',
    );
  });

  it('clips long text by characters, saying how much is left out', () => {
    expect(clip('😀'.repeat(5), 3)).toBe('😀😀😀… (2 more characters in run.jsonl)');
    expect(inert('x'.repeat(2500))).toMatch(/^x{2000}… \(500 more characters in run\.jsonl\)$/);
  });
});

describe('plot axes', () => {
  it('puts 1-2-5 ticks on a log cost axis, fewer when it spans many decades, more when it is narrow', () => {
    expect(logTicks(0.00003, 0.002)).toEqual([0.00005, 0.0001, 0.0002, 0.0005, 0.001, 0.002]);
    expect(logTicks(0.000001, 10)).toEqual([0.000001, 0.00001, 0.0001, 0.001, 0.01, 0.1, 1, 10]);
    expect(logTicks(0.0011, 0.0019)).toEqual([0.0015]);
  });

  it('puts round steps on a linear axis', () => {
    expect(niceTicks(0, 1850, 5)).toEqual([0, 500, 1000, 1500]);
    expect(niceTicks(0.55, 1, 6)).toEqual([0.6, 0.7, 0.8, 0.9, 1]);
  });

  it('writes tick prices without trailing zeros', () => {
    expect([0.0002, 0.01, 0.00005, 1, 2.5].map(usdShort)).toEqual(['$0.0002', '$0.01', '$0.00005', '$1', '$2.50']);
  });

  it('moves labels apart so none overlaps the one above it', () => {
    expect(spreadLabels([100, 105, 50], [15, 15, 15])).toEqual([100, 115, 50]);
    expect(spreadLabels([10, 12, 14], [28, 15, 15])).toEqual([10, 38, 53]);
  });
});
