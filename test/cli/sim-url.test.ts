import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadSuite } from '../../src/load/suite.js';
import { newestSheet } from '../../src/load/prices.js';
import { loadSimModels } from '../../src/providers/sim/index.js';
import { startSimulatorFor, type RunningSim } from '../../src/cli/sim-for-run.js';
import { checkSuite } from '../../src/run/plan.js';
import { makeWorkspace } from '../helpers/workspace.js';

const ROOT = join(import.meta.dirname, '..', '..');
const CLI = join(ROOT, 'dist', 'cli', 'main.js');
const PRICES = ['--prices', newestSheet(ROOT), '--overrides', join(ROOT, 'prices', 'overrides.yaml')];

/** Async, not spawnSync: the simulator under test runs in this process and must keep answering. */
function lanebar(args: string[], cwd: string): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args, ...PRICES], { cwd, env: { ...process.env, OPENAI_API_KEY: '' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

let sim: RunningSim | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

describe('lanebar run --sim-url (a simulator in another process)', () => {
  it('sends every call to that simulator and records the candidates as simulated', async () => {
    const ws = await makeWorkspace({ cases: 8 });
    const checked = await checkSuite(await loadSuite(ws.suite), 'sim', {});
    sim = await startSimulatorFor([checked], { modelsFile: ws.simModels, latencyScale: 0 });
    const seen = await loadSimModels(ws.simModels);
    const reports = join(ws.dir, 'reports');
    // A models file that does not exist: proof that no simulator was started in the CLI's process.
    const r = await lanebar(['run', ws.suite, '--target', 'sim', '--sim-url', `${sim.url}/v1`, '--sim-models', join(ws.dir, 'absent.yaml'), '--reports', reports, '--run-id', 'ext'], ws.dir);
    expect(r.stderr).not.toContain('lanebar:');
    expect(r.status).toBe(0);
    const records = readFileSync(join(reports, 'ext', 'run.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { type: string; ok?: boolean; suites?: { candidates: { simulated: boolean; served_by: string }[] }[] });
    expect(records[0]!.suites![0]!.candidates[0]).toMatchObject({ simulated: true, served_by: Object.keys(seen.models)[0] });
    expect(records.filter((x) => x.type === 'case')).toHaveLength(8);
    expect(records.filter((x) => x.type === 'attempt' && x.ok)).toHaveLength(8);
  });

  it('exits 2 before any call when the simulator there does not serve a profile', async () => {
    const ws = await makeWorkspace({ cases: 3 });
    const other = join(ws.dir, 'other-models.yaml');
    writeFileSync(other, readFileSync(ws.simModels, 'utf8').replace(/^(\s+)sim-t:/m, '$1sim-other:'));
    const checked = await checkSuite(await loadSuite(ws.suite), 'sim', {});
    sim = await startSimulatorFor([], { modelsFile: other, latencyScale: 0 });
    const r = await lanebar(['run', ws.suite, '--target', 'sim', '--sim-url', sim.url, '--reports', join(ws.dir, 'reports')], ws.dir);
    expect(checked.targets[0]!.servedBy).toBe('sim-t');
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/\(candidates\.0\.sim\): simulated profile "sim-t" is not served by the simulator at http:\/\/127\.0\.0\.1:\d+/);
  });

  it('exits 2 when nothing answers there', async () => {
    const ws = await makeWorkspace({ cases: 3 });
    const r = await lanebar(['run', ws.suite, '--target', 'sim', '--sim-url', 'http://127.0.0.1:9', '--reports', join(ws.dir, 'reports')], ws.dir);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('no simulator answers at http://127.0.0.1:9');
  });
});
