import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { newestSheet } from '../../src/load/prices.js';
import { readDataset } from '../../src/load/dataset.js';
import { loadSimModels, startSimulator, type Simulator } from '../../src/providers/sim/index.js';
import { validateJunit } from '../helpers/junit-xsd.js';
import { makeWorkspace } from '../helpers/workspace.js';

const ROOT = join(import.meta.dirname, '..', '..');
const CLI = join(ROOT, 'dist', 'cli', 'main.js');
const PRICES = ['--prices', newestSheet(ROOT), '--overrides', join(ROOT, 'prices', 'overrides.yaml')];

function lanebar(args: string[], cwd: string, env: Record<string, string> = {}) {
  return spawnSync(process.execPath, [CLI, ...args, ...PRICES], { cwd, encoding: 'utf8', env: { ...process.env, OPENAI_API_KEY: '', GITHUB_STEP_SUMMARY: '', ...env } });
}

/** Asynchronous, so that a simulator in this process can answer the child's calls meanwhile. */
function lanebarAsync(args: string[], cwd: string, env: Record<string, string> = {}): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args, ...PRICES], { cwd, env: { ...process.env, OPENAI_API_KEY: '', GITHUB_STEP_SUMMARY: '', ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

const json = (file: string) => JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
const withoutTimes = ({ run_id: _r, started_at: _s, generated_at: _g, ...rest }: Record<string, unknown>) => rest;
const journalCases = (file: string) =>
  readFileSync(file, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { type: string; started_at?: string })
    .filter((r) => r.type === 'case' || r.type === 'attempt')
    .map(({ started_at: _s, ...r }) => r);

function allFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? allFiles(join(dir, e.name)) : [join(dir, e.name)]));
}

let sim: Simulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

