import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ExactSum } from '../../src/core/exact-sum.js';

const sum = (xs: readonly number[]) => xs.reduce((s, x) => s.add(x), new ExactSum()).value();

describe('ExactSum', () => {
  it('gives the correctly rounded sum where += drifts', () => {
    expect(sum(Array(10).fill(0.1))).toBe(1);
    expect(Array(10).fill(0.1).reduce((a: number, b: number) => a + b, 0)).not.toBe(1);
    expect(sum([1e16, 1, -1e16])).toBe(1);
    expect(sum([])).toBe(0);
    expect(sum([0.1, 0.2])).toBe(0.30000000000000004);
  });

  it('does not depend on the order of the terms', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0, max: 10, noNaN: true }), { maxLength: 60 }), fc.infiniteStream(fc.nat()), (xs, seeds) => {
        const shuffled = [...xs];
        const it = seeds[Symbol.iterator]();
        for (let i = shuffled.length - 1; i > 0; i--) {
          const j = it.next().value % (i + 1);
          [shuffled[i], shuffled[j]] = [shuffled[j]!, shuffled[i]!];
        }
        expect(sum(shuffled)).toBe(sum(xs));
      }),
    );
  });

  it('is exact for sums of costs a price sheet produces (tokens × price per million)', () => {
    // 0.0000004 * 1234 etc.: exactly representable sums are reached regardless of order.
    const costs = [1234, 5678, 91011, 1213].map((t) => (t * 0.4) / 1e6);
    expect(sum(costs)).toBe(sum([...costs].reverse()));
  });
});
