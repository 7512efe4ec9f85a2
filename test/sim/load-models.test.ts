import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LanebarError } from '../../src/core/errors.js';
import { bundledSimModelsPath, loadSimModels } from '../../src/providers/sim/index.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'lanebar-sim-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const GOOD = `seed: 1
models:
  sim-a:
    accuracy: { lane-x: 0.5 }
    ttft_ms: { p50: 100, p95: 200 }
    output_tokens_per_s: 50
tasks:
  lane-x:
    answer: "{{label}}"
    wrong: ["{{$other.label}}"]
`;

async function loadError(text: string): Promise<LanebarError> {
  const file = join(dir, `models-${Math.random().toString(36).slice(2)}.yaml`);
  await writeFile(file, text);
  const err = await loadSimModels(file).then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(LanebarError);
  const e = err as LanebarError;
  expect(e.location.file).toBe(file);
  return e;
}

describe('loadSimModels', () => {
  it('loads the bundled file, which says it is simulated', async () => {
    const path = bundledSimModelsPath();
    expect((await readFile(path, 'utf8')).split('\n')[0]).toMatch(/^# SIMULATED models/);
    const file = await loadSimModels(path);
    expect(Object.keys(file.models)).toEqual(expect.arrayContaining(['sim-small', 'sim-mid', 'sim-flagship']));
    expect(Object.keys(file.tasks).sort()).toEqual(['report-drafting', 'support-reply', 'ticket-triage']);
  });

  it('makes the bundled tiers clearly different: small is fast and weaker, flagship strong and slower to start', async () => {
    const { models } = await loadSimModels(bundledSimModelsPath());
    const [small, mid, flagship] = [models['sim-small']!, models['sim-mid']!, models['sim-flagship']!];
    for (const lane of ['ticket-triage', 'support-reply', 'report-drafting']) {
      expect(small.accuracy[lane]!).toBeLessThan(mid.accuracy[lane]!);
      expect(mid.accuracy[lane]!).toBeLessThan(flagship.accuracy[lane]!);
    }
    expect(small.ttft_ms.p95).toBeLessThan(mid.ttft_ms.p95);
    expect(mid.ttft_ms.p95).toBeLessThan(flagship.ttft_ms.p95);
    expect(small.output_tokens_per_s).toBeGreaterThan(flagship.output_tokens_per_s);
  });

  it('applies defaults for cache and faults', async () => {
    const file = join(dir, 'good.yaml');
    await writeFile(file, GOOD);
    const { models } = await loadSimModels(file);
    expect(models['sim-a']!.cache).toEqual({ min_prefix_tokens: 1024, increment: 128, ttl_s: 300 });
    expect(models['sim-a']!.faults.rate_limited).toBe(0);
    expect(models['sim-a']!.reasoning_tokens).toBe(0);
  });

  it('names the file, line and field of a value of the wrong type', async () => {
    const e = await loadError(GOOD.replace('output_tokens_per_s: 50', 'output_tokens_per_s: fast'));
    expect(e.location.field).toBe('models.sim-a.output_tokens_per_s');
    expect(e.location.line).toBe(6);
    expect(e.format()).toContain(':6');
  });

  it('points at a misspelt key', async () => {
    const e = await loadError(GOOD.replace('output_tokens_per_s', 'output_tokens_per_sec'));
    expect(e.location.field).toBe('models.sim-a.output_tokens_per_sec');
    expect(e.location.line).toBe(6);
  });

  it('reports a missing field at its parent', async () => {
    const e = await loadError(GOOD.replace('    output_tokens_per_s: 50\n', ''));
    expect(e.location.field).toBe('models.sim-a.output_tokens_per_s');
    expect(e.location.line).toBe(3);
  });

  it('rejects an accuracy for a lane without a task', async () => {
    const e = await loadError(GOOD.replace('{ lane-x: 0.5 }', '{ lane-x: 0.5, lane-y: 0.7 }'));
    expect(e.location.field).toBe('models.sim-a.accuracy.lane-y');
    expect(e.location.line).toBe(4);
  });

  it('rejects p95 below p50 and probabilities out of range', async () => {
    expect((await loadError(GOOD.replace('p95: 200', 'p95: 50'))).location.field).toBe('models.sim-a.ttft_ms.p95');
    expect((await loadError(GOOD.replace('lane-x: 0.5', 'lane-x: 1.5'))).location.field).toBe('models.sim-a.accuracy.lane-x');
  });

  it('reports YAML syntax errors with their line', async () => {
    const e = await loadError(GOOD.replace('    ttft_ms: { p50: 100, p95: 200 }', '    ttft_ms: { p50: 100, p95: 200'));
    expect(e.message).toMatch(/YAML/);
    expect(e.location.line).toBeGreaterThanOrEqual(5);
  });

  it('reports a missing file', async () => {
    const missing = join(dir, 'nope.yaml');
    await expect(loadSimModels(missing)).rejects.toMatchObject({ name: 'LanebarError', location: { file: missing } });
  });
});
