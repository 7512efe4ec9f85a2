import { decideBar } from '../../src/core/bar-decide.js';
import { PassPairs } from '../../src/core/pass-pairs.js';
import { summarize } from '../../src/core/summarize.js';
import { Bar } from '../../src/schema/bar.js';
import type { AttemptRecord, CaseRecord, JournalRecord, RunStart } from '../../src/schema/journal.js';
import type { LaneBudget } from '../../src/schema/suite.js';
import { MINI_PRICE, usage } from '../helpers/fixtures.js';

/** One candidate of a hand-made lane: what it passed, how fast, at what cost per sample. */
export interface CandidateSpec {
  id: string;
  model?: string;
  simulated?: boolean;
  /** Pass or fail per case, in case order; its length is the number of cases it finished. */
  passes: boolean[];
  /** Cases (by index) whose final attempt failed: errored, never passing. */
  errored?: number[];
  ttftMs?: number;
  completionMs?: number;
  /** Spend per finished sample, USD. */
  costUsd?: number;
  output_mtok?: number;
}

export interface LaneSpec {
  cases: number;
  budget?: Partial<LaneBudget>;
  candidates: CandidateSpec[];
  /** False leaves the run without its run_end: a partial run. */
  complete?: boolean;
}

export const BUDGET: LaneBudget = { first_token_p95_ms: 800, completion_p95_ms: 1500, cost_per_accepted_usd: 0.01, min_pass_rate: 0.8 };

export function laneJournal(spec: LaneSpec): JournalRecord[] {
  const start: RunStart = {
    type: 'run_start',
    schema: 'lanebar.journal/1',
    run_id: 'hand-made',
    started_at: '2026-11-23T12:00:00.000Z',
    lanebar_version: '9.9.9',
    node_version: 'v24',
    target: 'auto',
    price_sheet: { path: 'prices/sheet-2026-11-23.json', date: '2026-11-23', hash: 'sheet-sha' },
    price_overrides: { path: 'prices/overrides.yaml', hash: 'overrides-sha' },
    suites: [
      {
        name: 'triage',
        version: '2.1.0',
        file: 'suites/triage.yaml',
        hash: 'suite-sha',
        lane: { id: 'ticket-triage', description: 'Sort tickets', latency_class: 'interactive', budget: { ...BUDGET, ...spec.budget } },
        prompt: { version: '1.4.0', hash: 'prompt-sha' },
        dataset: { path: 'datasets/t.csv', hash: 'dataset-sha', rows: spec.cases },
        graders: [{ type: 'equals', expected: '{{label}}', case_sensitive: false, trim: true }],
        candidates: spec.candidates.map((c) => ({
          id: c.id,
          provider: 'openai',
          model: c.model ?? `model-${c.id}`,
          simulated: c.simulated ?? false,
          served_by: c.simulated ? `sim-${c.id}` : (c.model ?? `model-${c.id}`),
          base_url: null,
          params: {},
          repeats: 1,
          price: { ...MINI_PRICE, model: c.model ?? `model-${c.id}`, output_mtok: c.output_mtok ?? MINI_PRICE.output_mtok },
        })),
      },
    ],
  };
  const records: JournalRecord[] = [start];
  for (const c of spec.candidates) {
    c.passes.forEach((pass, i) => {
      const failed = c.errored?.includes(i) ?? false;
      const cost = c.costUsd ?? 0.001;
      const a: AttemptRecord = {
        type: 'attempt',
        suite: 'triage',
        candidate: c.id,
        case_id: `c${i}`,
        repeat: 0,
        attempt: 1,
        started_at: start.started_at,
        waited_ms: 0,
        ok: !failed,
        output: failed ? '' : 'x',
        ttft_ms: failed ? null : (c.ttftMs ?? 100),
        completion_ms: failed ? null : (c.completionMs ?? 200),
        usage: usage({ uncached_input: 100, output: 5 }),
        usage_reported: true,
        finish_reason: failed ? null : 'stop',
        http_status: failed ? 500 : 200,
        error_class: failed ? 'server_error' : null,
        error_message: failed ? 'boom' : null,
        retry_after_ms: null,
        request_id: null,
        cost_usd: cost,
      };
      const k: CaseRecord = {
        type: 'case',
        suite: 'triage',
        candidate: c.id,
        case_id: `c${i}`,
        repeat: 0,
        status: failed ? 'errored' : 'graded',
        pass: pass && !failed,
        score: pass && !failed ? 1 : 0,
        grades: [],
        attempts: 1,
        cost_usd: cost,
        output: 'x',
        ttft_ms: a.ttft_ms,
        completion_ms: a.completion_ms,
        error_class: a.error_class,
        error_message: a.error_message,
      };
      records.push(a, k);
    });
  }
  if (spec.complete !== false) records.push({ type: 'run_end', at: '2026-11-23T12:05:00.000Z', status: 'complete' });
  return records;
}

/** The journal through the same path `lanebar bar` takes: summary, paired results, decision. */
export function decide(records: readonly JournalRecord[]): Bar {
  const pairs = new PassPairs();
  for (const r of records) if (r.type === 'case') pairs.add(r);
  const summary = summarize(records, '2026-11-23T13:00:00.000Z');
  const start = records[0] as RunStart;
  return Bar.parse(decideBar({ start, summary, pairs, generatedAt: '2026-11-23T13:00:00.000Z', generatedBy: '9.9.9' }));
}

/** n booleans: the first `pass` true, the rest false. */
export const passing = (n: number, pass: number): boolean[] => Array.from({ length: n }, (_, i) => i < pass);
