import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Bar } from '../../src/schema/bar.js';

const ROOT = join(import.meta.dirname, '..', '..');
const CLI = join(ROOT, 'dist', 'cli', 'main.js');

/**
 * Only what a run measures with a clock or stamps with the time is replaced: latencies in front
 * of a budget comparison (the comparison itself stays), timestamps, and the first 12 hex digits
 * of hashes (which change whenever another suite or price file is edited, and are tested in the
 * unit tests). Pass counts, intervals, costs, p-values and verdicts are deterministic.
 */
const normalise = (md: string) =>
  md
    .replace(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z/g, '<time>')
    .replace(/run bundled \(\d{4}-\d{2}-\d{2}\)/g, 'run bundled (<date>)')
    .replace(/\b\d+(\.\d+)?(ms|s)(?= [≤>] )/g, '<latency>')
    .replace(/sha256 [0-9a-f]{12}/g, 'sha256 <hash>');

describe('bar.md for the bundled suites (simulated candidates)', () => {
  it('matches the snapshot', async () => {
    const reports = mkdtempSync(join(tmpdir(), 'lanebar-bar-'));
    // Latency scale 0: the simulator adds no delay, so measured p95s are milliseconds of local
    // overhead, far inside every bundled budget (800 ms and up): the verdicts cannot flip on jitter.
    const r = spawnSync(
      process.execPath,
      [CLI, 'run', 'suites', '--target', 'sim', '--bar', '--sim-latency-scale', '0', '--concurrency', '8', '--run-id', 'bundled', '--reports', reports,
        '--prices', join('prices', 'sheet-2026-11-23.json'), '--overrides', join('prices', 'overrides.yaml')],
      { cwd: ROOT, encoding: 'utf8', env: { ...process.env, OPENAI_API_KEY: '' }, timeout: 60_000 },
    );
    expect(r.stderr).not.toContain('internal error');
    expect(r.status).toBe(0);
    const bar = Bar.parse(JSON.parse(readFileSync(join(reports, 'bundled', 'bar.json'), 'utf8')));
    expect(bar.simulated).toBe(true);
    expect(bar.lanes.map((l) => [l.lane.id, l.authorization?.model.candidate ?? null, l.authorization?.escalation?.candidate ?? null])).toEqual([
      ['report-drafting', 'flagship', null],
      ['support-reply', 'flash', 'flagship'],
      ['ticket-triage', 'small', 'mid'],
    ]);
    const md = readFileSync(join(reports, 'bundled', 'bar.md'), 'utf8');
    // Budgets survive the normalisation; only the measured side of each comparison is replaced.
    expect(normalise(md)).toContain('first token p95 <latency> ≤ 800ms');
    await expect(normalise(md)).toMatchFileSnapshot('__snapshots__/bundled-bar.md');
  });
});
