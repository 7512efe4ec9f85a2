import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import type { ProviderName } from '../../src/schema/suite.js';

/*
 * A throwaway project for fault runs: one lane, a suite of `cases` cases with one candidate per
 * protocol asked for, and SIMULATED profiles whose faults are drawn by rates across every class
 * the simulator knows, `faultShare` of all requests in equal parts.
 */

export const FAULT_KINDS = ['rate_limited', 'server_error', 'overloaded', 'stream_cut', 'reset', 'slow_first_byte', 'no_usage', 'malformed_event'] as const;

export const CANDIDATES: Record<Exclude<ProviderName, 'openai-compatible'>, { id: string; model: string; sim: string }> = {
  openai: { id: 'gpt', model: 'gpt-4.1-mini', sim: 'sim-o' },
  anthropic: { id: 'claude', model: 'claude-sonnet-4-5', sim: 'sim-a' },
  google: { id: 'gemini', model: 'gemini-2.5-flash', sim: 'sim-g' },
};
export type Protocol = keyof typeof CANDIDATES;

export interface FaultWorkspaceOptions {
  cases: number;
  protocols: readonly Protocol[];
  faultShare: number;
  timeoutMs: number;
  concurrency: number;
  perProviderConcurrency: number;
  maxRetries?: number;
  seed?: number;
}

export interface FaultWorkspace {
  dir: string;
  suite: string;
  simModels: string;
  options: FaultWorkspaceOptions;
}

const LABELS = ['billing', 'bug', 'account', 'other'];

export async function makeFaultWorkspace(o: FaultWorkspaceOptions): Promise<FaultWorkspace> {
  const dir = await mkdtemp(join(tmpdir(), 'lanebar-faults-'));
  const lines = ['id,subject,label'];
  for (let i = 1; i <= o.cases; i++) lines.push(`t${i},Ticket ${i} about ${LABELS[i % 4]},${LABELS[i % 4]}`);
  await writeFile(join(dir, 'cases.csv'), lines.join('\n') + '\n');

  const suite = join(dir, 'faults.yaml');
  await writeFile(
    suite,
    stringify({
      name: 'faults',
      version: '1',
      lane: {
        id: 'triage',
        description: 'Sort tickets under faults',
        latency_class: 'bulk',
        budget: { first_token_p95_ms: 60_000, completion_p95_ms: 60_000, cost_per_accepted_usd: 1, min_pass_rate: 0.5 },
      },
      prompt: {
        version: '1',
        // Long enough for every provider's prompt cache (1,024 tokens and more).
        system: 'You sort support tickets into billing, bug, account or other, and say why in one sentence. '.repeat(50),
        template: 'Subject: {{subject}}',
      },
      dataset: { path: 'cases.csv', inputs: ['subject'], expected: ['label'] },
      graders: [{ type: 'contains', value: '{{label}}' }],
      candidates: o.protocols.map((p) => ({ id: CANDIDATES[p].id, provider: p, model: CANDIDATES[p].model, sim: CANDIDATES[p].sim, params: { temperature: 0, max_tokens: 200 } })),
      run: {
        concurrency: o.concurrency,
        per_provider_concurrency: o.perProviderConcurrency,
        timeout_ms: o.timeoutMs,
        max_retries: o.maxRetries ?? 4,
        backoff_base_ms: 5,
        backoff_max_ms: 2000,
      },
    }),
  );

  const each = o.faultShare / FAULT_KINDS.length;
  const profile = {
    accuracy: { triage: 0.8 },
    ttft_ms: { p50: 20, p95: 60 },
    output_tokens_per_s: 2000,
    cache: { min_prefix_tokens: 1024, increment: 128, ttl_s: 300 },
    faults: {
      ...Object.fromEntries(FAULT_KINDS.map((k) => [k, each])),
      retry_after_s: 0.2,
      retry_after_http_date: 0.5,
      server_error_statuses: [500, 502, 503],
      // Past the attempt timeout: the client gives up first.
      slow_first_byte_ms: o.timeoutMs + 300,
    },
  };
  const simModels = join(dir, 'models.yaml');
  await writeFile(
    simModels,
    '# SIMULATED test profiles with faults\n' +
      stringify({
        seed: o.seed ?? 7,
        models: Object.fromEntries(Object.values(CANDIDATES).map((c) => [c.sim, profile])),
        tasks: { triage: { answer: '{{label}}: the ticket "{{subject}}" belongs in that queue.', wrong: ['{{$other.label}}: wrong queue for this one.'] } },
      }),
  );
  return { dir, suite, simModels, options: o };
}
