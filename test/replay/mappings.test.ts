import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadMapping } from '../../src/load/mapping.js';
import { loadPriceBook } from '../../src/load/prices.js';
import { parseGateConfig } from '../../src/load/gate-config.js';
import type { Db } from '../../src/replay/duckdb.js';
import { runReplay } from '../../src/replay/run-replay.js';
import { createViews } from '../../src/replay/setup.js';
import type { Mapping } from '../../src/schema/replay.js';
import { tempDir, testDb, writeText } from './helpers.js';

/*
 * Each shipped mapping, on a small sample written with the export's real field names. The point
 * of each test is the token basis: read with the wrong one, every cached row is mispriced.
 */

const ROOT = join(import.meta.dirname, '..', '..');
const BOOK = loadPriceBook({ root: ROOT });

const csvCell = (v: unknown) => {
  if (v === null || v === undefined) return '';
  const s = typeof v === 'string' ? v : JSON.stringify(v);
  return /[",\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
};

// LiteLLM_SpendLogs columns (schema.prisma), in the table's order, as a Postgres CSV export writes them.
const LITELLM_COLUMNS = [
  'request_id', 'call_type', 'api_key', 'spend', 'total_tokens', 'prompt_tokens', 'completion_tokens', 'startTime', 'endTime',
  'request_duration_ms', 'completionStartTime', 'model', 'model_id', 'model_group', 'custom_llm_provider', 'api_base', 'user',
  'metadata', 'cache_hit', 'cache_key', 'request_tags', 'team_id', 'organization_id', 'end_user', 'requester_ip_address',
  'messages', 'response', 'session_id', 'status',
];

function litellmRow(r: { id: string; session: string | null; model: string; provider: string; prompt: number; completion: number; spend: number; start: string; first: string; end: string; usage: object; meta: object; user: string }) {
  const metadata = { user_api_key: 'hashed', spend_logs_metadata: r.meta, usage_object: { prompt_tokens: r.prompt, completion_tokens: r.completion, ...r.usage }, status: 'success' };
  const row: Record<string, unknown> = {
    request_id: r.id, call_type: 'acompletion', api_key: 'hashed', spend: r.spend, total_tokens: r.prompt + r.completion, prompt_tokens: r.prompt,
    completion_tokens: r.completion, startTime: r.start, endTime: r.end, completionStartTime: r.first, model: r.model, model_group: r.model,
    custom_llm_provider: r.provider, api_base: 'https://api.example.com', user: '', metadata, cache_hit: 'False', cache_key: 'Cache OFF',
    request_tags: [], end_user: r.user, session_id: r.session, status: 'success',
  };
  return LITELLM_COLUMNS.map((c) => csvCell(row[c])).join(',');
}

/*
 * s1: gpt-4.1-mini answers (2,006 prompt tokens, 1,920 of them cache reads: OpenAI's
 *     prompt_tokens_details.cached_tokens), confidence 0.42; gpt-4.1 is called in the same session.
 * r3: an Anthropic call: prompt_tokens 2,100 = 100 uncached + 1,800 cache reads + 200 cache writes.
 */
const LITELLM_CSV = [
  LITELLM_COLUMNS.join(','),
  litellmRow({ id: 'chatcmpl-1', session: 's1', model: 'gpt-4.1-mini', provider: 'openai', prompt: 2006, completion: 50, spend: 0.0003064, start: '2026-10-01 10:00:00.000+00', first: '2026-10-01 10:00:00.400+00', end: '2026-10-01 10:00:01.200+00', usage: { prompt_tokens_details: { cached_tokens: 1920 } }, meta: { lane: 'support-reply', confidence: 0.42, accepted: false, account_tier: 'pro' }, user: 'acct-1' }),
  litellmRow({ id: 'chatcmpl-2', session: 's1', model: 'gpt-4.1', provider: 'openai', prompt: 2006, completion: 60, spend: 0.004492, start: '2026-10-01 10:00:01.300+00', first: '2026-10-01 10:00:01.900+00', end: '2026-10-01 10:00:03.300+00', usage: { prompt_tokens_details: { cached_tokens: 0 } }, meta: { lane: 'support-reply', accepted: true, account_tier: 'pro' }, user: 'acct-1' }),
  litellmRow({ id: 'msg_3', session: null, model: 'claude-sonnet-4-20250514', provider: 'anthropic', prompt: 2100, completion: 300, spend: 0.00579, start: '2026-10-01 11:00:00.000+00', first: '2026-10-01 11:00:00.500+00', end: '2026-10-01 11:00:04.000+00', usage: { cache_read_input_tokens: 1800, cache_creation_input_tokens: 200 }, meta: { lane: 'drafting', confidence: 0.9, accepted: true }, user: 'acct-2' }),
].join('\n') + '\n';

/* Langfuse generations, as the observations export writes them (JSONL). */
const obs = (o: Record<string, unknown>) =>
  JSON.stringify({ type: 'GENERATION', name: 'answer', level: 'DEFAULT', modelParameters: {}, input: null, output: null, version: null, promptName: null, ...o });
const LANGFUSE_JSONL = [
  // gpt-4.1-mini with 1,920 cached tokens: Langfuse took them out of `input` (2,006 - 1,920 = 86)
  obs({ id: 'g1', traceId: 't1', startTime: '2026-10-01T10:00:00.000Z', completionStartTime: '2026-10-01T10:00:00.400Z', endTime: '2026-10-01T10:00:01.200Z', model: 'gpt-4.1-mini', usageDetails: { input: 86, input_cached_tokens: 1920, output: 50, total: 2056 }, costDetails: { input: 0.0002264, output: 0.00008, total: 0.0003064 }, latency: 1.2, timeToFirstToken: 0.4, metadata: { lane: 'support-reply', customer_id: 'acct-1', confidence: 0.42, accepted: false, account_tier: 'pro' } }),
  obs({ id: 'g2', traceId: 't1', startTime: '2026-10-01T10:00:01.300Z', completionStartTime: '2026-10-01T10:00:01.900Z', endTime: '2026-10-01T10:00:03.300Z', model: 'gpt-4.1', usageDetails: { input: 2006, output: 60, total: 2066 }, costDetails: { total: 0.004492 }, latency: 2.0, timeToFirstToken: 0.6, metadata: { lane: 'support-reply', customer_id: 'acct-1', accepted: true, account_tier: 'pro' } }),
  // Anthropic: input is exclusive already, cache reads and writes are their own keys
  obs({ id: 'g3', traceId: 't2', startTime: '2026-10-01T11:00:00.000Z', endTime: '2026-10-01T11:00:04.000Z', model: 'claude-sonnet-4-20250514', usageDetails: { input: 100, cache_read_input_tokens: 1800, cache_creation_input_tokens: 200, output: 300 }, costDetails: { total: 0.00579 }, latency: 4.0, timeToFirstToken: 0.5, metadata: { lane: 'drafting', customer_id: 'acct-2', confidence: 0.9, accepted: true } }),
  // reasoning tokens are output tokens to the bill, though Langfuse keeps them apart
  obs({ id: 'g4', traceId: 't3', startTime: '2026-10-01T12:00:00.000Z', endTime: '2026-10-01T12:00:03.000Z', model: 'o4-mini', usageDetails: { input: 10, output: 20, output_reasoning_tokens: 100 }, costDetails: { total: 0.000539 }, latency: 3.0, timeToFirstToken: 2.5, metadata: { lane: 'drafting', customer_id: 'acct-2', accepted: true } }),
].join('\n') + '\n';

let db: Db;
beforeEach(async () => {
  db = await testDb();
});
afterEach(async () => {
  await db.close();
});

async function calls(mapping: Mapping, mappingPath: string, name: string, text: string) {
  const dir = await tempDir();
  const logPath = await writeText(dir, name, text);
  await createViews(db, { logPath, mappingPath, mapping, gates: [], prices: BOOK, evalStats: [] });
  return db.all('SELECT request_id, call_id, lane, customer, provider, model, uncached_input, cache_read, cache_write, output, ttft_ms, completion_ms, accepted, log_cost_usd, s_confidence FROM lanebar_calls ORDER BY ts');
}

const LITELLM = join(ROOT, 'mappings', 'litellm-spend-logs.yaml');
const LANGFUSE = join(ROOT, 'mappings', 'langfuse-observations.yaml');

describe('mappings/litellm-spend-logs.yaml', () => {
  it('takes cache reads and writes out of prompt_tokens (inclusive basis), for OpenAI and Anthropic rows', async () => {
    const rows = await calls(await loadMapping(LITELLM), LITELLM, 'spend.csv', LITELLM_CSV);
    expect(rows.map((r) => [r.request_id, r.model, r.uncached_input, r.cache_read, r.cache_write, r.output])).toEqual([
      ['s1', 'gpt-4.1-mini', 86, 1920, 0, 50],
      ['s1', 'gpt-4.1', 2006, 0, 0, 60],
      ['msg_3', 'claude-sonnet-4-20250514', 100, 1800, 200, 300],
    ]);
    expect(rows[0]).toMatchObject({ lane: 'support-reply', customer: 'acct-1', provider: 'openai', ttft_ms: 400, completion_ms: 1200, accepted: false, log_cost_usd: 0.0003064, s_confidence: 0.42 });
    expect(rows[2]).toMatchObject({ provider: 'anthropic', lane: 'drafting', ttft_ms: 500, completion_ms: 4000 });
  });

  it('prices the cascade from the sheet; read as exclusive, the same log would bill 1,920 cached tokens at the full price', async () => {
    const mapping = await loadMapping(LITELLM);
    const dir = await tempDir();
    const logPath = await writeText(dir, 'spend.csv', LITELLM_CSV);
    const gate = parseGateConfig('lane: support-reply\ndefault_model: gpt-4.1-mini\nescalate_if:\n  - { condition: "confidence < 0.5", model: gpt-4.1 }\n', 'g.yaml');
    const run = (m: Mapping) =>
      runReplay({ logPath, mappingPath: LITELLM, mapping: m, gates: [{ file: 'g.yaml', config: gate }], prices: BOOK, evalStats: [], evalRun: null, budget: null, badRows: 'fail', costSource: 'sheet', sweep: null, pressure: false, replayId: 't', now: new Date(), lanebarVersion: '0', db: { memoryLimit: '64MB', threads: 1 } });
    const right = (await run(mapping)).lanes[0]!.gate;
    // gpt-4.1-mini: 86 × 0.40 + 1,920 × 0.10 + 50 × 1.60 = 306.4 µ$; gpt-4.1: 2,006 × 2 + 60 × 8 = 4,492 µ$
    expect(right.cost.total_usd).toBeCloseTo(0.0047984, 12);
    expect(right.log_cost?.total_usd).toBeCloseTo(0.0047984, 12);
    expect(right.cache_hit_rate).toBeCloseTo(1920 / 4012, 12);
    const wrong = (await run({ ...mapping, token_basis: 'exclusive' })).lanes[0]!.gate;
    // 1,920 more uncached tokens at 0.40 and the 1,920 cache reads at 0.10 still counted
    expect(wrong.cost.total_usd - right.cost.total_usd).toBeCloseTo((1920 * 0.4) / 1e6, 12);
  });
});

describe('mappings/langfuse-observations.yaml', () => {
  it('reads usageDetails as exclusive, adds reasoning tokens back to output, and turns seconds into ms', async () => {
    const rows = await calls(await loadMapping(LANGFUSE), LANGFUSE, 'observations.jsonl', LANGFUSE_JSONL);
    expect(rows.map((r) => [r.request_id, r.call_id, r.model, r.uncached_input, r.cache_read, r.cache_write, r.output])).toEqual([
      ['t1', 'g1', 'gpt-4.1-mini', 86, 1920, 0, 50],
      ['t1', 'g2', 'gpt-4.1', 2006, 0, 0, 60],
      ['t2', 'g3', 'claude-sonnet-4-20250514', 100, 1800, 200, 300],
      ['t3', 'g4', 'o4-mini', 10, 0, 0, 120],
    ]);
    expect(rows[0]).toMatchObject({ lane: 'support-reply', customer: 'acct-1', provider: 'openai-compatible', ttft_ms: 400, completion_ms: 1200, accepted: false, log_cost_usd: 0.0003064, s_confidence: 0.42 });
  });

  it('read as inclusive, its cached rows would fail: cached tokens exceed the input that supposedly contains them', async () => {
    const mapping = { ...(await loadMapping(LANGFUSE)), token_basis: 'inclusive' as const };
    await calls(mapping, LANGFUSE, 'observations.jsonl', LANGFUSE_JSONL);
    const bad = await db.all('SELECT __row, __problem FROM lanebar_checked WHERE __problem IS NOT NULL ORDER BY __row');
    expect(bad.map((b) => b.__row)).toEqual([1, 3]);
    expect(String(bad[0]!.__problem)).toMatch(/cache_read_tokens \+ cache_write_tokens \(1920(\.0)?\) exceed input_tokens \(86(\.0)?\)/);
  });
});
