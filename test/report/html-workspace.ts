import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** What a hostile model sends back when it is wrong: markup, table pipes, ANSI colour, newlines. */
export const HOSTILE_OUTPUT = '<script>alert(1)</script> | pipes | \u001b[31mred\u001b[0m\nsecond line';
/** A dataset cell that would run a script if it reached the page as markup. */
export const HOSTILE_INPUT = '<img src=x onerror=alert(2)> refund | please';

export const LABELS = ['billing', 'bug', 'account', 'other'] as const;

/**
 * A project folder with one lane and three simulated candidates of different quality, speed and
 * price, so the page has something to compare: the strong one is wrong least and costs most.
 * Every wrong answer is HOSTILE_OUTPUT, and every subject starts with HOSTILE_INPUT.
 */
export async function makeReportWorkspace(cases = 40): Promise<{ dir: string; suite: string; simModels: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'lanebar-html-'));
  const rows = ['id,subject,label'];
  for (let i = 1; i <= cases; i++) {
    const subject = `${HOSTILE_INPUT}: ticket number ${i}, about ${LABELS[i % LABELS.length]}`;
    rows.push(`t${i},"${subject}",${LABELS[i % LABELS.length]}`);
  }
  await writeFile(join(dir, 'cases.csv'), rows.join('\n') + '\n');
  const suite = join(dir, 'triage.yaml');
  await writeFile(
    suite,
    `name: triage
version: "1"
lane:
  id: ticket-triage
  description: Sort support tickets into a queue
  latency_class: interactive
  budget: { first_token_p95_ms: 250, completion_p95_ms: 300, cost_per_accepted_usd: 0.003, min_pass_rate: 0.7 }
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
  - { id: small, provider: openai, model: gpt-4.1-nano, sim: sim-small }
  - { id: mid, provider: openai, model: gpt-4.1-mini, sim: sim-mid }
  - { id: large, provider: openai, model: gpt-4.1, sim: sim-large }
run:
  concurrency: 16
  per_provider_concurrency: 16
  timeout_ms: 5000
  max_retries: 2
  backoff_base_ms: 10
  backoff_max_ms: 100
`,
  );
  const simModels = join(dir, 'models.yaml');
  await writeFile(
    simModels,
    `# SIMULATED test models
seed: 3
models:
  sim-small:
    accuracy: { ticket-triage: 0.6 }
    ttft_ms: { p50: 15, p95: 40 }
    output_tokens_per_s: 4000
  sim-mid:
    accuracy: { ticket-triage: 0.85 }
    ttft_ms: { p50: 40, p95: 90 }
    output_tokens_per_s: 2000
  sim-large:
    accuracy: { ticket-triage: 0.97 }
    ttft_ms: { p50: 80, p95: 160 }
    output_tokens_per_s: 1000
tasks:
  ticket-triage:
    answer: "{{label}}"
    wrong: [${JSON.stringify(HOSTILE_OUTPUT)}]
`,
  );
  return { dir, suite, simModels };
}
