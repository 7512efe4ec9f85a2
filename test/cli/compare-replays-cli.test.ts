import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { newestSheet } from '../../src/load/prices.js';
import { Replay } from '../../src/schema/replay-result.js';
import { validateJunit } from '../helpers/junit-xsd.js';
import { csv, tempDir } from '../replay/helpers.js';

const ROOT = join(import.meta.dirname, '..', '..');
const CLI = join(ROOT, 'dist', 'cli', 'main.js');
const PRICES = ['--prices', newestSheet(ROOT), '--overrides', join(ROOT, 'prices', 'overrides.yaml')];

function lanebar(args: string[], cwd: string, env: Record<string, string> = {}) {
  return spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', env: { ...process.env, GITHUB_STEP_SUMMARY: '', ...env } });
}

const MAPPING = `name: t
token_basis: exclusive
latency_unit: ms
fields: { request_id: rid, ts: ts, lane: lane, customer: cust, model: model, input_tokens: tin, output_tokens: tout, completion: done, accepted: ok, simulated: sim }
signals: { confidence: conf }
`;

const gate = (threshold: number) => `ROUTING:
  lane: support-reply
  mode: cascade
  default_model: gpt-4.1-mini
  escalate_if:
    - condition: "confidence < ${threshold}"
      model: gpt-4.1
`;

const BUDGET = `example: true
feature: test
written_by: t
unit: { task: a task, completion_marker: done, cost_today_usd: null, target_usd: 1, target_date: 2027-01-01 }
latency: [{ feature_class: chat, first_token_ms: 1000, complete_ms: 2000 }]
routing_plan: [{ lane: support-reply, model: gpt-4.1-mini, eval_bar: null, escalation_gate: wide.yaml }]
caching: { prompt_cache: { enabled: false }, response_cache: { enabled: false }, semantic_cache: { enabled: false } }
realtime_split: {}
pricing: { stance: usage, price_usd_per_task: 1, margin_target: { median: 0.5, heavy: 0.2 } }
alarms:
  per_task_cost: { threshold: 1, owner: Ann Example }
  escalation_rate: { threshold: 0.3, owner: Bo Example }
  cache_hit_rate: { threshold: 0, owner: Cy Example }
sign_off: { owner: Ann Example, date: 2026-11-01 }
review_triggers: [a reprice]
`;

/**
 * 200 requests with confidence 0.0025 … 0.9975, every one answered by both models (shadow
 * traffic): gpt-4.1-mini is accepted only above confidence 0.5, gpt-4.1 always. A gate escalating
 * below 0.5 accepts them all (50% escalated); one escalating below 0.1 loses the 80 requests in
 * between (10% escalated): a paired drop McNemar cannot miss.
 */
function log(): string {
  const rows: (string | number | boolean)[][] = [];
  for (let i = 0; i < 200; i++) {
    const conf = (i + 0.5) / 200;
    const ts = `2026-10-01T10:${String(Math.floor(i / 60)).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}Z`;
    rows.push([`r${i}`, ts, 'support-reply', `c${i % 3}`, 'gpt-4.1-mini', 1000, 100, 800, conf > 0.5, conf, true]);
    rows.push([`r${i}`, ts, 'support-reply', `c${i % 3}`, 'gpt-4.1', 1000, 120, 1500, true, conf, true]);
  }
  return csv(['rid', 'ts', 'lane', 'cust', 'model', 'tin', 'tout', 'done', 'ok', 'conf', 'sim'], rows);
}

let dir: string;

function replay(id: string, gateFile: string) {
  const r = lanebar(['replay', 'log.csv', '--mapping', 'mapping.yaml', '--gate', gateFile, '--budget', 'budget.yaml', '--replay-id', id, ...PRICES], dir);
  expect([0, 3], r.stderr).toContain(r.status);
  return r;
}

beforeAll(async () => {
  dir = await tempDir();
  writeFileSync(join(dir, 'log.csv'), log());
  writeFileSync(join(dir, 'mapping.yaml'), MAPPING);
  writeFileSync(join(dir, 'wide.yaml'), gate(0.5));
  writeFileSync(join(dir, 'narrow.yaml'), gate(0.1));
  writeFileSync(join(dir, 'budget.yaml'), BUDGET);
  replay('wide', 'wide.yaml');
  replay('wide-again', 'wide.yaml');
  replay('narrow', 'narrow.yaml');
}, 60_000);

