import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { newestSheet } from '../../src/load/prices.js';
import { makeWorkspace } from '../helpers/workspace.js';

const ROOT = join(import.meta.dirname, '..', '..');
const CLI = join(ROOT, 'dist', 'cli', 'main.js');
const PRICES = ['--prices', newestSheet(ROOT), '--overrides', join(ROOT, 'prices', 'overrides.yaml')];
/** Escape sequences Ink would write: alternate screen, cursor hide/show and moves, line erase. */
const INK = /\u001b\[\?1049[hl]|\u001b\[\?25[hl]|\u001b\[\d*[ABK]|\u001b\[2K/;

function lanebar(args: string[], cwd: string, env: Record<string, string | undefined>) {
  const base: Record<string, string | undefined> = { ...process.env, OPENAI_API_KEY: '', CI: undefined, CONTINUOUS_INTEGRATION: undefined, ...env };
  const clean = Object.fromEntries(Object.entries(base).filter((e): e is [string, string] => e[1] !== undefined));
  return spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', env: clean });
}

describe('without a terminal, lanebar never starts Ink', () => {
  it('run with stdout and stdin piped and CI unset: plain progress lines and the table', async () => {
    const ws = await makeWorkspace({ cases: 6 });
    const r = lanebar(['run', ws.suite, '--sim-models', ws.simModels, '--reports', join(ws.dir, 'reports'), '--run-id', 'p', '--sim-latency-scale', '0', ...PRICES], ws.dir, {});
    expect(r.status).toBe(0);
    expect(r.stderr).toMatch(/\[100%\] 6\/6 samples/);
    expect(r.stdout).toMatch(/mini\s+sim-t \(simulated\)\s+6\/6/);
    expect(r.stdout + r.stderr).not.toMatch(INK);
  });

  it('ui <suite> falls back to the plain run and says why', async () => {
    const ws = await makeWorkspace({ cases: 3 });
    const r = lanebar(['ui', ws.suite, '--sim-models', ws.simModels, '--reports', join(ws.dir, 'reports'), '--run-id', 'u', '--sim-latency-scale', '0', ...PRICES], ws.dir, {});
    expect(r.status).toBe(0);
    expect(r.stderr).toContain('lanebar ui: not an interactive terminal (or CI is set): plain progress instead');
    expect(r.stdout).toMatch(/3\/3/);
    expect(r.stdout + r.stderr).not.toMatch(INK);
  });

  it('ui --run needs a terminal, and says where the reports are instead', async () => {
    const ws = await makeWorkspace({ cases: 3 });
    const r = lanebar(['ui', '--run', 'someid', '--reports', join(ws.dir, 'reports')], ws.dir, {});
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('lanebar ui needs an interactive terminal');
    expect(r.stderr).toContain(join(ws.dir, 'reports', 'someid', 'summary.md'));
  });
});
