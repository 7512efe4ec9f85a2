import OpenAI from 'openai';
import type { Row } from '../../src/core/template.js';
import { SimModelsFile, type SimModelsFileInput } from '../../src/schema/sim.js';
import type { SimTask } from '../../src/providers/sim/index.js';

export const LABELS = ['billing', 'bug', 'account', 'feature_request', 'outage', 'other'] as const;
export const TRIAGE_TAIL = 'Subject: {{subject}}\n\n{{body}}';

/** Triage rows whose difficulties sit on an even grid, so expected accuracies are exact. */
export function triageRows(n: number, withDifficulty = true): Row[] {
  return Array.from({ length: n }, (_, i) => ({
    id: `t${i}`,
    subject: `Ticket ${i}`,
    body: `Body of ticket number ${i}.`,
    label: LABELS[i % LABELS.length]!,
    ...(withDifficulty ? { difficulty: ((i * 7919) % n + 0.5) / n + '' } : {}),
  }));
}

export const triageTask = (rows: Row[]): SimTask => ({ lane: 'ticket-triage', tailTemplate: TRIAGE_TAIL, idColumn: 'id', rows });

/** A lane with a long answer, so that a streamed reply has many chunks. */
export const ESSAY_TEXT = 'The quarterly numbers were reviewed line by line and every figure was checked twice. '.repeat(3);
export const essayTask = (): SimTask => ({
  lane: 'essay',
  tailTemplate: 'Write about {{topic}}',
  idColumn: 'id',
  rows: [
    { id: 'e1', topic: 'numbers', text: ESSAY_TEXT, difficulty: '0.1' },
    { id: 'e2', topic: 'letters', text: 'Letters are fine.', difficulty: '0.1' },
  ],
});

const model = (accuracy: number, extra: Record<string, unknown> = {}) => ({
  accuracy: { 'ticket-triage': accuracy, essay: accuracy },
  ttft_ms: { p50: 100, p95: 200 },
  output_tokens_per_s: 100,
  ...extra,
});

/** Test profiles: latency is irrelevant because tests run with latencyScale 0 unless they say otherwise. */
export function testModels(extra: SimModelsFileInput['models'] = {}): SimModelsFile {
  return SimModelsFile.parse({
    seed: 11,
    models: {
      'sim-small': model(0.6),
      'sim-mid': model(0.8),
      'sim-flagship': model(0.95),
      'sim-perfect': model(1),
      'sim-hopeless': model(0),
      'sim-thinker': model(1, { reasoning_tokens: 50 }),
      ...extra,
    },
    tasks: {
      'ticket-triage': { answer: '{{label}}', wrong: ['{{$other.label}}'], difficulty_column: 'difficulty' },
      essay: { answer: '{{text}}', wrong: ['I would rather not.'], difficulty_column: 'difficulty' },
    },
  });
}

export const client = (url: string, opts: Partial<ConstructorParameters<typeof OpenAI>[0]> = {}): OpenAI =>
  new OpenAI({ baseURL: `${url}/v1`, apiKey: 'sim', maxRetries: 0, ...opts });

export const tail = (row: Row): string => `Subject: ${row['subject']}\n\n${row['body']}`;

export const SHORT_SYSTEM = 'You label support tickets. Answer with one label.';

export function triageMessages(row: Row, system = SHORT_SYSTEM): OpenAI.Chat.ChatCompletionMessageParam[] {
  return [
    { role: 'system', content: system },
    { role: 'user', content: 'Subject: Example\n\nMy card was charged twice.' },
    { role: 'assistant', content: 'billing' },
    { role: 'user', content: tail(row) },
  ];
}

/** Polls until the condition holds: the server records a request when its connection closes, a moment after the client gives up. */
export async function waitFor(check: () => boolean, ms = 2000): Promise<void> {
  const until = Date.now() + ms;
  while (!check()) {
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 5));
  }
}
