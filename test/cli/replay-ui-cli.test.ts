import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openReplay, replayDirOf, replayView } from '../../src/cli/replay-ui.js';
import { LanebarError } from '../../src/core/errors.js';
import { newestSheet } from '../../src/load/prices.js';
import { replayText } from '../../src/report/replay-text.js';
import { Replay } from '../../src/schema/replay-result.js';

const ROOT = join(import.meta.dirname, '..', '..');
const CLI = join(ROOT, 'dist', 'cli', 'main.js');
const PRICES = ['--prices', newestSheet(ROOT), '--overrides', join(ROOT, 'prices', 'overrides.yaml')];
/** Escape sequences Ink would write: alternate screen, cursor hide/show and moves, line erase. */
const INK = /\u001b\[\?1049[hl]|\u001b\[\?25[hl]|\u001b\[\d*[ABK]|\u001b\[2K/;
/** The bundled SIMULATED example, with the committed eval run behind its estimates: two alarms fire. */
const EXAMPLE = ['logs/support.parquet', '--mapping', 'mappings/lanebar.yaml', '--budget', 'budgets/support.yaml', '--eval-run', 'reports/baseline'];

function lanebar(args: string[], env: Record<string, string | undefined> = {}) {
  const base: Record<string, string | undefined> = { ...process.env, CI: undefined, CONTINUOUS_INTEGRATION: undefined, ...env };
  const clean = Object.fromEntries(Object.entries(base).filter((e): e is [string, string] => e[1] !== undefined));
  return spawnSync(process.execPath, [CLI, ...args], { cwd: ROOT, encoding: 'utf8', env: clean });
}

const captured = (env: Record<string, string | undefined> = {}) => {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (l: string) => out.push(l), err: (l: string) => err.push(l), env }, out, err };
};
const tty = { isTTY: true } as never;

describe('lanebar replay --ui without a terminal', () => {
  it('never starts Ink: prints what replay --sweep prints, says once on stderr that --ui was ignored, and keeps the exit code', () => {
    const reports = mkdtempSync(join(tmpdir(), 'lanebar-replay-ui-'));
    const plain = lanebar(['replay', ...EXAMPLE, '--sweep', '--reports', reports, '--replay-id', 'plain', ...PRICES]);
    expect(plain.status).toBe(3);
    for (const env of [{}, { CI: 'true' }]) {
      const ui = lanebar(['replay', ...EXAMPLE, '--ui', '--reports', reports, '--replay-id', 'viewed', ...PRICES], env);
      expect(ui.status).toBe(3);
      expect(ui.stderr).toBe('lanebar replay: --ui ignored: not an interactive terminal (or CI is set); plain output instead\n');
      expect(ui.stdout).toBe(plain.stdout.replace(join(reports, 'plain'), join(reports, 'viewed')));
      expect(ui.stdout).toContain('sweep support-reply: 895 thresholds');
      expect(ui.stdout + ui.stderr).not.toMatch(INK);
    }
    // --ui sweeps, as --sweep does: the reports have the sweep the view would draw.
    const replay = Replay.parse(JSON.parse(readFileSync(join(reports, 'viewed', 'replay.json'), 'utf8')));
    expect(replay.sweep?.map((s) => s.lane)).toEqual(['support-reply', 'ticket-triage']);
  });

  it('asks before the replay runs: the view opens only with a terminal on both ends and CI unset', () => {
    const term = { stdout: tty, stdin: tty, stderr: tty };
    expect(replayView(captured().io, term)).toBeTypeOf('function');
    for (const [env, t] of [
      [{ CI: 'true' }, term],
      [{}, { ...term, stdin: { isTTY: false } as never }],
      [{}, { ...term, stdout: {} as never }],
    ] as const) {
      const c = captured(env);
      expect(replayView(c.io, t)).toBe(null);
      expect(c.err).toEqual(['lanebar replay: --ui ignored: not an interactive terminal (or CI is set); plain output instead']);
    }
  });
});

describe('lanebar ui --replay', () => {
  const baseline = Replay.parse(JSON.parse(readFileSync(join(ROOT, 'reports', 'replay-baseline', 'replay.json'), 'utf8')));

  it('without a terminal prints the replay as lanebar replay printed it, and says why', () => {
    const r = lanebar(['ui', '--replay', 'replay-baseline']);
    expect(r.status).toBe(0);
    expect(r.stderr).toBe('lanebar ui: not an interactive terminal (or CI is set): the replay as text instead\n');
    expect(r.stdout).toBe(`${replayText(baseline)}\n`);
    expect(r.stdout + r.stderr).not.toMatch(INK);
  });

  it('finds a replay by id under --reports, by its folder or by its replay.json', () => {
    const dir = join(ROOT, 'reports', 'replay-baseline');
    expect(replayDirOf('replay-baseline', join(ROOT, 'reports'))).toBe(dir);
    expect(replayDirOf(dir, '/nowhere')).toBe(dir);
    expect(replayDirOf(join(dir, 'replay.json'), '/nowhere')).toBe(dir);
  });

  it('says plainly what is not a replay, naming the file', async () => {
    const reports = mkdtempSync(join(tmpdir(), 'lanebar-ui-replay-'));
    mkdirSync(join(reports, 'bad'));
    writeFileSync(join(reports, 'bad', 'replay.json'), JSON.stringify({ ...baseline, schema: 'lanebar.replay/0' }));
    const error = async (arg: string) => {
      const e = await openReplay(arg, reports, captured().io, { stdout: tty, stdin: tty, stderr: tty }).catch((x: unknown) => x);
      expect(e).toBeInstanceOf(LanebarError);
      return (e as LanebarError).format();
    };
    expect(await error('bad')).toContain(`${join(reports, 'bad', 'replay.json')} (schema): not a lanebar replay`);
    expect(await error('missing')).toContain(`${join(reports, 'missing', 'replay.json')}: no replay here: replay.json is missing`);
    expect(await error(join(ROOT, 'reports', 'baseline'))).toContain('this is an eval run, not a replay\n  hint: open it with: lanebar ui --run');
    expect(await error(join(ROOT, 'package.json'))).toContain('package.json: not a replay: a replay is a folder with a replay.json');
    expect(await error('../x')).toContain('no replay "../x"');
    // A suites folder after --replay is read as the replay to open: the hint says where the cassette flag goes.
    expect(await error(join(ROOT, 'suites'))).toContain(`to run these suites from their cassettes, put the flag after them: lanebar ui ${join(ROOT, 'suites')} --replay`);
  });

  it('the built binary: a bad replay is exit 2 with the file named; --replay <id> takes no suites', () => {
    const r = lanebar(['ui', '--replay', 'reports/baseline']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('reports/baseline: this is an eval run, not a replay');
    const both = lanebar(['ui', 'suites', '--run', 'x', '--replay', 'replay-baseline']);
    expect(both.status).toBe(2);
    expect(both.stderr).toContain('--replay <replay-id> opens a replay: it takes no --run and no suites');
  });
});
