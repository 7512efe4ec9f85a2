import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { newestSheet } from '../../src/load/prices.js';
import { Replay } from '../../src/schema/replay-result.js';
import { Summary } from '../../src/schema/summary.js';
import { replayCommand, type ReplayCommandOptions } from '../../src/cli/replay-command.js';
import { LanebarError } from '../../src/core/errors.js';
import { csv, tempDir } from '../replay/helpers.js';

const ROOT = join(import.meta.dirname, '..', '..');
const CLI = join(ROOT, 'dist', 'cli', 'main.js');
const PRICES = ['--prices', newestSheet(ROOT), '--overrides', join(ROOT, 'prices', 'overrides.yaml')];

function lanebar(args: string[], cwd: string) {
  return spawnSync(process.execPath, [CLI, ...args, ...PRICES], { cwd, encoding: 'utf8' });
}

/** The command in this process (the exit code plumbing is covered by the spawned tests above). */
async function inProcess(log: string, dir: string, o: Partial<ReplayCommandOptions>) {
  const out: string[] = [];
  const io = { out: (l: string) => out.push(l), err: (l: string) => out.push(l), env: {} };
  const cwd = process.cwd();
  process.chdir(dir);
  try {
    const options: ReplayCommandOptions = { mapping: 'mapping.yaml', escalateWhen: 'below', badRows: 'skip', costSource: 'sheet', reports: 'reports', memoryLimit: '64MB', threads: 1, prices: PRICES[1], overrides: PRICES[3], ...o };
    const status = await replayCommand(log, options, io).catch((e: unknown) => e);
    return { status, stdout: out.join('\n') };
  } finally {
    process.chdir(cwd);
  }
}

const MAPPING = `name: t
token_basis: exclusive
latency_unit: ms
fields: { request_id: rid, ts: ts, lane: lane, customer: cust, model: model, input_tokens: tin, output_tokens: tout, completion: done, accepted: ok, simulated: sim }
signals: { confidence: conf }
`;
const GATE = `ROUTING:
  lane: support-reply
  default_model: gpt-4.1-mini
  escalate_if:
    - condition: "confidence < 0.5"
      model: gpt-4.1
`;
const budget = (escalationThreshold: number) => `example: true
feature: test
written_by: t
unit: { task: a task, completion_marker: done, cost_today_usd: null, target_usd: 0.001, target_date: 2027-01-01 }
latency: [{ feature_class: chat, first_token_ms: 1000, complete_ms: 2000 }]
routing_plan: [{ lane: support-reply, model: gpt-4.1-mini, eval_bar: null, escalation_gate: gate.yaml, quality_bar: 0.9 }]
caching: { prompt_cache: { enabled: false }, response_cache: { enabled: false }, semantic_cache: { enabled: false } }
realtime_split: {}
pricing: { stance: hybrid, base_usd_per_month: 10, included_tasks_per_month: 5, overage_usd_per_task: 0.01, margin_target: { median: 0.5, heavy: 0.2 } }
alarms:
  per_task_cost: { threshold: 1, owner: Ann Example }
  escalation_rate: { threshold: ${escalationThreshold}, owner: Bo Example }
  cache_hit_rate: { threshold: 0, owner: Cy Example }
sign_off: { owner: Ann Example, date: 2026-11-01 }
review_triggers: [a reprice]
`;

/** Eight requests over two days; r1, r4 and r7 escalate (confidence below 0.5): 3 of 8. `shadow`: gpt-4.1 answered all. */
function logRows(extra: (string | number | boolean | null)[][] = [], shadow = false) {
  const rows: (string | number | boolean | null)[][] = [];
  for (let i = 0; i < 8; i++) {
    const ts = `2026-10-0${1 + (i % 2)}T10:00:0${i}Z`;
    const conf = i % 3 === 1 ? 0.3 : 0.8;
    rows.push([`r${i}`, ts, 'support-reply', `c${i % 3}`, 'gpt-4.1-mini', 1000, 100, 800, conf > 0.5, conf, true]);
    if (conf < 0.5 || shadow) rows.push([`r${i}`, ts.replace(/:0(\d)Z/, ':1$1Z'), 'support-reply', `c${i % 3}`, 'gpt-4.1', 1000, 120, 1500, true, null, true]);
  }
  return csv(['rid', 'ts', 'lane', 'cust', 'model', 'tin', 'tout', 'done', 'ok', 'conf', 'sim'], [...rows, ...extra]);
}