describe('lanebar compare of two replays (the built binary)', () => {
  it('writes each request outcome beside replay.json, for compare to pair', () => {
    const wide = Replay.parse(JSON.parse(readFileSync(join(dir, 'reports', 'wide', 'replay.json'), 'utf8')));
    expect(wide.lanes[0]!.gate).toMatchObject({ requests: 200, escalated: 100, accepted: 200 });
    expect(existsSync(join(dir, 'reports', 'wide', 'requests.parquet'))).toBe(true);
  });

  it('holds when the same gate is replayed again', () => {
    const r = lanebar(['compare', 'wide', 'wide-again'], dir);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('compare replays: baseline wide → current wide-again');
    expect(r.stdout).toMatch(/support-reply\n\s+gate\s+routes\s+escalated\s+accepted\s+acc→rej \/ rej→acc/);
    expect(r.stdout).toContain('All compare rules held.');
  });

  it('fails a gate that escalates less and loses accepted outcomes, with the paired figures, in text, JUnit, JSON and the step summary', () => {
    const summary = join(dir, 'step-summary.md');
    const r = lanebar(['compare', 'reports/wide', 'narrow', '--junit', 'out/compare.xml', '--json', 'out/compare.json'], dir, { GITHUB_STEP_SUMMARY: summary });
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/narrow\.yaml\s+gpt-4\.1-mini → gpt-4\.1 \(cascade\)\s+50\.0% → 10\.0%\s+100\.0% → 60\.0%\s+80 \/ 0/);
    expect(r.stdout).toMatch(
      /FAIL support-reply · narrow\.yaml · pass rate: dropped significantly: 100\.0% → 60\.0% \(−40\.0 pp\); McNemar exact on 200 shared requests: 80 accepted→rejected, 0 rejected→accepted, p = \S+ < α = 0\.05/,
    );
    // Fewer escalations cost less per accepted outcome even with 80 fewer accepted: only quality breaks.
    expect(r.stdout).toContain('1 compare rule broken.');
    expect(r.stdout).toContain('simulated data is compared');
    const json = JSON.parse(readFileSync(join(dir, 'out', 'compare.json'), 'utf8')) as { kind: string; broken: number; rows: { lane: string; current: { escalation_rate: number } }[] };
    expect(json.kind).toBe('replays');
    expect(json.broken).toBe(1);
    expect(json.rows.find((x) => x.lane === 'support-reply')!.current.escalation_rate).toBe(0.1);
    const junit = validateJunit(join(dir, 'out', 'compare.xml'));
    expect(junit.ok, junit.output).toBe(true);
    const xml = readFileSync(join(dir, 'out', 'compare.xml'), 'utf8');
    expect(xml).toContain('80 accepted→rejected');
    expect(readFileSync(summary, 'utf8')).toMatch(/^## lanebar compare: FAILED/);
  });

  it('fails when a budget alarm that was quiet fires now, with both values and the threshold', () => {
    const r = lanebar(['compare', 'narrow', 'wide'], dir);
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('FAIL (all lanes) · gates · escalation rate alarm: quiet at 10.0% → fires at 50.0%, threshold 30.0%');
    // Quality went up (no paired drop); cost per accepted rose with the escalations.
    expect(r.stdout).toMatch(/FAIL support-reply · wide\.yaml · cost per accepted outcome/);
    expect(r.stdout).not.toMatch(/FAIL support-reply · wide\.yaml · pass rate/);
    const off = join(dir, 'rules.yaml');
    writeFileSync(off, 'rules: { budget_alarms: false, cost_per_accepted: false }\n');
    expect(lanebar(['compare', 'narrow', 'wide', '--rules', off], dir).status).toBe(0);
  });

  it('accepts a replay baseline only on purpose, and compares later replays with it', () => {
    const first = lanebar(['compare', 'reports/replay-baseline', 'wide', '--accept'], dir);
    expect(first.status, first.stderr).toBe(0);
    expect(first.stdout).toContain('no baseline yet at reports/replay-baseline: replay wide is now the baseline (4 files)');
    for (const f of ['replay.json', 'requests.parquet', 'replay.md', 'index.html']) expect(existsSync(join(dir, 'reports', 'replay-baseline', f))).toBe(true);
    expect(lanebar(['compare', 'reports/replay-baseline', 'narrow'], dir).status).toBe(1);
    const accepted = lanebar(['compare', 'reports/replay-baseline', 'narrow', '--accept'], dir);
    expect(accepted.status).toBe(0);
    expect(accepted.stdout).toMatch(/baseline updated: .* now hold replay narrow/);
    expect(lanebar(['compare', 'reports/replay-baseline', 'narrow'], dir).status).toBe(0);
    const own = lanebar(['compare', 'reports/wide', 'narrow', '--accept'], dir);
    expect(own.status).toBe(2);
    expect(own.stderr).toContain('is the folder of replay wide, not a baseline');
  });

  it('skips the paired test, saying why, when a replay has no per-request outcomes', () => {
    const copy = join(dir, 'reports', 'old');
    mkdirSync(copy, { recursive: true });
    writeFileSync(join(copy, 'replay.json'), readFileSync(join(dir, 'reports', 'narrow', 'replay.json')));
    const r = lanebar(['compare', 'wide', 'old'], dir);
    expect(r.stdout).not.toContain('McNemar');
    const json = join(dir, 'out', 'old.json');
    lanebar(['compare', 'wide', 'old', '--json', json], dir);
    const c = JSON.parse(readFileSync(json, 'utf8')) as { rows: { lane: string; checks: { rule: string; outcome: string; note: string }[] }[] };
    expect(c.rows[0]!.checks.find((k) => k.rule === 'pass_rate')).toMatchObject({ outcome: 'skipped', note: expect.stringMatching(/replay narrow has no per-request outcomes \(requests\.parquet\)/) });
    rmSync(copy, { recursive: true });
  });

  it('refuses to compare a replay with something that is not one, naming the folder', () => {
    const notReplay = join(dir, 'reports', 'a-run');
    mkdirSync(notReplay, { recursive: true });
    writeFileSync(join(notReplay, 'run.jsonl'), '');
    const r = lanebar(['compare', 'reports/a-run', 'wide'], dir);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/a-run.*the current one is a replay and the baseline is not \(no replay\.json\)/s);
    const accept = lanebar(['compare', 'reports/a-run', 'wide', '--accept'], dir);
    expect(accept.status).toBe(2);
    expect(accept.stderr).toContain('holds a run; the current one is a replay');
  });
});
