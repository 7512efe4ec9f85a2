import type { Usage } from '../../src/schema/attempt.js';
import type { AttemptRecord, CaseRecord, RunStart } from '../../src/schema/journal.js';
import { PriceField, type ModelPrice } from '../../src/schema/prices.js';

/** gpt-4.1-mini's list prices per million tokens: input 0.40, cached input 0.10, output 1.60. */
export const MINI_PRICE: ModelPrice = {
  provider: 'openai',
  model: 'gpt-4.1-mini',
  matched: { provider: 'openai', model_id: 'gpt-4.1-mini' },
  input_mtok: 0.4,
  cache_read_mtok: 0.1,
  cache_write_5m_mtok: 0.4,
  cache_write_1h_mtok: 0.4,
  output_mtok: 1.6,
  batch_discount: null,
  gpu_hour_usd: null,
  throughput_tokens_per_s: null,
  cache_storage_mtok_hour: null,
  defaulted: [],
  sources: Object.fromEntries(PriceField.options.map((f) => [f, 'test fixture'])) as ModelPrice['sources'],
  provenance: { sheet_hash: 'test', overrides_hash: null, at: '2026-11-23T00:00:00.000Z' },
};

export function runStart(rows: number, price: ModelPrice = MINI_PRICE): RunStart {
  return {
    type: 'run_start',
    schema: 'lanebar.journal/1',
    run_id: 'test-run',
    started_at: '2026-11-23T12:00:00.000Z',
    lanebar_version: '0.0.0',
    node_version: 'v24',
    target: 'sim',
    price_sheet: { path: 'prices/sheet.json', date: '2026-11-23', hash: 'abc' },
    price_overrides: null,
    suites: [
      {
        name: 'triage',
        version: '1',
        file: 'suites/triage.yaml',
        hash: 'h',
        lane: {
          id: 'ticket-triage',
          description: 'd',
          latency_class: 'interactive',
          budget: { first_token_p95_ms: 800, completion_p95_ms: 1500, cost_per_accepted_usd: 0.001, min_pass_rate: 0.8 },
        },
        prompt: { version: '1', hash: 'p' },
        dataset: { path: 'datasets/t.csv', hash: 'd', rows },
        graders: [{ type: 'equals', expected: '{{label}}', case_sensitive: false, trim: true }],
        candidates: [
          { id: 'mini', provider: 'openai', model: 'gpt-4.1-mini', simulated: true, served_by: 'sim-mid', base_url: null, params: {}, repeats: 1, price },
        ],
      },
    ],
  };
}

export const usage = (u: Partial<Usage>): Usage => ({ uncached_input: 0, cache_read: 0, cache_write_5m: 0, cache_write_1h: 0, output: 0, reasoning: 0, ...u });

export function attempt(caseId: string, n: number, ok: boolean, u: Usage, cost: number, lat: [number, number] | null = null): AttemptRecord {
  return {
    type: 'attempt',
    suite: 'triage',
    candidate: 'mini',
    case_id: caseId,
    repeat: 0,
    attempt: n,
    started_at: '2026-11-23T12:00:00.000Z',
    waited_ms: 0,
    ok,
    output: ok ? 'bug' : '',
    ttft_ms: lat?.[0] ?? null,
    completion_ms: lat?.[1] ?? null,
    usage: u,
    usage_reported: true,
    finish_reason: ok ? 'stop' : null,
    http_status: ok ? 200 : 429,
    error_class: ok ? null : 'rate_limited',
    error_message: ok ? null : 'rate limited',
    retry_after_ms: null,
    request_id: null,
    cost_usd: cost,
  };
}

export function caseResult(caseId: string, pass: boolean, attempts: number, cost: number): CaseRecord {
  return {
    type: 'case',
    suite: 'triage',
    candidate: 'mini',
    case_id: caseId,
    repeat: 0,
    status: 'graded',
    pass,
    score: pass ? 1 : 0,
    grades: [{ grader: 'equals', pass, score: pass ? 1 : 0, reason: pass ? 'ok' : 'expected "bug", got "billing"' }],
    attempts,
    cost_usd: cost,
    output: 'bug',
    ttft_ms: null,
    completion_ms: null,
    error_class: null,
    error_message: null,
  };
}
