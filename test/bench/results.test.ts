import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RESULT_SCHEMA, summarizeRuns, target, type BenchResult } from '../../bench/lib/results.ts';
import { median, nearestRank } from '../../bench/lib/stats.ts';

/**
 * No benchmark runs here (they run on demand, `npm run bench`): this checks what they compute
 * and the files they committed, not how fast anything is.
 */
const RESULTS = join(import.meta.dirname, '..', '..', 'bench', 'results');
const OURS = /^(overhead|latency|scale)-\d{4}-\d{2}-\d{2}\.json$/;

describe('benchmark arithmetic', () => {
  it('takes percentiles by nearest rank and the median as an observed run', () => {
    expect(nearestRank([5, 1, 4, 2, 3], 0.5)).toBe(3);
    expect(nearestRank([1, 2, 3, 4], 0.5)).toBe(2);
    expect(nearestRank(Array.from({ length: 100 }, (_, i) => i + 1), 0.95)).toBe(95);
    expect(nearestRank([], 0.5)).toBeNull();
    expect(median([3, 1, 2])).toBe(2);
  });

  it('keeps min and median of every figure over the runs', () => {
    const s = summarizeRuns([
      { cpu_ms: 30, rss: 5 },
      { cpu_ms: 10, rss: 7 },
      { cpu_ms: 20, rss: 6 },
    ]);
    expect(s.min).toEqual({ cpu_ms: 10, rss: 5 });
    expect(s.median).toEqual({ cpu_ms: 20, rss: 6 });
  });

  it('judges a target against its limit in the stated direction, and a missing figure as a miss', () => {
    expect(target('t', 0.2, 0.2, 'max', '×').pass).toBe(true);
    expect(target('t', 0.21, 0.2, 'max', '×').pass).toBe(false);
    expect(target('t', 3, 2, 'min', 'x').pass).toBe(true);
    expect(target('t', null, 2, 'max', 'ms').pass).toBe(false);
  });
});

describe('committed benchmark results', () => {
  const files = readdirSync(RESULTS).filter((f) => OURS.test(f));

  it('are there for every benchmark of bench/run-all.ts', () => {
    for (const name of ['overhead', 'latency', 'scale']) expect(files.some((f) => f.startsWith(`${name}-`)), name).toBe(true);
  });

  it.each(files)('%s names the machine, the versions and the date, keeps every run, and its verdicts follow from its figures', (file) => {
    const r = JSON.parse(readFileSync(join(RESULTS, file), 'utf8')) as BenchResult;
    expect(r.schema).toBe(RESULT_SCHEMA);
    expect(file.startsWith(`${r.name}-${r.date.slice(0, 10)}`)).toBe(true);
    expect(Number.isNaN(Date.parse(r.date))).toBe(false);
    expect(r.machine.cpus).toBeGreaterThan(0);
    expect(r.machine.memory_bytes).toBeGreaterThan(0);
    expect(r.machine.os).toBeTruthy();
    expect(r.versions['node']).toMatch(/^v\d+/);
    expect(r.versions['lanebar']).toBeTruthy();
    expect(r.contenders.length).toBeGreaterThan(0);
    for (const c of r.contenders) expect((c['runs'] as unknown[]).length, String(c['name'])).toBeGreaterThanOrEqual(3);
    expect(r.targets.length).toBeGreaterThan(0);
    for (const t of r.targets) expect(t.pass, t.name).toBe(target(t.name, t.value, t.limit, t.kind, t.unit).pass);
  });
});
