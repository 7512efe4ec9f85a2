/**
 * A small line chart in a character grid, for a terminal: curves in braille (each cell holds 2×4
 * dots, so a curve is four times finer than a row), a horizontal level line, a vertical guide
 * and single-character markers. The x axis is always a share, 0 to 1 (the escalation rate): 0
 * lands in the first column and 1 in the last. Pure: figures in, cells out.
 */

export type Mark = 'gate' | 'oracle' | 'bar' | 'guide' | 'all-small' | 'all-strong' | 'current' | 'recommended' | 'cursor';

export interface Cell {
  ch: string;
  /** What the cell draws; null for an empty cell. */
  mark: Mark | null;
}

export interface XY {
  x: number;
  y: number;
}

export interface PlotSpec {
  /** Cells across and down the plotting area (no axis, no labels). */
  width: number;
  height: number;
  /** The value axis, bottom to top. */
  range: readonly [number, number];
  /** Drawn in braille, in order: where two curves share a cell, the cell takes the first one's mark. */
  curves: readonly { mark: 'gate' | 'oracle'; points: readonly XY[] }[];
  /** A horizontal line (the quality bar), under the curves. */
  level?: { y: number; mark: Mark; ch: string } | null;
  /** A vertical line at a share (the cursor's), under the level line and the curves. */
  guide?: { x: number; mark: Mark; ch: string } | null;
  /** Single characters over everything; a later one wins a shared cell. */
  markers: readonly (XY & { mark: Mark; ch: string })[];
}

const BRAILLE = 0x2800;
/** Bit of each dot in a braille cell, by [row][column]: dots 1-2-3-7 left, 4-5-6-8 right. */
const DOT = [
  [0x01, 0x08],
  [0x02, 0x10],
  [0x04, 0x20],
  [0x40, 0x80],
] as const;

const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));

/** Dot column of a share, 0 to 2·width − 1. */
const dotX = (x: number, width: number) => clamp(Math.round(x * (2 * width - 1)), 0, 2 * width - 1);

/** Dot row of a value, 0 (top) to 4·height − 1 (bottom). */
function dotY(y: number, range: readonly [number, number], height: number): number {
  const [lo, hi] = range;
  const share = hi > lo ? (hi - y) / (hi - lo) : 0.5;
  return clamp(Math.round(share * (4 * height - 1)), 0, 4 * height - 1);
}

/** The column a share is drawn in. */
export const columnOf = (x: number, width: number): number => Math.floor(dotX(x, width) / 2);

/** The row (0 at the top) a value is drawn in. */
export const rowOf = (y: number, range: readonly [number, number], height: number): number => Math.floor(dotY(y, range, height) / 4);

/** Every dot on the straight segment between two dots (Bresenham). */
function segment(x0: number, y0: number, x1: number, y1: number, dot: (x: number, y: number) => void): void {
  const dx = Math.abs(x1 - x0);
  const dy = -Math.abs(y1 - y0);
  const sx = x0 < x1 ? 1 : -1;
  const sy = y0 < y1 ? 1 : -1;
  let err = dx + dy;
  for (;;) {
    dot(x0, y0);
    if (x0 === x1 && y0 === y1) return;
    const e2 = 2 * err;
    if (e2 >= dy) {
      err += dy;
      x0 += sx;
    }
    if (e2 <= dx) {
      err += dx;
      y0 += sy;
    }
  }
}

/** The plotting area as rows of cells, top row first. */
export function plotCells(p: PlotSpec): Cell[][] {
  const { width, height, range } = p;
  const grid: Cell[][] = Array.from({ length: height }, () => Array.from({ length: width }, () => ({ ch: ' ', mark: null })));
  if (width <= 0 || height <= 0) return grid;
  if (p.guide) {
    const col = columnOf(p.guide.x, width);
    for (const row of grid) row[col] = { ch: p.guide.ch, mark: p.guide.mark };
  }
  if (p.level) {
    const at = rowOf(p.level.y, range, height);
    grid[at] = grid[at]!.map(() => ({ ch: p.level!.ch, mark: p.level!.mark }));
  }
  const bits = new Map<number, { bits: number; mark: Mark }>();
  for (const curve of p.curves) {
    const dots = curve.points.map((q) => [dotX(q.x, width), dotY(q.y, range, height)] as const);
    const put = (x: number, y: number) => {
      const key = Math.floor(y / 4) * width + Math.floor(x / 2);
      const cell = bits.get(key) ?? { bits: 0, mark: curve.mark };
      cell.bits |= DOT[y % 4]![x % 2]!;
      bits.set(key, cell);
    };
    dots.forEach(([x, y], i) => (i === 0 ? put(x, y) : segment(dots[i - 1]![0], dots[i - 1]![1], x, y, put)));
  }
  for (const [key, cell] of bits) grid[Math.floor(key / width)]![key % width] = { ch: String.fromCodePoint(BRAILLE + cell.bits), mark: cell.mark };
  for (const m of p.markers) grid[rowOf(m.y, range, height)]![columnOf(m.x, width)] = { ch: m.ch, mark: m.mark };
  return grid;
}
