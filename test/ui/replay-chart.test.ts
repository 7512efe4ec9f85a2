import { describe, expect, it } from 'vitest';
import { columnOf, plotCells, rowOf, type Cell, type PlotSpec } from '../../src/ui/replay/chart.js';
import { shareTicks } from '../../src/ui/replay/sweep-chart.js';
import { beside, columns, cutLine, lineText, lineWidth, padLine, type Line } from '../../src/ui/replay/spans.js';

const spec = (o: Partial<PlotSpec>): PlotSpec => ({ width: 20, height: 5, range: [0, 1], curves: [], markers: [], ...o });

/** Where the cells of one mark are, as [row, column]. */
const where = (grid: Cell[][], mark: Cell['mark']) => grid.flatMap((row, r) => row.flatMap((c, col) => (c.mark === mark ? [[r, col]] : [])));

const BRAILLE = /^[\u2800-\u28ff]$/;

describe('the chart grid', () => {
  it('puts 0% escalated in the first column and 100% in the last, whatever the width', () => {
    expect(columnOf(0, 1)).toBe(0);
    expect(columnOf(1, 1)).toBe(0);
    for (const width of [2, 7, 31, 80]) {
      expect(columnOf(0, width)).toBe(0);
      expect(columnOf(1, width)).toBe(width - 1);
      const grid = plotCells(spec({ width, markers: [{ x: 0, y: 0.5, mark: 'all-small', ch: '○' }, { x: 1, y: 0.5, mark: 'all-strong', ch: '●' }] }));
      expect(where(grid, 'all-small')).toEqual([[2, 0]]);
      expect(grid[2]![width - 1]).toEqual({ ch: '●', mark: 'all-strong' });
    }
  });

  it('draws the recommended threshold in the column of its escalation rate, and the row of its value', () => {
    // 20 cells are 40 dot columns: 23% escalated is dot 0.23 × 39 = 8.97 → 9, in cell 4; 0.92 on 0.8–1.0 over 5 rows (20 dot rows) is 0.4 × 19 = 7.6 → dot 8, row 2.
    const grid = plotCells(spec({ range: [0.8, 1], markers: [{ x: 0.23, y: 0.92, mark: 'recommended', ch: '◆' }] }));
    expect(where(grid, 'recommended')).toEqual([[2, 4]]);
    expect(columnOf(0.23, 20)).toBe(4);
    expect(columnOf(0.26, 20)).toBe(5);
    expect(rowOf(0.92, [0.8, 1], 5)).toBe(2);
    expect(rowOf(0.95, [0.8, 1], 5)).toBe(1);
  });

  it('puts the top of the range in the first row and the bottom in the last, and clamps what lies outside', () => {
    expect(rowOf(1, [0.5, 1], 6)).toBe(0);
    expect(rowOf(0.5, [0.5, 1], 6)).toBe(5);
    expect(rowOf(2, [0.5, 1], 6)).toBe(0);
    expect(rowOf(-1, [0.5, 1], 6)).toBe(5);
    // A flat range (every value equal) draws in the middle rather than dividing by zero.
    expect(rowOf(0.3, [0.3, 0.3], 5)).toBe(2);
  });

  it('joins a curve\'s points: a rising line from corner to corner leaves no column empty and climbs row by row', () => {
    const grid = plotCells(spec({ curves: [{ mark: 'gate', points: [{ x: 0, y: 0 }, { x: 1, y: 1 }] }] }));
    const cells = where(grid, 'gate');
    expect(new Set(cells.map(([, c]) => c)).size).toBe(20);
    expect(grid[4]![0]!.ch).toMatch(BRAILLE);
    expect(grid[0]![19]!.ch).toMatch(BRAILLE);
    // Bottom-left holds the lowest left dot (dot 7, bit 0x40); top-right the highest right dot (dot 4, bit 0x08).
    expect(grid[4]![0]!.ch.codePointAt(0)! & 0x40).toBe(0x40);
    expect(grid[0]![19]!.ch.codePointAt(0)! & 0x08).toBe(0x08);
    for (let r = 0; r < 5; r++) expect(grid[r]!.some((c) => c.mark === 'gate')).toBe(true);
  });

  it('a flat curve is one row of braille on the dot row of its value', () => {
    // 0.5 on 0–1 over 3 rows (12 dot rows): dot 0.5 × 11 = 5.5 → 6, row 1, third dot from the top (bits 0x04 | 0x20).
    const grid = plotCells(spec({ width: 10, height: 3, curves: [{ mark: 'gate', points: [{ x: 0, y: 0.5 }, { x: 1, y: 0.5 }] }] }));
    expect(grid[1]!.map((c) => c.ch).join('')).toBe('⠤'.repeat(10));
    expect(where(grid, 'gate')).toHaveLength(10);
  });

  it('layers: markers over curves, the gate over the oracle, curves over the quality bar, the bar over the cursor guide', () => {
    const grid = plotCells(
      spec({
        width: 10,
        height: 4,
        curves: [
          { mark: 'gate', points: [{ x: 0, y: 0.5 }, { x: 1, y: 0.5 }] },
          { mark: 'oracle', points: [{ x: 0, y: 0.5 }, { x: 0.5, y: 1 }] },
        ],
        level: { y: 0, mark: 'bar', ch: '┄' },
        guide: { x: 0.5, mark: 'guide', ch: '│' },
        markers: [{ x: 1, y: 0.5, mark: 'cursor', ch: '◉' }],
      }),
    );
    const gateRow = rowOf(0.5, [0, 1], 4);
    expect(grid[gateRow]![0]!.mark).toBe('gate');
    expect(grid[gateRow]![9]).toEqual({ ch: '◉', mark: 'cursor' });
    expect(where(grid, 'oracle').length).toBeGreaterThan(0);
    expect(grid[3]!.map((c) => c.ch).join('')).toBe('┄'.repeat(10));
    // The guide runs down the cursor's column except where the gate's curve crosses it.
    const guide = columnOf(0.5, 10);
    expect(grid[gateRow]![guide]!.mark).toBe('gate');
    expect(grid[1]![guide]).toEqual({ ch: '│', mark: 'guide' });
  });

  it('the share labels: 0% at the left edge, 100% ending at the right one, others only where they leave a space', () => {
    const wide = shareTicks(31);
    expect(wide).toHaveLength(31);
    expect(wide.startsWith('0%')).toBe(true);
    expect(wide.endsWith('100%')).toBe(true);
    expect(wide.trim().split(/\s+/)).toEqual(['0%', '25%', '50%', '75%', '100%']);
    // 50% is centred on the middle column.
    expect(wide.indexOf('50%') + 1).toBe(columnOf(0.5, 31));
    expect(shareTicks(13).trim().split(/\s+/)).toEqual(['0%', '50%', '100%']);
    // One column fewer and 50% would touch 100%: it is left out.
    expect(shareTicks(12).trim().split(/\s+/)).toEqual(['0%', '100%']);
    expect(shareTicks(7).trim().split(/\s+/)).toEqual(['0%', '100%']);
    expect(shareTicks(4)).toBe('0%  ');
  });
});

