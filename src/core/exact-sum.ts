/**
 * A running sum of floats whose result does not depend on the order of the terms: Shewchuk's
 * non-overlapping partials, rounded once at the end (the algorithm of Python's math.fsum). A
 * journal lists attempts in the order they finished, which concurrency and resumes change, so a
 * plain `+=` would give two runs with the same attempts costs that differ in the last digit.
 */
export class ExactSum {
  /** Non-overlapping, in increasing magnitude; their exact sum is the exact sum of the terms. */
  private readonly partials: number[] = [];

  add(value: number): this {
    let x = value;
    let i = 0;
    for (let j = 0; j < this.partials.length; j++) {
      let y = this.partials[j]!;
      if (Math.abs(x) < Math.abs(y)) [x, y] = [y, x];
      const hi = x + y;
      const lo = y - (hi - x);
      if (lo !== 0) this.partials[i++] = lo;
      x = hi;
    }
    this.partials.length = i;
    this.partials.push(x);
    return this;
  }

  /** The exact sum, correctly rounded to the nearest float (ties to even). */
  value(): number {
    const p = this.partials;
    let n = p.length;
    if (n === 0) return 0;
    let hi = p[--n]!;
    let lo = 0;
    while (n > 0) {
      const x = hi;
      const y = p[--n]!;
      hi = x + y;
      lo = y - (hi - x);
      if (lo !== 0) break;
    }
    // Half-way case: the rest of the partials decide which way the rounding of hi + lo must go.
    if (n > 0 && ((lo < 0 && p[n - 1]! < 0) || (lo > 0 && p[n - 1]! > 0))) {
      const y = lo * 2;
      const x = hi + y;
      if (y === x - hi) hi = x;
    }
    return hi;
  }
}
