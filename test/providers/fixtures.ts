import type { Row } from '../../src/core/template.js';
import type { ChatRequest } from '../../src/providers/types.js';
import type { SimTask } from '../../src/providers/sim/index.js';
import { SimModelsFile, type SimModelsFileInput } from '../../src/schema/sim.js';
import type { CacheTtl, CandidateParams } from '../../src/schema/suite.js';

/*
 * Prompts whose token counts are worked out by hand with the simulator's tokenizer: a message is
 * 4 tokens plus ceil(characters / 4), and a request adds 3 to prime the reply.
 *
 *   system  "Sort tickets. " x 300  = 4,200 chars -> 1,050 + 4 = 1,054 tokens
 *   example "Subject: Example"      =    16 chars ->     4 + 4 =     8 tokens
 *           "billing"               =     7 chars ->     2 + 4 =     6 tokens
 *   stable prefix (system + example)                         = 1,068 tokens
 *   tail    "Subject: Ticket 07"    =    18 chars ->     5 + 4 =     9 tokens
 *   request: 1,068 + 9 + 3 = 1,080 input tokens, of which 12 come after the prefix.
 */
export const SYSTEM = 'Sort tickets. '.repeat(300);
export const PREFIX_TOKENS = 1068;
export const PROMPT_TOKENS = 1080;
export const TAIL_TOKENS = 12;
/** "Sort tickets. " x 20 = 280 chars -> 74 tokens: a prefix of 74 + 8 + 6 = 88 tokens, under every minimum. */
export const SHORT_SYSTEM = 'Sort tickets. '.repeat(20);
export const SHORT_PROMPT_TOKENS = 88 + 9 + 3;

export const LABELS = ['billing', 'bug', 'account', 'other'] as const;
/** Output tokens of each label: ceil(length / 4). */
export const LABEL_TOKENS: Record<string, number> = { billing: 2, bug: 1, account: 2, other: 2 };

export const rows: Row[] = Array.from({ length: 40 }, (_, i) => ({
  id: `c${i}`,
  subject: `Ticket ${String(i).padStart(2, '0')}`,
  label: LABELS[i % LABELS.length]!,
}));

/** A long answer: 160 characters, streamed in ten 16-character chunks of 4 tokens each. */
export const ESSAY = 'The ledger was reconciled line by line and every figure was checked twice. '.repeat(3).slice(0, 160);
/** "Subject: Essay one" is 18 characters, the same 9 tokens as every other tail. */
export const essayRow: Row = { id: 'e1', subject: 'Essay one', label: 'essay' };

export const tasks: SimTask[] = [
  { lane: 'triage', tailTemplate: 'Subject: {{subject}}', idColumn: 'id', rows },
  { lane: 'essay', tailTemplate: 'Subject: {{subject}}', idColumn: 'id', rows: [{ ...essayRow, text: ESSAY }] },
];

const profile = (extra: Record<string, unknown> = {}) => ({
  accuracy: { triage: 1, essay: 1 },
  // p50 = p95: the lognormal collapses to one value, so every first token takes exactly this long.
  ttft_ms: { p50: 1, p95: 1 },
  output_tokens_per_s: 100_000,
  ...extra,
});

/** SIMULATED test profiles, shaped like the providers' caching rules. */
export function models(extra: SimModelsFileInput['models'] = {}): SimModelsFile {
  return SimModelsFile.parse({
    seed: 5,
    models: {
      // Anthropic: the minimum cacheable prompt length of Claude Sonnet 4.5 is 1,024 tokens.
      'sim-claude': profile({ cache: { min_prefix_tokens: 1024 } }),
      // Claude Haiku 4.5's minimum is 4,096: the 1,068-token prefix is never cached.
      'sim-claude-4096': profile({ cache: { min_prefix_tokens: 4096 } }),
      'sim-slow': profile({ ttft_ms: { p50: 200, p95: 200 } }),
      'sim-thinker': profile({ reasoning_tokens: 30 }),
      // Gemini implicit caching: whole prefixes above 1,024 tokens, no write premium.
      'sim-gemini': profile({ cache: { min_prefix_tokens: 1024, increment: 1, ttl_s: 300 } }),
      // Gemini 2.5 Flash thinks before it answers unless its thinking budget is 0.
      'sim-gemini-thinker': profile({ reasoning_tokens: 30, cache: { min_prefix_tokens: 1024, increment: 1, ttl_s: 300 } }),
      // OpenAI automatic caching: 1,024 tokens, then whole increments of 128, for 5 minutes after the last use.
      'sim-gpt': profile({ cache: { min_prefix_tokens: 1024, increment: 128, ttl_s: 300 } }),
      ...extra,
    },
    tasks: {
      triage: { answer: '{{label}}', wrong: ['{{$other.label}}'] },
      essay: { answer: '{{text}}', wrong: ['No.'] },
    },
  });
}

export interface RequestOptions {
  system?: string;
  cacheTtl?: CacheTtl;
  params?: CandidateParams;
}

/** The request the runner would send for a row: the stable prefix, then the rendered tail. */
export function request(row: Row, o: RequestOptions = {}): ChatRequest {
  return {
    system: o.system ?? SYSTEM,
    examples: [{ user: 'Subject: Example', assistant: 'billing' }],
    user: `Subject: ${row['subject']}`,
    params: o.params ?? { temperature: 0, max_tokens: 400 },
    ...(o.cacheTtl ? { cacheTtl: o.cacheTtl } : {}),
  };
}

export const never = new AbortController().signal;