async function workspace(log = logRows(), escalationThreshold = 0.5) {
  const dir = await tempDir();
  writeFileSync(join(dir, 'log.csv'), log);
  writeFileSync(join(dir, 'mapping.yaml'), MAPPING);
  writeFileSync(join(dir, 'gate.yaml'), GATE);
  writeFileSync(join(dir, 'budget.yaml'), budget(escalationThreshold));
  return dir;
}

describe('lanebar replay (the built binary)', () => {
  it('replays a gate, writes replay.json (valid) and replay.md, labels simulated rows, exits 0 when no alarm fires', async () => {
    const dir = await workspace(logRows([], true));
    const r = lanebar(['replay', 'log.csv', '--mapping', 'mapping.yaml', '--budget', 'budget.yaml', '--replay-id', 'one', '--sweep', '--pressure'], dir);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^SIMULATED/);
    expect(r.stdout).toMatch(/support-reply\s+gate gpt-4\.1-mini → gpt-4\.1 \(cascade\)\s+8\s+37\.5%/);
    expect(r.stdout).toContain('no alarm fires');
    const replay = Replay.parse(JSON.parse(readFileSync(join(dir, 'reports', 'one', 'replay.json'), 'utf8')));
    expect(replay.simulated).toBe(true);
    expect(replay.lanes[0]!.gate.escalated).toBe(3);
    expect(replay.budget?.pressure).toHaveLength(3);
    // the sweep recommends the cheapest threshold with 90% accepted: escalating the three that fail on gpt-4.1-mini
    expect(replay.sweep?.[0]?.recommended).toMatchObject({ threshold: 0.8, escalation_rate: 0.375, accepted_rate: 1, meets_bar: true });
    expect(r.stdout).toContain('sweep support-reply: 3 thresholds');
    expect(readFileSync(join(dir, 'reports', 'one', 'replay.md'), 'utf8')).toContain('**SIMULATED');
  });

  it('exits 3 when a budget alarm fires, naming the alarm and its owner', async () => {
    const dir = await workspace(logRows(), 0.25);
    const r = lanebar(['replay', 'log.csv', '--mapping', 'mapping.yaml', '--budget', 'budget.yaml', '--replay-id', 'two'], dir);
    expect(r.status).toBe(3);
    expect(r.stdout).toMatch(/escalation rate: FIRES \(37\.5% > 25\.0%\); first crossed on 2026-10-0\d; owner Bo Example/);
    expect(existsSync(join(dir, 'reports', 'two', 'replay.json'))).toBe(true);
  });

  it('bad rows: counted and listed with their line, fatal with --bad-rows fail (exit 2)', async () => {
    const log = logRows([
      ['r8', '2026-10-01T11:00:00Z', 'support-reply', 'c1', 'gpt-4.1-mini', -5, 10, 100, true, 0.9, true],
      ['r9', 'not a time', 'support-reply', 'c1', 'gpt-4.1-mini', 5, 10, 100, true, 0.9, true],
    ]);
    const dir = await workspace(log);
    const fail = lanebar(['replay', 'log.csv', '--mapping', 'mapping.yaml', '--gate', 'gate.yaml', '--bad-rows', 'fail'], dir);
    expect(fail.status).toBe(2);
    // 8 requests, 3 of them escalated: 11 rows after the header, so the bad ones are lines 13 and 14
    expect(fail.stderr).toContain('log.csv:13: 2 bad rows in the log');
    expect(fail.stderr).toContain('line 13: input_tokens is negative (-5.0)');
    expect(fail.stderr).toContain('line 14: ts: cannot read "not a time" as a timestamp');
    expect(existsSync(join(dir, 'reports'))).toBe(false);
    const skip = await inProcess('log.csv', dir, { gate: ['gate.yaml'], replayId: 'skip' });
    expect(skip.status).toBe(0);
    expect(skip.stdout).toContain('2 bad rows skipped');
    const replay = Replay.parse(JSON.parse(readFileSync(join(dir, 'reports', 'skip', 'replay.json'), 'utf8')));
    expect(replay.bad_rows.examples.map((b) => b.line)).toEqual([13, 14]);
    expect(replay.lanes[0]!.gate.requests).toBe(8);
  });

  it('--sql prints the views and statements with their parameters, and runs nothing', async () => {
    const dir = await workspace();
    const r = await inProcess('log.csv', dir, { gate: ['gate.yaml'], sql: true, sweep: true });
    expect(r.status).toBe(0);
    expect(r.stdout).toContain("CREATE OR REPLACE TEMP VIEW lanebar_source AS\n  SELECT row_number() OVER () AS __row, * FROM read_csv('log.csv'");
    expect(r.stdout).toMatch(/-- \$\d+ = 0\.5\n/);
    expect(r.stdout).toContain('GROUP BY GROUPING SETS ((lane), ())');
    expect(r.stdout).toContain('GROUP BY GROUPING SETS ((lane, g_done), (g_done)');
    expect(r.stdout).toContain('ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING');
    expect(r.stdout).not.toContain('0.5)');
    expect(existsSync(join(dir, 'reports'))).toBe(false);
  });

  it('a gate that reads a name the mapping lacks is an error located in the gate file', async () => {
    const dir = await workspace();
    writeFileSync(join(dir, 'gate.yaml'), GATE.replace('confidence < 0.5', 'confidance < 0.5'));
    const r = await inProcess('log.csv', dir, { gate: ['gate.yaml'] });
    expect(r.status).toBeInstanceOf(LanebarError);
    expect((r.status as LanebarError).format()).toContain('gate.yaml (escalate_if.0.condition): the condition "confidance < 0.5" reads "confidance", which the mapping does not provide');
  });

  it('estimates from an eval run named by id, and marks what it estimated', async () => {
    const dir = await workspace(logRows().replace(/\nr4,[^\n]*gpt-4\.1,[^\n]*/, ''));
    const summary: Summary = {
      schema: 'lanebar.summary/1', run_id: 'evals', status: 'complete', started_at: '2026-11-01T00:00:00Z', generated_at: '2026-11-01T00:01:00Z', lanebar_version: '0',
      simulated: true, percentile_method: 'nearest-rank', price_sheet: { path: 'p', date: '2026-11-01', hash: 'h' }, suites: [], journal_warnings: [],
      rows: [{
        suite: 's', lane: 'support-reply', candidate: 'big', provider: 'openai', model: 'gpt-4.1', served_by: 'sim-big', simulated: true, samples: 10, completed: 10, passed: 9, errored: 0,
        pass_rate: 0.9, pass_ci: { low: 0.6, high: 0.98 }, error_rate: 0, attempts: 10, failed_attempts: 0, retry_rate: 0,
        latency_ms: { first_token: { n: 10, p50: 300, p95: 400, p99: 400 }, completion: { n: 10, p50: 1200, p95: 1500, p99: 1500 } },
        tokens: { uncached_input: 10_000, cache_read: 0, cache_write_5m: 0, cache_write_1h: 0, output: 1000, reasoning: 0 },
        cache_hit_rate: 0, cost: { raw_usd: 0, total_usd: 0, failed_attempts_usd: 0, per_task_usd: 0, per_accepted_usd: 0 },
      }],
    };
    mkdirSync(join(dir, 'reports', 'evals'), { recursive: true });
    writeFileSync(join(dir, 'reports', 'evals', 'summary.json'), JSON.stringify(Summary.parse(summary)));
    const without = await inProcess('log.csv', dir, { gate: ['gate.yaml'] });
    expect((without.status as LanebarError).message).toContain('support-reply: 1 of 8 requests need a gpt-4.1 outcome');
    const r = await inProcess('log.csv', dir, { gate: ['gate.yaml'], evalRun: 'evals', replayId: 'est' });
    expect(r.status).toBe(0);
    const replay = Replay.parse(JSON.parse(readFileSync(join(dir, 'reports', 'est', 'replay.json'), 'utf8')));
    // r4's gpt-4.1 call is estimated: pass rate 0.9, 1,000 input and 100 output tokens
    expect(replay.lanes[0]!.gate.estimated).toEqual({ outcome_share: 1 / 8, call_share: 1 / 8 });
    expect(replay.lanes[0]!.gate.accepted).toBeCloseTo(5 + 2 + 0.9, 12);
    expect(replay.inputs.eval_run).toMatchObject({ id: 'evals', simulated: true });
    expect(r.stdout).toContain('[est 13%]');
  });
});
