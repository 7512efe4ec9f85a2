import { spawn, spawnSync } from 'node:child_process';
import { appendFileSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { newestSheet } from '../../src/load/prices.js';
import { makeWorkspace } from '../helpers/workspace.js';
import { sheetWithBadModel } from '../prices/helpers.js';

const ROOT = join(import.meta.dirname, '..', '..');
const CLI = join(ROOT, 'dist', 'cli', 'main.js');

const PRICES = ['--prices', newestSheet(ROOT), '--overrides', join(ROOT, 'prices', 'overrides.yaml')];

function lanebar(args: string[], cwd = ROOT) {
  return spawnSync(process.execPath, [CLI, ...args, ...PRICES], { cwd, encoding: 'utf8', env: { ...process.env, OPENAI_API_KEY: '' } });
}

const lines = (file: string) =>
  readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => {
      try {
        return JSON.parse(l) as { type: string; case_id?: string; repeat?: number };
      } catch {
        return { type: 'torn' };
      }
    });

describe('lanebar run (the built binary)', () => {
  it('runs a suite offline, prints the lane table and writes the reports', async () => {
    const ws = await makeWorkspace({ cases: 12 });
    const reports = join(ws.dir, 'reports');
    const r = lanebar(['run', ws.suite, '--sim-models', ws.simModels, '--reports', reports, '--run-id', 'demo', '--sim-latency-scale', '0'], ws.dir);
    expect(r.stderr).toContain('simulated (sim-t, priced as openai gpt-4.1-mini)');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('ticket-triage');
    expect(r.stdout).toMatch(/mini\s+sim-t \(simulated\)\s+12\/12/);
    for (const f of ['run.jsonl', 'summary.json', 'summary.md']) expect(existsSync(join(reports, 'demo', f))).toBe(true);
    expect(readdirNoTmp(join(reports, 'demo'))).toEqual(['index.html', 'run.jsonl', 'summary.json', 'summary.md']);
  });

  it('exits 2 with a located message for a bad suite, before calling any model', async () => {
    const ws = await makeWorkspace();
    writeFileSync(ws.suite, readFileSync(ws.suite, 'utf8').replace('type: label', 'type: lable'));
    const r = lanebar(['run', ws.suite, '--sim-models', ws.simModels, '--reports', join(ws.dir, 'reports')], ws.dir);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/triage\.yaml:\d+:\d+ \(graders\.0\.type\): unknown type "lable"/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(join(ws.dir, 'reports'))).toBe(false);
  });

  it('exits 2 naming the sheet and the field of a malformed entry of a candidate provider, before calling any model; one of an unused provider is never read', async () => {
    const ws = await makeWorkspace({ cases: 4 });
    const run = (sheet: string, reports: string) =>
      spawnSync(process.execPath, [CLI, 'run', ws.suite, '--sim-models', ws.simModels, '--reports', reports, '--run-id', 'p', '--sim-latency-scale', '0', '--prices', sheet, '--overrides', PRICES[3]!], {
        cwd: ws.dir,
        encoding: 'utf8',
        env: { ...process.env, OPENAI_API_KEY: '' },
      });
    const used = sheetWithBadModel('openai', 'gpt-4.1-mini');
    const bad = run(used.file, join(ws.dir, 'reports-bad'));
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain(`${used.file} (${used.field}): not a lanebar price sheet`);
    expect(existsSync(join(ws.dir, 'reports-bad'))).toBe(false);
    const unused = sheetWithBadModel('groq', 'llama-3.1-8b-instant');
    const ok = run(unused.file, join(ws.dir, 'reports-ok'));
    expect(ok.stderr).not.toContain('not a lanebar price sheet');
    expect(ok.status).toBe(0);
    expect(ok.stdout).toMatch(/mini\s+sim-t \(simulated\)\s+4\/4/);
  });

  it('resumes a killed run: no sample run twice, none missing', async () => {
    const ws = await makeWorkspace({ cases: 60, concurrency: 3 });
    const reports = join(ws.dir, 'reports');
    const journal = join(reports, 'k', 'run.jsonl');
    const child = spawn(process.execPath, [CLI, 'run', ws.suite, '--sim-models', ws.simModels, '--reports', reports, '--run-id', 'k', '--sim-latency-scale', '3', ...PRICES], {
      cwd: ws.dir,
      stdio: 'ignore',
    });
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
    await new Promise<void>((resolve, reject) => {
      const deadline = Date.now() + 20_000;
      const poll = setInterval(() => {
        const done = existsSync(journal) ? lines(journal).filter((l) => l.type === 'case').length : 0;
        if (done >= 10) {
          clearInterval(poll);
          child.kill('SIGKILL');
          resolve();
        } else if (Date.now() > deadline) {
          clearInterval(poll);
          child.kill('SIGKILL');
          reject(new Error('run never got going'));
        }
      }, 20);
    });
    expect(await exited).toBe('SIGKILL');
    const before = lines(journal).filter((l) => l.type === 'case').length;
    expect(before).toBeLessThan(60);

    const r = lanebar(['run', '--resume', 'k', '--sim-models', ws.simModels, '--reports', reports, '--sim-latency-scale', '0'], ws.dir);
    expect(r.status).toBe(0);
    expect(r.stderr).toContain(`(${before} already done)`);
    const cases = lines(journal).filter((l) => l.type === 'case');
    const keys = cases.map((c) => `${c.case_id}#${c.repeat}`);
    expect(new Set(keys).size).toBe(60);
    expect(keys).toHaveLength(60);
    const summary = JSON.parse(readFileSync(join(reports, 'k', 'summary.json'), 'utf8'));
    expect(summary.status).toBe('complete');
    expect(summary.rows[0].completed).toBe(60);
  });

  it('refuses to resume when the suite changed', async () => {
    const ws = await makeWorkspace({ cases: 3 });
    const reports = join(ws.dir, 'reports');
    expect(lanebar(['run', ws.suite, '--sim-models', ws.simModels, '--reports', reports, '--run-id', 'c', '--sim-latency-scale', '0'], ws.dir).status).toBe(0);
    appendFileSync(ws.suite, '# edited\n');
    const r = lanebar(['run', '--resume', 'c', '--sim-models', ws.simModels, '--reports', reports], ws.dir);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('suite file changed since the run started');
  });
});

const readdirNoTmp = (dir: string): string[] => readdirSync(dir).sort();