describe('cassettes: lanebar run --record / --replay (the built binary)', () => {
  it('a replay reproduces the recorded run: same summary but for timestamps, same attempts, no simulator, no network', async () => {
    const ws = await makeWorkspace({ cases: 40, accuracy: 0.75, maxRetries: 3 });
    // Random 500s, so that retries are recorded and replayed too.
    writeFileSync(ws.simModels, readFileSync(ws.simModels, 'utf8').replace('output_tokens_per_s: 2000', 'output_tokens_per_s: 2000\n    faults: { server_error: 0.2 }'));
    const rec = lanebar(['run', ws.suite, '--record', '--sim-models', ws.simModels, '--reports', 'reports', '--run-id', 'rec', '--sim-latency-scale', '0.2'], ws.dir);
    expect(rec.status, rec.stderr).toBe(0);
    expect(rec.stdout).toContain('cassettes recorded: triage.cassette.jsonl');
    const cassette = readFileSync(join(ws.dir, 'triage.cassette.jsonl'), 'utf8');
    expect(cassette).toMatch(/"attempt":2/);

    // The simulated models file is gone: a replay that tried to start the simulator would fail.
    const rep = lanebar(['run', ws.suite, '--replay', '--sim-models', join(ws.dir, 'absent.yaml'), '--reports', 'reports', '--run-id', 'rep', '--junit', 'out/junit.xml'], ws.dir);
    expect(rep.status, rep.stderr).toBe(0);
    expect(withoutTimes(json(join(ws.dir, 'reports', 'rep', 'summary.json')))).toEqual(withoutTimes(json(join(ws.dir, 'reports', 'rec', 'summary.json'))));
    const recorded = journalCases(join(ws.dir, 'reports', 'rec', 'run.jsonl'));
    const replayed = journalCases(join(ws.dir, 'reports', 'rep', 'run.jsonl'));
    // Backoff is jittered, so waits differ; every outcome, output, usage, latency and cost is the same.
    const strip = (rs: typeof recorded) => rs.map(({ waited_ms: _w, ...r }: Record<string, unknown>) => r).sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
    expect(strip(replayed)).toEqual(strip(recorded));

    const junit = join(ws.dir, 'out', 'junit.xml');
    const xml = readFileSync(junit, 'utf8');
    expect(xml.match(/<testcase /g)).toHaveLength(40);
    expect(xml).toMatch(/<failure type="label" message="label: expected &quot;\w+&quot;/);
    const valid = validateJunit(junit);
    expect(valid.output).toContain('validates');
    expect(valid.ok).toBe(true);
  });

  it('a request missing from the cassette is an error naming suite, candidate and case, before any call', async () => {
    const ws = await makeWorkspace({ cases: 6 });
    expect(lanebar(['run', ws.suite, '--record', '--sim-models', ws.simModels, '--reports', 'reports', '--run-id', 'rec', '--sim-latency-scale', '0'], ws.dir).status).toBe(0);

    const original = readFileSync(ws.suite, 'utf8');
    writeFileSync(ws.suite, original.replace('template: "Subject: {{subject}}"', 'template: "Ticket subject: {{subject}}"'));
    const changed = lanebar(['run', ws.suite, '--replay', '--reports', 'reports', '--run-id', 'changed'], ws.dir);
    expect(changed.status).toBe(2);
    expect(changed.stderr).toContain('triage.cassette.jsonl: the cassette cannot answer 6 samples; nothing was called');
    expect(changed.stderr).toContain('suite triage (triage.cassette.jsonl):');
    expect(changed.stderr).toContain('request changed since recording (6): mini t1, mini t2, mini t3, mini t4, mini t5, mini t6');
    expect(existsSync(join(ws.dir, 'reports', 'changed'))).toBe(false);

    writeFileSync(ws.suite, original);
    writeFileSync(join(ws.dir, 'cases.csv'), readFileSync(join(ws.dir, 'cases.csv'), 'utf8') + 't7,"Ticket number 7, about bug",bug\n');
    const added = lanebar(['run', ws.suite, '--replay', '--reports', 'reports', '--run-id', 'added'], ws.dir);
    expect(added.status).toBe(2);
    expect(added.stderr).toContain('the cassette cannot answer 1 sample');
    expect(added.stderr).toContain('never recorded (1): mini t7');
    expect(added.stderr).not.toContain('request changed');

    const none = lanebar(['run', join(ws.dir, 'triage.yaml'), '--replay', '--reports', 'reports'], ROOT);
    expect(none.status).toBe(2);
    writeFileSync(join(ws.dir, 'triage.cassette.jsonl'), '{"type":"exchange"}\n');
    const torn = lanebar(['run', ws.suite, '--replay', '--reports', 'reports'], ws.dir);
    expect(torn.status).toBe(2);
    expect(torn.stderr).toMatch(/triage\.cassette\.jsonl:1 \(fingerprint\)/);
  });

  it('no key and no auth header reaches any file a recorded live run writes', async () => {
    const ws = await makeWorkspace({ cases: 8 });
    const canary = 'sk-lanebar-canary-7f3a9c2e5b1d';
    // A simulator that plays the real model, reached live with the canary key as its bearer token.
    writeFileSync(ws.simModels, readFileSync(ws.simModels, 'utf8').replace('sim-t:', 'gpt-4.1-mini:'));
    const rows = [];
    for await (const r of readDataset({ path: join(ws.dir, 'cases.csv'), format: 'csv' })) rows.push(r.row);
    sim = await startSimulator({ models: await loadSimModels(ws.simModels), tasks: [{ lane: 'ticket-triage', tailTemplate: 'Subject: {{subject}}', idColumn: 'id', rows }], latencyScale: 0 });
    writeFileSync(
      ws.suite,
      readFileSync(ws.suite, 'utf8').replace('    sim: sim-t\n', `    base_url: ${sim.url}/v1\n    api_key_env: LANEBAR_CANARY_KEY\n`),
    );
    const env = { LANEBAR_CANARY_KEY: canary };
    const rec = await lanebarAsync(['run', ws.suite, '--record', '--target', 'live', '--reports', 'reports', '--run-id', 'live', '--junit', 'out/junit.xml'], ws.dir, env);
    expect(rec.status, rec.stderr).toBe(0);
    expect(rec.stderr).toContain('live openai gpt-4.1-mini');
    await sim.close();
    sim = undefined;

    // Replayed with no key and the server gone: the cassette alone answers, as the live model did.
    const rep = lanebar(['run', ws.suite, '--replay', '--reports', 'reports', '--run-id', 'replayed'], ws.dir);
    expect(rep.status, rep.stderr).toBe(0);
    expect(withoutTimes(json(join(ws.dir, 'reports', 'replayed', 'summary.json')))).toEqual(withoutTimes(json(join(ws.dir, 'reports', 'live', 'summary.json'))));
    expect(json(join(ws.dir, 'reports', 'replayed', 'summary.json')).simulated).toBe(false);

    const files = allFiles(ws.dir);
    expect(files).toContain(join(ws.dir, 'triage.cassette.jsonl'));
    for (const f of files) expect(readFileSync(f, 'utf8'), f).not.toContain('canary');
    expect(rec.stdout + rec.stderr + rep.stdout + rep.stderr).not.toContain('canary');
  });

  it('refuses --record with --replay, and --record with --resume', async () => {
    const ws = await makeWorkspace({ cases: 2 });
    const both = lanebar(['run', ws.suite, '--record', '--replay', '--sim-models', ws.simModels, '--reports', 'reports'], ws.dir);
    expect(both.status).toBe(2);
    expect(both.stderr).toContain('--record and --replay exclude each other');
    expect(lanebar(['run', ws.suite, '--sim-models', ws.simModels, '--reports', 'reports', '--run-id', 'r', '--sim-latency-scale', '0'], ws.dir).status).toBe(0);
    const resume = lanebar(['run', '--resume', 'r', '--record', '--sim-models', ws.simModels, '--reports', 'reports'], ws.dir);
    expect(resume.status).toBe(2);
    expect(resume.stderr).toContain('--record cannot resume');
  });
});
