import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { validateJunit } from '../helpers/junit-xsd.js';

const ROOT = join(import.meta.dirname, '..', '..');
const CLI = join(ROOT, 'dist', 'cli', 'main.js');
const RERECORD = ['npm run lanebar -- run suites --record --run-id recorded --concurrency 64', 'npm run lanebar -- compare reports/baseline recorded --accept'];

interface Step {
  name?: string;
  run?: string;
}

/**
 * The example workflow's lanebar steps, run as written (with `npm run lanebar --` as the built
 * binary) on a copy of this repository's suites, cassettes, prices and committed baseline. When
 * this fails after a bundled suite, dataset or price sheet changed, re-record and re-accept
 * (RERECORD), then commit suites/*.cassette.jsonl and reports/baseline/.
 */
describe('examples/github-actions.yml', () => {
  const workflow = parse(readFileSync(join(ROOT, 'examples', 'github-actions.yml'), 'utf8')) as { jobs: Record<string, { steps: Step[] }> };
  const steps = Object.values(workflow.jobs).flatMap((j) => j.steps).filter((s) => s.run?.includes('lanebar'));

  it('replays the bundled suites from the committed cassettes and holds against the committed baseline', () => {
    expect(steps.map((s) => s.name)).toEqual(['Run the suites from their cassettes', 'Compare with the committed baseline']);
    const dir = mkdtempSync(join(tmpdir(), 'lanebar-ci-example-'));
    for (const d of ['suites', 'datasets', 'prices', join('reports', 'baseline')]) cpSync(join(ROOT, d), join(dir, d), { recursive: true });
    for (const step of steps) {
      const args = step.run!.replace(/\$\{\{ github\.run_id \}\}/g, '42').replace(/^npm run lanebar -- /, '').split(/\s+/);
      // No key and no simulator models file: only the cassettes can answer.
      const r = spawnSync(process.execPath, [CLI, ...args, ...(args[0] === 'run' ? ['--sim-models', join(dir, 'absent.yaml')] : [])], {
        cwd: dir,
        encoding: 'utf8',
        env: { ...process.env, CI: 'true', OPENAI_API_KEY: '', ANTHROPIC_API_KEY: '', GEMINI_API_KEY: '', GOOGLE_API_KEY: '', GITHUB_STEP_SUMMARY: join(dir, 'step-summary.md') },
      });
      const why = `${step.name}\n${r.stdout}\n${r.stderr}\nIf a bundled suite, dataset or price sheet changed, re-record the cassettes and re-accept the baseline:\n  ${RERECORD.join('\n  ')}`;
      expect(r.status, why).toBe(0);
    }
    for (const f of ['junit-run.xml', 'junit-compare.xml']) expect(validateJunit(join(dir, 'reports', f)).ok).toBe(true);
    const summary = readFileSync(join(dir, 'step-summary.md'), 'utf8');
    expect(summary).toContain('# lanebar run pr-42');
    expect(summary).toContain('## lanebar compare: passed');
  });
});
