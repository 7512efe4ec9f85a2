import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A throwaway project folder with a small label suite, its dataset and its simulated models. */
export interface Workspace {
  dir: string;
  suite: string;
  simModels: string;
}

export const LABELS = ['billing', 'bug', 'account', 'other'] as const;

/** What a hostile model sends back when it is wrong: markup, table pipes, ANSI colour, newlines. */
export const HOSTILE_OUTPUT = '<script>alert(1)</script> | pipes | \u001b[31mred\u001b[0m\nsecond line';
/** A dataset cell that would run a script if it reached the page as markup. */
export const HOSTILE_INPUT = '<img src=x onerror=alert(2)> refund | please';

interface SimProfile {
  accuracy: number;
  ttft: [p50: number, p95: number];
  tokensPerS: number;
}

/** What differs between the workspaces: the rows, the lane's budget, the candidates, the run settings, the simulated models. */
interface TriageSpec {
  prefix: string;
  cases: number;
  subject(i: number, label: string): string;
  budget: { firstTokenP95Ms: number; completionP95Ms: number; costPerAcceptedUsd: number; minPassRate: number };
  /** The `candidates:` block's lines, as YAML. */
  candidates: string;
  run: { concurrency: number; maxRetries: number; backoffMaxMs: number };
  sim: { seed: number; models: Record<string, SimProfile>; wrong: string };
}

/** The ticket-triage suite every workspace is a variant of: its dataset, suite file and simulated models. */
async function writeTriageWorkspace(spec: TriageSpec): Promise<Workspace> {
  const dir = await mkdtemp(join(tmpdir(), spec.prefix));
  const rows = ['id,subject,label'];
  for (let i = 1; i <= spec.cases; i++) {
    const label = LABELS[i % LABELS.length]!;
    rows.push(`t${i},"${spec.subject(i, label)}",${label}`);
  }
  await writeFile(join(dir, 'cases.csv'), rows.join('\n') + '\n');
  const { budget, run, sim } = spec;
  const suite = join(dir, 'triage.yaml');
  await writeFile(
    suite,
    `name: triage
version: "1"
lane:
  id: ticket-triage
  description: Sort support tickets into a queue
  latency_class: interactive
  budget: { first_token_p95_ms: ${budget.firstTokenP95Ms}, completion_p95_ms: ${budget.completionP95Ms}, cost_per_accepted_usd: ${budget.costPerAcceptedUsd}, min_pass_rate: ${budget.minPassRate} }
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
${spec.candidates}
run:
  concurrency: ${run.concurrency}
  per_provider_concurrency: ${run.concurrency}
  timeout_ms: 5000
  max_retries: ${run.maxRetries}
  backoff_base_ms: 10
  backoff_max_ms: ${run.backoffMaxMs}
`,
  );
  const simModels = join(dir, 'models.yaml');
  const models = Object.entries(sim.models).map(
    ([name, m]) => `  ${name}:
    accuracy: { ticket-triage: ${m.accuracy} }
    ttft_ms: { p50: ${m.ttft[0]}, p95: ${m.ttft[1]} }
    output_tokens_per_s: ${m.tokensPerS}
`,
  );
  await writeFile(
    simModels,
    `# SIMULATED test model${models.length > 1 ? 's' : ''}
seed: ${sim.seed}
models:
${models.join('')}tasks:
  ticket-triage:
    answer: "{{label}}"
    wrong: [${sim.wrong}]
`,
  );
  return { dir, suite, simModels };
}

/** One candidate (`mini`, simulated by `sim-t`) on a lane of `cases` tickets. */
export async function makeWorkspace(opts: { cases?: number; accuracy?: number; repeats?: number; maxRetries?: number; backoffMaxMs?: number; concurrency?: number } = {}): Promise<Workspace> {
  return writeTriageWorkspace({
    prefix: 'lanebar-ws-',
    cases: opts.cases ?? 20,
    subject: (i, label) => `Ticket number ${i}, about ${label}`,
    budget: { firstTokenP95Ms: 800, completionP95Ms: 1500, costPerAcceptedUsd: 0.001, minPassRate: 0.8 },
    candidates: `  - id: mini
    provider: openai
    model: gpt-4.1-mini
    sim: sim-t
    repeats: ${opts.repeats ?? 1}`,
    run: { concurrency: opts.concurrency ?? 4, maxRetries: opts.maxRetries ?? 3, backoffMaxMs: opts.backoffMaxMs ?? 5000 },
    sim: { seed: 1, models: { 'sim-t': { accuracy: opts.accuracy ?? 0.75, ttft: [20, 40], tokensPerS: 2000 } }, wrong: '"{{$other.label}}"' },
  });
}

/**
 * One lane and three simulated candidates of different quality, speed and price, so that a report
 * has something to compare: the strong one is wrong least and costs most. Every wrong answer is
 * HOSTILE_OUTPUT, and every subject starts with HOSTILE_INPUT.
 */
export async function makeReportWorkspace(cases = 40): Promise<Workspace> {
  return writeTriageWorkspace({
    prefix: 'lanebar-html-',
    cases,
    subject: (i, label) => `${HOSTILE_INPUT}: ticket number ${i}, about ${label}`,
    budget: { firstTokenP95Ms: 250, completionP95Ms: 300, costPerAcceptedUsd: 0.003, minPassRate: 0.7 },
    candidates: `  - { id: small, provider: openai, model: gpt-4.1-nano, sim: sim-small }
  - { id: mid, provider: openai, model: gpt-4.1-mini, sim: sim-mid }
  - { id: large, provider: openai, model: gpt-4.1, sim: sim-large }`,
    run: { concurrency: 16, maxRetries: 2, backoffMaxMs: 100 },
    sim: {
      seed: 3,
      models: {
        'sim-small': { accuracy: 0.6, ttft: [15, 40], tokensPerS: 4000 },
        'sim-mid': { accuracy: 0.85, ttft: [40, 90], tokensPerS: 2000 },
        'sim-large': { accuracy: 0.97, ttft: [80, 160], tokensPerS: 1000 },
      },
      wrong: JSON.stringify(HOSTILE_OUTPUT),
    },
  });
}
