import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { newestSheet } from '../../src/load/prices.js';
import { Bar } from '../../src/schema/bar.js';
import { makeWorkspace, type Workspace } from '../helpers/workspace.js';

const ROOT = join(import.meta.dirname, '..', '..');
const CLI = join(ROOT, 'dist', 'cli', 'main.js');
const SHEET = newestSheet(ROOT);
const OVERRIDES = join(ROOT, 'prices', 'overrides.yaml');

function lanebar(args: string[], cwd: string, overrides = OVERRIDES) {
  return spawnSync(process.execPath, [CLI, ...args, '--prices', SHEET, '--overrides', overrides], { cwd, encoding: 'utf8', env: { ...process.env, OPENAI_API_KEY: '' } });
}

/** Edits a file for the length of `fn`, then puts its bytes back. */
function edited<T>(file: string, edit: (text: string) => string, fn: () => T): T {
  const original = readFileSync(file, 'utf8');
  writeFileSync(file, edit(original));
  try {
    return fn();
  } finally {
    writeFileSync(file, original);
  }
}

describe('lanebar run --bar, lanebar bar (the built binary)', () => {
  let ws: Workspace;
  let run: ReturnType<typeof lanebar>;
  const check = (overrides?: string) => lanebar(['bar', '--check', join('reports', 'r', 'bar.json')], ws.dir, overrides);

  beforeAll(async () => {
    // 30 of 30 passing: Wilson lower bound 30/33.84 = 0.887 clears the workspace's 0.80 bar.
    ws = await makeWorkspace({ cases: 30, accuracy: 1 });
    run = lanebar(['run', ws.suite, '--sim-models', ws.simModels, '--reports', 'reports', '--run-id', 'r', '--sim-latency-scale', '0', '--bar'], ws.dir);
  });

  it('decides the bar after the run: bar.json (schema-valid) and bar.md written, the routing plan printed', () => {
    expect(run.status).toBe(0);
    const files = readdirSync(join(ws.dir, 'reports', 'r'));
    expect(files).toEqual(expect.arrayContaining(['bar.json', 'bar.md', 'run.jsonl']));
    expect(files.filter((f) => f.endsWith('.tmp'))).toEqual([]);
    const bar = Bar.parse(JSON.parse(readFileSync(join(ws.dir, 'reports', 'r', 'bar.json'), 'utf8')));
    expect(bar.lanes[0]!.authorization?.model).toMatchObject({ candidate: 'mini', model: 'gpt-4.1-mini', served_by: 'sim-t', simulated: true });
    expect(bar.lanes[0]!.authorization?.provenance).toMatchObject({ run_id: 'r', suite: { name: 'triage', file: 'triage.yaml' }, dataset: { path: 'cases.csv', rows: 30 }, simulated: true });
    expect(run.stdout).toContain('| ticket-triage (interactive) | **mini**: sim-t (SIMULATED stand-in for gpt-4.1-mini) |');
    expect(readFileSync(join(ws.dir, 'reports', 'r', 'bar.md'), 'utf8').trimEnd()).toBe(run.stdout.slice(run.stdout.indexOf('# Eval bar')).trimEnd());
  });

  it('lanebar bar <run-id> takes the same decisions again from the journal', () => {
    const before = Bar.parse(JSON.parse(readFileSync(join(ws.dir, 'reports', 'r', 'bar.json'), 'utf8')));
    const r = lanebar(['bar', 'r', '--reports', 'reports'], ws.dir);
    expect(r.status).toBe(0);
    expect(r.stdout.startsWith('# Eval bar: run r')).toBe(true);
    const after = Bar.parse(JSON.parse(readFileSync(join(ws.dir, 'reports', 'r', 'bar.json'), 'utf8')));
    expect(after.lanes).toEqual(before.lanes);
    expect(lanebar(['bar', join('reports', 'r', 'run.jsonl')], ws.dir).status).toBe(0);
  });

  it('--check: current while nothing changed', () => {
    const r = check();
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('ticket-triage (suite triage): sim-t (SIMULATED stand-in for gpt-4.1-mini): current');
  });

  it('--check: stale when the dataset changed', () => {
    const r = edited(join(ws.dir, 'cases.csv'), (t) => t + 't99,"Ticket about billing",billing\n', check);
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/- dataset: dataset changed: cases\.csv \(sha256 [0-9a-f]{12} → [0-9a-f]{12}\)/);
  });

  it('--check: stale when the lane budget changed', () => {
    const r = edited(ws.suite, (t) => t.replace('min_pass_rate: 0.8', 'min_pass_rate: 0.85'), check);
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('- budget: lane budget changed: min_pass_rate 0.8 → 0.85');
  });

  it('--check: stale when the prompt changed', () => {
    const r = edited(ws.suite, (t) => t.replace('template: "Subject: {{subject}}"', 'template: "Ticket subject: {{subject}}"'), check);
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/- prompt: prompt v1\.0\.0 \(sha256 [0-9a-f]{12}\) is now v1\.0\.0 \(sha256 [0-9a-f]{12}\)/);
  });

  it('--check: stale when the provider repriced (an overrides entry)', () => {
    const today = new Date().toISOString().slice(0, 10);
    const overrides = join(ws.dir, 'overrides.yaml');
    writeFileSync(
      overrides,
      readFileSync(OVERRIDES, 'utf8') +
        `\n- provider: openai\n  model: gpt-4.1-mini\n  effective: ${today}\n  source: test, a halved list price\n  prices: { input_mtok: 0.2, cache_read_mtok: 0.05, output_mtok: 0.8 }\n`,
    );
    const r = check(overrides);
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('- price: mini (openai gpt-4.1-mini) repriced: input_mtok 0.4 → 0.2, cache_read_mtok 0.1 → 0.05');
    expect(r.stdout).toContain('output_mtok 1.6 → 0.8');
    expect(r.stdout).toContain('STALE: 1 of 1 lanes changed since run r');
  });

  it('--check: a comment in the suite is noted, not stale', () => {
    const r = edited(ws.suite, (t) => t + '# reviewed\n', check);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('· suite: suite file triage.yaml changed, but not its lane, budget, prompt, dataset, graders or candidates (no effect on the verdicts)');
  });

  it('--check: a file that is not an authorization is a located error (exit 2)', () => {
    const bad = join(ws.dir, 'bad.json');
    const bar = JSON.parse(readFileSync(join(ws.dir, 'reports', 'r', 'bar.json'), 'utf8'));
    delete bar.lanes[0].provenance.dataset;
    writeFileSync(bad, JSON.stringify(bar));
    const r = lanebar(['bar', '--check', bad], ws.dir);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(`${bad} (lanes.0.provenance.dataset): not a lanebar authorization`);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('a run that does not exist is a clear error (exit 2)', () => {
    const r = lanebar(['bar', 'no-such-run', '--reports', 'reports'], ws.dir);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('run journal not found');
  });
});

describe('--strict', () => {
  it('exits 1 when a lane has no admitted model, 0 without it', async () => {
    // 8 cases can never clear a 0.80 bar (16 needed even all passing).
    const ws = await makeWorkspace({ cases: 8, accuracy: 1 });
    const r = lanebar(['run', ws.suite, '--sim-models', ws.simModels, '--reports', 'reports', '--run-id', 's', '--sim-latency-scale', '0', '--bar', '--strict'], ws.dir);
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('| **none admitted** |');
    expect(r.stdout).toContain('8 cases can never clear it, even all passing: at least 16 are needed');
    expect(lanebar(['bar', 's', '--reports', 'reports'], ws.dir).status).toBe(0);
    expect(lanebar(['bar', 's', '--reports', 'reports', '--strict'], ws.dir).status).toBe(1);
  });
});
