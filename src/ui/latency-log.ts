import { percentile } from '../core/stats.js';

/**
 * The latencies of one row, appended one at a time by the reducer and read at most once per frame.
 *
 * Each `add` returns a new log, so the reducer stays pure, yet costs O(1) amortised: versions
 * share one buffer and only read their own first `n` values; a version that is not the newest
 * copies before appending (the slice trick of Go). The sorted view a frame needs is computed once
 * per version and kept, because a version never changes.
 */
export class LatencyLog {
  private sortedCache: number[] | undefined;
  private histCache: { key: string; counts: number[] } | undefined;

  private readonly buf: number[];
  readonly n: number;
  /** Largest value, or null when empty. */
  readonly max: number | null;

  private constructor(buf: number[], n: number, max: number | null) {
    this.buf = buf;
    this.n = n;
    this.max = max;
  }

  static empty(): LatencyLog {
    return new LatencyLog([], 0, null);
  }

  static of(values: readonly number[]): LatencyLog {
    return values.reduce((log, v) => log.add(v), LatencyLog.empty());
  }

  add(value: number): LatencyLog {
    const max = this.max === null ? value : Math.max(this.max, value);
    if (this.buf.length === this.n) {
      this.buf.push(value);
      return new LatencyLog(this.buf, this.n + 1, max);
    }
    const copy = this.buf.slice(0, this.n);
    copy.push(value);
    return new LatencyLog(copy, this.n + 1, max);
  }

  sorted(): readonly number[] {
    // A Float64Array sorts numerically without a comparator callback: several times faster.
    this.sortedCache ??= Array.from(Float64Array.from(this.buf.slice(0, this.n)).sort());
    return this.sortedCache;
  }

  /** Nearest-rank percentile, the method of the run summary, so live and final figures agree. */
  percentile(p: number): number | null {
    return percentile(this.sorted(), p);
  }

  /**
   * Counts per bin over [0, max); values at or beyond `max` fall in the last bin, so nothing
   * observed is hidden from the picture.
   */
  histogram(max: number, bins: number): number[] {
    const key = `${max}:${bins}`;
    if (this.histCache?.key === key) return this.histCache.counts;
    const counts = new Array<number>(Math.max(bins, 0)).fill(0);
    if (bins <= 0 || max <= 0) return counts;
    for (let i = 0; i < this.n; i++) {
      const b = Math.min(bins - 1, Math.floor((this.buf[i]! / max) * bins));
      counts[Math.max(b, 0)]! += 1;
    }
    this.histCache = { key, counts };
    return counts;
  }
}