describe('styled lines', () => {
  const l: Line = [{ text: 'abc', colour: 'red' }, { text: 'defgh' }, { text: 'ij', bold: true }];

  it('cut to a width with an ellipsis in the last column, keeping each span\'s style', () => {
    expect(lineText(cutLine(l, 10))).toBe('abcdefghij');
    expect(cutLine(l, 6)).toEqual([{ text: 'abc', colour: 'red' }, { text: 'de…' }]);
    expect(cutLine(l, 3)).toEqual([{ text: 'ab…', colour: 'red' }]);
    // A span that exactly reaches the edge, with more after it, still gives way to the ellipsis.
    expect(lineText(cutLine(l, 8))).toBe('abcdefg…');
    expect(lineWidth(cutLine([{ text: '日本語のテキスト' }], 7))).toBeLessThanOrEqual(7);
  });

  it('padded, and set side by side at a fixed offset', () => {
    expect(lineText(padLine(l, 12))).toBe('abcdefghij  ');
    const both = beside([[{ text: 'left' }], [{ text: 'a much longer left' }]], [[{ text: 'R' }]], 8, 2);
    expect(both.map(lineText)).toEqual(['left      R', 'a much …  ']);
  });

  it('aligned in columns, numbers to the right', () => {
    const rows = columns(
      [
        [{ text: 'a' }, { text: '1.0%' }, { text: 'x' }],
        [{ text: 'long' }, { text: '10.0%' }, { text: 'y' }],
      ],
      ['l', 'r', 'l'],
    );
    expect(rows.map(lineText)).toEqual(['a      1.0%  x', 'long  10.0%  y']);
  });
});
