import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A throwaway project folder with a small label suite, its dataset and a simulated model. */
export interface Workspace {
  dir: string;
  suite: string;
  simModels: string;
}

export const LABELS = ['billing', 'bug', 'account', 'other'] as const;

export async function makeWorkspace(opts: { cases?: number; accuracy?: number; repeats?: number; maxRetries?: number; backoffMaxMs?: number; concurrency?: number } = {}): Promise<Workspace> {
  const dir = await mkdtemp(join(tmpdir(), 'lanebar-ws-'));
  const cases = opts.cases ?? 20;
  const lines = ['id,subject,label'];
  for (let i = 1; i <= cases; i++) lines.push(`t${i},"Ticket number ${i}, about ${LABELS[i % LABELS.length]}",${LABELS[i % LABELS.length]}`);
  await writeFile(join(dir, 'cases.csv'), lines.join('\n') + '\n');
  const suite = join(dir, 'triage.yaml');
  await writeFile(
    suite,
    `name: triage
version: "1"
lane:
  id: ticket-triage
  description: Sort support tickets into a queue
  latency_class: interactive
  budget: { first_token_p95_ms: 800, completion_p95_ms: 1500, cost_per_accepted_usd: 0.001, min_pass_rate: 0.8 }
prompt:
  version: "1.0.0"
  system: "${'You sort support tickets into one of: billing, bug, account, other. Answer with the label only. '.repeat(60)}"
  template: "Subject: {{subject}}"
dataset:
  path: cases.csv
  inputs: [subject]
  expected: [label]
graders:
  - type: label
    labels: [${LABELS.join(', ')}]
    expected: "{{label}}"
candidates:
  - id: mini
    provider: openai
    model: gpt-4.1-mini
    sim: sim-t
    repeats: ${opts.repeats ?? 1}
run:
  concurrency: ${opts.concurrency ?? 4}
  per_provider_concurrency: ${opts.concurrency ?? 4}
  timeout_ms: 5000
  max_retries: ${opts.maxRetries ?? 3}
  backoff_base_ms: 10
  backoff_max_ms: ${opts.backoffMaxMs ?? 5000}
`,
  );
  const simModels = join(dir, 'models.yaml');
  await writeFile(
    simModels,
    `# SIMULATED test model
seed: 1
models:
  sim-t:
    accuracy: { ticket-triage: ${opts.accuracy ?? 0.75} }
    ttft_ms: { p50: 20, p95: 40 }
    output_tokens_per_s: 2000
tasks:
  ticket-triage:
    answer: "{{label}}"
    wrong: ["{{$other.label}}"]
`,
  );
  return { dir, suite, simModels };
}
