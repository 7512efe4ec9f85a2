import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { newestSheet } from '../../src/load/prices.js';
import { validateJunit } from '../helpers/junit-xsd.js';
import { makeWorkspace, type Workspace } from '../helpers/workspace.js';

const ROOT = join(import.meta.dirname, '..', '..');
const CLI = join(ROOT, 'dist', 'cli', 'main.js');
const PRICES = ['--prices', newestSheet(ROOT), '--overrides', join(ROOT, 'prices', 'overrides.yaml')];

function lanebar(args: string[], cwd: string, env: Record<string, string> = {}) {
  return spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', env: { ...process.env, OPENAI_API_KEY: '', GITHUB_STEP_SUMMARY: '', ...env } });
}

/** Runs the workspace's suite under a run id, with the simulated model at the given accuracy. */
function run(ws: Workspace, id: string, accuracy: number) {
  writeFileSync(ws.simModels, readFileSync(ws.simModels, 'utf8').replace(/ticket-triage: [0-9.]+ \}/, `ticket-triage: ${accuracy} }`));
  const r = lanebar(['run', ws.suite, '--sim-models', ws.simModels, '--reports', 'reports', '--run-id', id, '--sim-latency-scale', '0', ...PRICES], ws.dir);
  expect(r.status, r.stderr).toBe(0);
}

describe('lanebar compare (the built binary)', () => {
  it('holds when nothing changed, and fails with the figures when the pass rate drops significantly', async () => {
    const ws = await makeWorkspace({ cases: 60, accuracy: 0.95 });
    run(ws, 'base', 0.95);
    run(ws, 'same', 0.95);
    run(ws, 'worse', 0.6);

    const same = lanebar(['compare', 'reports/base', 'same'], ws.dir);
    expect(same.stderr).toBe('');
    expect(same.status).toBe(0);
    expect(same.stdout).toContain('All compare rules held.');

    const summaryFile = join(ws.dir, 'step-summary.md');
    const worse = lanebar(['compare', 'base', 'worse', '--junit', 'out/compare.xml', '--json', 'out/compare.json'], ws.dir, { GITHUB_STEP_SUMMARY: summaryFile });
    expect(worse.status).toBe(1);
    expect(worse.stdout).toMatch(/FAIL ticket-triage · mini · pass rate: dropped significantly: \d+\.\d% → \d+\.\d% \(−\d+\.\d pp\); McNemar exact on 60 shared samples: \d+ pass→fail, \d+ fail→pass, p = \S+ < α = 0\.05/);
    expect(worse.stdout).toMatch(/FAIL ticket-triage · mini · cost per accepted outcome: \$\S+ → \$\S+ \(\+\d+\.\d%, at most \+10\.0% allowed\)/);
    expect(worse.stdout).toMatch(/FAIL ticket-triage · mini · authorization: admitted in the baseline, refused now: quality: pass \d+\.\d% \(\d+\/60\), Wilson 95% lower bound/);
    expect(worse.stdout).toMatch(/^\d compare rules broken\.$/m);
    const comparison = JSON.parse(readFileSync(join(ws.dir, 'out', 'compare.json'), 'utf8')) as { broken: number };
    expect(comparison.broken).toBeGreaterThanOrEqual(2);
    expect(readFileSync(summaryFile, 'utf8')).toContain('## lanebar compare: FAILED');
    const junit = join(ws.dir, 'out', 'compare.xml');
    expect(readFileSync(junit, 'utf8')).toContain('<failure type="pass_rate"');
    const valid = validateJunit(junit);
    expect(valid.output).toContain('validates');
    expect(valid.ok).toBe(true);
  });

  it('a CI config file overrides the suite rules; a lane it names must exist', async () => {
    const ws = await makeWorkspace({ cases: 40 });
    run(ws, 'base', 0.95);
    run(ws, 'worse', 0.7);
    writeFileSync(join(ws.dir, 'rules.yaml'), 'rules:\n  pass_rate: false\n  authorization: false\n  cost_per_accepted: { max_increase: 5 }\n');
    const lenient = lanebar(['compare', 'base', 'worse', '--rules', 'rules.yaml'], ws.dir);
    expect(lenient.stdout).toContain('All compare rules held.');
    expect(lenient.status).toBe(0);
    writeFileSync(join(ws.dir, 'rules.yaml'), 'lanes:\n  no-such-lane: { pass_rate: false }\n');
    const bad = lanebar(['compare', 'base', 'worse', '--rules', 'rules.yaml'], ws.dir);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/rules\.yaml.*\(lanes\.no-such-lane\): lane "no-such-lane" is in neither run/);
  });

  it('--accept creates the baseline, then replaces it only when asked', async () => {
    const ws = await makeWorkspace({ cases: 20 });
    run(ws, 'first', 0.9);
    run(ws, 'second', 0.6);
    const baseline = join(ws.dir, 'reports', 'baseline');

    mkdirSync(baseline, { recursive: true });
    writeFileSync(join(baseline, '.gitkeep'), '');
    const created = lanebar(['compare', 'reports/baseline', 'first', '--accept'], ws.dir);
    expect(created.status).toBe(0);
    expect(created.stdout).toContain('is now the baseline');
    for (const f of ['run.jsonl', 'summary.json', 'summary.md']) expect(readFileSync(join(baseline, f))).toEqual(readFileSync(join(ws.dir, 'reports', 'first', f)));

    // Without --accept a failing comparison leaves the baseline alone.
    expect(lanebar(['compare', 'reports/baseline', 'second'], ws.dir).status).toBe(1);
    expect(JSON.parse(readFileSync(join(baseline, 'summary.json'), 'utf8')).run_id).toBe('first');

    const accepted = lanebar(['compare', 'reports/baseline', 'second', '--accept'], ws.dir);
    expect(accepted.status).toBe(0);
    expect(accepted.stdout).toContain('baseline updated');
    expect(JSON.parse(readFileSync(join(baseline, 'summary.json'), 'utf8')).run_id).toBe('second');
    expect(readFileSync(join(baseline, 'run.jsonl'))).toEqual(readFileSync(join(ws.dir, 'reports', 'second', 'run.jsonl')));
    expect(lanebar(['compare', 'reports/baseline', 'second'], ws.dir).status).toBe(0);

    // A run's own folder is never overwritten, however it is named.
    const intoRun = lanebar(['compare', 'first', 'second', '--accept'], ws.dir);
    expect(intoRun.status).toBe(2);
    expect(intoRun.stderr).toContain('is the folder of run first, not a baseline; --accept would overwrite that run');
    expect(JSON.parse(readFileSync(join(ws.dir, 'reports', 'first', 'summary.json'), 'utf8')).run_id).toBe('first');
  });

  it('names what it cannot read', async () => {
    const ws = await makeWorkspace({ cases: 5 });
    run(ws, 'base', 0.9);
    const missing = lanebar(['compare', 'base', 'nope'], ws.dir);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/reports\/nope: no run journal \(run\.jsonl\) here/);
    writeFileSync(join(ws.dir, 'reports', 'base', 'summary.json'), '{"schema": "lanebar.summary/1"}');
    const broken = lanebar(['compare', 'base', 'base'], ws.dir);
    expect(broken.status).toBe(2);
    expect(broken.stderr).toMatch(/summary\.json \(run_id\):/);
    expect(existsSync(join(ws.dir, 'reports', 'baseline'))).toBe(false);
  });
});
