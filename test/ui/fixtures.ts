import type { AttemptRecord, CaseRecord, JournalRecord, RunStart } from '../../src/schema/journal.js';
import { attempt, MINI_PRICE, runStart, usage } from '../helpers/fixtures.js';

/** Two lanes: triage (candidates mini, big) and drafting (candidate mini), `rows` cases each. */
export function twoLaneStart(rows: number): RunStart {
  const base = runStart(rows);
  const triage = base.suites[0]!;
  const mini = triage.candidates[0]!;
  return {
    ...base,
    run_id: 'ui-run',
    suites: [
      { ...triage, candidates: [mini, { ...mini, id: 'big', model: 'gpt-4.1', served_by: 'sim-flagship', price: { ...MINI_PRICE, model: 'gpt-4.1' } }] },
      {
        ...triage,
        name: 'drafting',
        file: 'suites/drafting.yaml',
        lane: {
          id: 'report-drafting',
          description: 'd',
          latency_class: 'report',
          budget: { first_token_p95_ms: 3000, completion_p95_ms: 12000, cost_per_accepted_usd: 0.01, min_pass_rate: 0.85 },
        },
        candidates: [mini],
      },
    ],
  };
}

const at = (r: AttemptRecord, suite: string, candidate: string): AttemptRecord => ({ ...r, suite, candidate });

export interface CaseSpec {
  suite: string;
  candidate: string;
  id: string;
  pass: boolean;
  /** Failed attempts before the last one (each a 429). */
  retries?: number;
  errored?: boolean;
  output?: string;
  latency?: [number, number];
  cost?: number;
}

/** The journal records of one sample: its attempts, then its result, as the runner writes them. */
export function sample(s: CaseSpec): (AttemptRecord | CaseRecord)[] {
  const cost = s.cost ?? 0.0001;
  const out: (AttemptRecord | CaseRecord)[] = [];
  const retries = s.retries ?? 0;
  for (let i = 1; i <= retries; i++) out.push(at(attempt(s.id, i, false, usage({ uncached_input: 10 }), cost / 10), s.suite, s.candidate));
  const last = retries + 1;
  if (s.errored) out.push(at(attempt(s.id, last, false, usage({ uncached_input: 10 }), cost / 10), s.suite, s.candidate));
  else out.push(at(attempt(s.id, last, true, usage({ uncached_input: 100, cache_read: 900, output: 5 }), cost, s.latency ?? [200, 400]), s.suite, s.candidate));
  const failing = !s.pass && !s.errored;
  out.push({
    type: 'case',
    suite: s.suite,
    candidate: s.candidate,
    case_id: s.id,
    repeat: 0,
    status: s.errored ? 'errored' : 'graded',
    pass: s.pass,
    score: s.pass ? 1 : 0,
    grades: s.errored
      ? []
      : [
          { grader: 'label', pass: !failing, score: failing ? 0 : 1, reason: failing ? 'expected "bug", got "billing"' : 'ok' },
          { grader: 'length', pass: true, score: 1, reason: 'within 400 characters' },
        ],
    attempts: last,
    cost_usd: s.errored ? (cost / 10) * last : cost + (cost / 10) * retries,
    output: s.output ?? (s.errored ? '' : failing ? 'billing' : 'bug'),
    ttft_ms: s.errored ? null : (s.latency ?? [200, 400])[0],
    completion_ms: s.errored ? null : (s.latency ?? [200, 400])[1],
    error_class: s.errored ? 'rate_limited' : null,
    error_message: s.errored ? 'rate limited after 3 attempts' : null,
  });
  return out;
}

/**
 * A run of `rows` cases per row with a mix of passes, failures, retries and errors, deterministic:
 * case i fails when i % 4 === 0, is retried when i % 5 === 0, errors when i % 11 === 0.
 */
export function journal(rows: number, upTo = rows): JournalRecord[] {
  const start = twoLaneStart(rows);
  const out: JournalRecord[] = [start];
  for (let i = 1; i <= upTo; i++) {
    for (const s of start.suites) {
      for (const c of s.candidates) {
        out.push(
          ...sample({
            suite: s.name,
            candidate: c.id,
            id: `t${i}`,
            pass: i % 4 !== 0 && i % 11 !== 0,
            errored: i % 11 === 0,
            retries: i % 5 === 0 ? 1 : 0,
            latency: [100 + ((i * 37) % 300) * (c.id === 'big' ? 3 : 1), 300 + ((i * 53) % 900) * (c.id === 'big' ? 3 : 1)],
          }),
        );
      }
    }
  }
  if (upTo === rows) out.push({ type: 'run_end', at: '2026-11-23T12:00:42.000Z', status: 'complete' });
  return out;
}
