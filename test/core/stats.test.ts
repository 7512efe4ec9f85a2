import { describe, expect, it } from 'vitest';
import { percentile, percentiles, wilson } from '../../src/core/stats.js';

describe('percentile (nearest rank)', () => {
  // The worked example of the nearest-rank method: 15, 20, 35, 40, 50.
  const xs = [15, 20, 35, 40, 50];
  it.each([
    [5, 15],
    [30, 20],
    [40, 20],
    [50, 35],
    [95, 50],
    [100, 50],
  ])('p%i = %i', (p, want) => {
    expect(percentile(xs, p)).toBe(want);
  });

  it('reports an observed value, never an interpolation', () => {
    const values = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentiles(values)).toEqual({ n: 100, p50: 50, p95: 95, p99: 99 });
    expect(percentiles([1, 1000])).toEqual({ n: 2, p50: 1, p95: 1000, p99: 1000 });
  });

  it('sorts its input and is empty-safe', () => {
    expect(percentiles([300, 100, 200])).toEqual({ n: 3, p50: 200, p95: 300, p99: 300 });
    expect(percentiles([])).toEqual({ n: 0, p50: null, p95: null, p99: null });
  });
});

describe('wilson 95% interval', () => {
  // Reference values from the closed form with z = 1.959963984540054, computed independently.
  it.each([
    [8, 10, 0.4901624715366418, 0.9433178485456247],
    [0, 10, 0, 0.2775327998628892],
    [10, 10, 0.7224672001371106, 1],
    [160, 200, 0.7391448134346212, 0.8495479907390189],
    [1, 1, 0.20654931437723742, 1],
  ])('%i of %i', (s, n, low, high) => {
    const ci = wilson(s, n);
    expect(ci.low).toBeCloseTo(low, 12);
    expect(ci.high).toBeCloseTo(high, 12);
  });

  it('knows nothing from no samples', () => {
    expect(wilson(0, 0)).toEqual({ low: 0, high: 1 });
  });

  it('narrows as n grows at the same rate', () => {
    const small = wilson(8, 10);
    const large = wilson(800, 1000);
    expect(large.high - large.low).toBeLessThan(small.high - small.low);
  });
});
