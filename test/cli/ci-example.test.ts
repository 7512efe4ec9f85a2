import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { validateJunit } from '../helpers/junit-xsd.js';

const ROOT = join(import.meta.dirname, '..', '..');
const CLI = join(ROOT, 'dist', 'cli', 'main.js');
const RERECORD = [
  'npm run lanebar -- run suites --record --run-id recorded --concurrency 64',
  'npm run lanebar -- compare reports/baseline recorded --accept',
  'npm run lanebar -- replay logs/support.parquet --mapping mappings/lanebar.yaml --budget budgets/support.yaml --eval-run reports/baseline --replay-id replay-recorded',
  'npm run lanebar -- compare reports/replay-baseline replay-recorded --accept',
];

interface Step {
  name?: string;
  run?: string;
}

/** What the workflow's steps read: this repository's bundled inputs and committed baselines. */
const COPIED = ['suites', 'datasets', 'prices', 'logs', 'mappings', 'gates', 'budgets', join('reports', 'baseline'), join('reports', 'replay-baseline')];

/**
 * Runs a job's lanebar steps as written, in bash (`npm run lanebar --` becomes the built binary),
 * on a copy of this repository's bundled inputs and committed baselines.
 */
function runSteps(dir: string, steps: Step[]): void {
  for (const step of steps) {
    let command = step.run!.replace(/\$\{\{ github\.run_id \}\}/g, '42').replaceAll('npm run lanebar -- ', '"$LANEBAR_NODE" "$LANEBAR_CLI" ');
    // No key and no simulator models file: only the cassettes can answer.
    if (/^"\$LANEBAR_NODE" "\$LANEBAR_CLI" run /.test(command)) command += ` --sim-models ${join(dir, 'absent.yaml')}`;
    const r = spawnSync('bash', ['-euo', 'pipefail', '-c', command], {
      cwd: dir,
      encoding: 'utf8',
      env: {
        ...process.env,
        LANEBAR_NODE: process.execPath,
        LANEBAR_CLI: CLI,
        CI: 'true',
        OPENAI_API_KEY: '',
        ANTHROPIC_API_KEY: '',
        GEMINI_API_KEY: '',
        GOOGLE_API_KEY: '',
        GITHUB_STEP_SUMMARY: join(dir, 'step-summary.md'),
      },
    });
    const why = `${step.name}\n${r.stdout}\n${r.stderr}\nIf a bundled suite, dataset, log, gate, budget or price sheet changed, re-record the cassettes and re-accept the baselines:\n  ${RERECORD.join('\n  ')}`;
    expect(r.status, why).toBe(0);
  }
}

/**
 * The example workflow's lanebar steps, job by job. When this fails after a bundled input
 * changed, re-record and re-accept (RERECORD), then commit suites/*.cassette.jsonl,
 * reports/baseline/ and reports/replay-baseline/.
 */
describe('examples/github-actions.yml', () => {
  const workflow = parse(readFileSync(join(ROOT, 'examples', 'github-actions.yml'), 'utf8')) as { jobs: Record<string, { steps: Step[] }> };
  const lanebarSteps = (job: string) => workflow.jobs[job]!.steps.filter((s) => s.run?.includes('lanebar'));
  const workspace = () => {
    const dir = mkdtempSync(join(tmpdir(), 'lanebar-ci-example-'));
    for (const d of COPIED) cpSync(join(ROOT, d), join(dir, d), { recursive: true });
    return dir;
  };

  it('replays the bundled suites from the committed cassettes and holds against the committed baseline', () => {
    const steps = lanebarSteps('gate');
    expect(steps.map((s) => s.name)).toEqual(['Run the suites from their cassettes', 'Compare with the committed baseline']);
    const dir = workspace();
    runSteps(dir, steps);
    for (const f of ['junit-run.xml', 'junit-compare.xml']) expect(validateJunit(join(dir, 'reports', f)).ok).toBe(true);
    const summary = readFileSync(join(dir, 'step-summary.md'), 'utf8');
    expect(summary).toContain('# lanebar run pr-42');
    expect(summary).toContain('## lanebar compare: passed');
  });

  it('replays the bundled gates over the committed log and holds against the committed replay baseline', () => {
    const steps = lanebarSteps('router');
    expect(steps.map((s) => s.name)).toEqual(['Replay the gates over the committed log', 'Compare with the committed replay baseline']);
    const dir = workspace();
    runSteps(dir, steps);
    expect(validateJunit(join(dir, 'reports', 'junit-replay.xml')).ok).toBe(true);
    const summary = readFileSync(join(dir, 'step-summary.md'), 'utf8');
    expect(summary).toContain('## lanebar compare: passed');
    expect(summary).toContain('Baseline `replay-recorded` → current `pr-replay-42`');
  });

  it('fails the router job when a gate change loses accepted outcomes', () => {
    const dir = workspace();
    const gate = join(dir, 'gates', 'support.yaml');
    writeFileSync(gate, readFileSync(gate, 'utf8').replace('confidence < 0.72', 'confidence < 0.3'));
    expect(() => runSteps(dir, lanebarSteps('router'))).toThrow(/Compare with the committed replay baseline[\s\S]*FAIL support-reply · gates\/support\.yaml · pass rate: dropped significantly/);
  });
});
