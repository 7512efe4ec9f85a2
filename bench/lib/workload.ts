import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { parseDocument } from 'yaml';
import { ROOT } from './dist.ts';

/**
 * One benchmark workload, the same for every contender: the bundled ticket-triage suite (its long
 * system prompt and few-shot examples, so request bodies are realistic), one candidate, and a
 * dataset of `cases` rows cycled from the bundled 300 with a numbered subject, so every request
 * is distinct and the simulator still knows each case.
 */
export interface Workload {
  dir: string;
  suite: string;
  dataset: string;
  cases: number;
  /** What the floors (bare SDK, bare fetch) send: the same messages lanebar and promptfoo send. */
  request: RequestSpec;
}

export interface RequestSpec {
  model: string;
  system: string;
  examples: { user: string; assistant: string }[];
  template: string;
  temperature: number;
  max_tokens: number;
  /** The dataset column holding the right label. */
  expected: string;
}

interface BundledSuite {
  prompt: { system: string; examples: { user: string; assistant: string }[]; template: string };
}

const csvField = (v: string): string => `"${v.replaceAll('"', '""')}"`;

export interface WorkloadOptions {
  dir: string;
  cases: number;
  /** Simulated profile that answers, from the simulated-models file the simulator serves. */
  simProfile: string;
  concurrency: number;
}

export function makeWorkload(o: WorkloadOptions): Workload {
  mkdirSync(o.dir, { recursive: true });
  const bundled = parse(readFileSync(join(ROOT, 'datasets/ticket-triage.csv')), { columns: true }) as Record<string, string>[];
  const columns = ['id', 'subject', 'body', 'label', 'difficulty'];
  const lines = [columns.join(',')];
  for (let i = 0; i < o.cases; i++) {
    const src = bundled[i % bundled.length]!;
    const row: Record<string, string> = { ...src, id: `b-${String(i + 1).padStart(6, '0')}`, subject: `${src.subject} (#${i + 1})` };
    lines.push(columns.map((c) => csvField(row[c] ?? '')).join(','));
  }
  const dataset = join(o.dir, 'cases.csv');
  writeFileSync(dataset, lines.join('\n') + '\n');

  const doc = parseDocument(readFileSync(join(ROOT, 'suites/ticket-triage.yaml'), 'utf8'));
  doc.setIn(['name'], 'bench-triage');
  doc.setIn(['dataset', 'path'], dataset);
  doc.setIn(['candidates'], doc.createNode([
    { id: 'small', provider: 'openai', model: 'gpt-4.1-nano', sim: o.simProfile, params: { temperature: 0, max_tokens: 16 } },
  ]));
  doc.setIn(['run'], doc.createNode({ concurrency: o.concurrency, per_provider_concurrency: o.concurrency, timeout_ms: 60_000, max_retries: 0 }));
  const suite = join(o.dir, 'bench-triage.yaml');
  writeFileSync(suite, doc.toString());

  const { prompt } = doc.toJS() as BundledSuite;
  const request: RequestSpec = {
    model: o.simProfile,
    system: prompt.system,
    examples: prompt.examples,
    template: prompt.template,
    temperature: 0,
    max_tokens: 16,
    expected: 'label',
  };
  writeFileSync(join(o.dir, 'request.json'), JSON.stringify(request, null, 2));
  return { dir: o.dir, suite, dataset, cases: o.cases, request };
}

/** `{{name}}` slots filled from a row, as lanebar's template does (the floors' only templating). */
export const fill = (template: string, row: Readonly<Record<string, string>>): string =>
  template.replace(/\{\{\s*([A-Za-z_][A-Za-z0-9_.-]*)\s*\}\}/g, (_m, name: string) => row[name] ?? '');

/** The chat messages of one case, in the order every contender sends them. */
export function messagesFor(spec: RequestSpec, row: Readonly<Record<string, string>>): { role: 'system' | 'user' | 'assistant'; content: string }[] {
  return [
    { role: 'system', content: spec.system },
    ...spec.examples.flatMap((e) => [
      { role: 'user' as const, content: e.user },
      { role: 'assistant' as const, content: e.assistant },
    ]),
    { role: 'user', content: fill(spec.template, row) },
  ];
}

/**
 * promptfoo's files for the same workload: a JS prompt function returning the same messages, the
 * same dataset as its tests, and an `equals` assertion on the label (lanebar grades it with its
 * `label` grader). Its OpenAI provider is pointed at the simulator.
 */
export function writePromptfooConfig(w: Workload, simUrl: string, concurrency: number, into: string): string {
  const prompt = join(into, 'prompt.mjs');
  writeFileSync(
    prompt,
    `const spec = ${JSON.stringify(w.request)};
const fill = (template, row) => template.replace(/\\{\\{\\s*([A-Za-z_][A-Za-z0-9_.-]*)\\s*\\}\\}/g, (_m, name) => row[name] ?? '');
export default function ({ vars }) {
  return [
    { role: 'system', content: spec.system },
    ...spec.examples.flatMap((e) => [{ role: 'user', content: e.user }, { role: 'assistant', content: e.assistant }]),
    { role: 'user', content: fill(spec.template, vars) },
  ];
}
`,
  );
  const config = join(into, 'promptfooconfig.yaml');
  writeFileSync(
    config,
    `description: lanebar benchmark (${w.cases} cases, concurrency ${concurrency})
prompts:
  - file://${prompt}
providers:
  - id: openai:chat:${w.request.model}
    config:
      apiBaseUrl: ${simUrl}/v1
      apiKey: sim
      temperature: ${w.request.temperature}
      max_tokens: ${w.request.max_tokens}
tests: file://${w.dataset}
defaultTest:
  assert:
    - type: equals
      value: '{{${w.request.expected}}}'
`,
  );
  return config;
}
