import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { main as makeDatasets } from '../scripts/make-datasets.js';
import { templateVariables, type Row } from '../src/core/template.js';
import { readDataset } from '../src/load/dataset.js';
import { Suite, type GraderSpec, type Suite as SuiteT } from '../src/schema/suite.js';

/**
 * The demo content shipped in suites/ and datasets/: what `npm start` runs on a fresh clone.
 * Each suite must load, its dataset must hold what the prompt and graders read, and the
 * generator must still produce the committed files byte for byte.
 */
const ROOT = join(import.meta.dirname, '..');
const SUITES = join(ROOT, 'suites');
const DATASETS = join(ROOT, 'datasets');
const SCHEMA_COMMENT = '# yaml-language-server: $schema=./schema.json';

interface Expectation {
  file: string;
  minRows: number;
  /** Characters of system text plus few-shot examples: the part a prompt cache can reuse. */
  minPrefixChars: number;
  /** Candidates after the three OpenAI tiers: [id, provider, model, sim]. */
  others: string[][];
}

const HAIKU = ['haiku', 'anthropic', 'claude-haiku-4-5', 'sim-claude-haiku'];
const SONNET = ['sonnet', 'anthropic', 'claude-sonnet-4-5', 'sim-claude-sonnet'];
const FLASH_LITE = ['flash-lite', 'google', 'gemini-2.5-flash-lite', 'sim-gemini-flash-lite'];
const FLASH = ['flash', 'google', 'gemini-2.5-flash', 'sim-gemini-flash'];

const BUNDLED: Expectation[] = [
  { file: 'ticket-triage.yaml', minRows: 240, minPrefixChars: 5000, others: [HAIKU, SONNET, FLASH_LITE, FLASH] },
  { file: 'support-reply.yaml', minRows: 240, minPrefixChars: 5000, others: [HAIKU, FLASH] },
  { file: 'report-drafting.yaml', minRows: 200, minPrefixChars: 3000, others: [HAIKU, FLASH_LITE] },
];

interface Bundled {
  text: string;
  suite: SuiteT;
  rows: Row[];
}

const cache = new Map<string, Promise<Bundled>>();

/** Parses a suite and reads its dataset once, through lanebar's own reader. */
function load(file: string): Promise<Bundled> {
  let p = cache.get(file);
  if (!p) {
    p = (async () => {
      const path = join(SUITES, file);
      const text = readFileSync(path, 'utf8');
      const suite = Suite.parse(parseYaml(text));
      const datasetPath = join(dirname(path), suite.dataset.path);
      const format = suite.dataset.format ?? (datasetPath.endsWith('.jsonl') ? 'jsonl' : 'csv');
      const rows: Row[] = [];
      for await (const { row } of readDataset({ path: datasetPath, format })) rows.push(row);
      return { text, suite, rows };
    })();
    cache.set(file, p);
  }
  return p;
}

function grader<T extends GraderSpec['type']>(suite: SuiteT, type: T): Extract<GraderSpec, { type: T }> {
  const g = suite.graders.find((x): x is Extract<GraderSpec, { type: T }> => x.type === type);
  if (!g) throw new Error(`suite ${suite.name} has no ${type} grader`);
  return g;
}

/** "1,204.50" or "-120.25" -> cents, without going through floating point. */
function cents(amount: string): number {
  const m = /^(-?)(\d{1,3}(?:,\d{3})*|\d+)\.(\d{2})$/.exec(amount.trim());
  if (!m) throw new Error(`not an amount with two decimals: ${JSON.stringify(amount)}`);
  const value = Number(m[2]!.replace(/,/g, '')) * 100 + Number(m[3]);
  return m[1] === '-' ? -value : value;
}

/** "Widgets: 1,204.50; Refunds: -120.25" -> the items' amounts in cents. */
function lineItemCents(lineItems: string): number[] {
  return lineItems.split('; ').map((item) => {
    const at = item.lastIndexOf(': ');
    if (at <= 0) throw new Error(`line item without "name: amount": ${JSON.stringify(item)}`);
    return cents(item.slice(at + 2));
  });
}

const sum = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0);

describe.each(BUNDLED)('bundled suite $file', ({ file, minRows, minPrefixChars, others }) => {
  it('parses with the Suite schema and points editors at the JSON Schema', async () => {
    const { text, suite } = await load(file);
    expect(text.startsWith(SCHEMA_COMMENT + '\n')).toBe(true);
    expect(suite.name).toBe(file.replace(/\.yaml$/, ''));
    expect(suite.lane.id).toBe(suite.name);
    expect(suite.candidates.map((c) => [c.id, c.provider, c.model, c.sim])).toEqual([
      ['small', 'openai', 'gpt-4.1-nano', 'sim-small'],
      ['mid', 'openai', 'gpt-4.1-mini', 'sim-mid'],
      ['flagship', 'openai', 'gpt-4.1', 'sim-flagship'],
      ...others,
    ]);
  });

  it('runs candidates on all three providers, Gemini 2.5 Flash with its thinking off', async () => {
    const { suite } = await load(file);
    expect(new Set(suite.candidates.map((c) => c.provider))).toEqual(new Set(['openai', 'anthropic', 'google']));
    // 2.5 Flash thinks by default and its thinking counts against max_tokens: live, a short answer would come back empty.
    for (const c of suite.candidates.filter((x) => x.model === 'gemini-2.5-flash')) expect(c.params.thinking_budget).toBe(0);
  });

  it('names simulated stand-ins that sim/models.yaml declares for this lane', async () => {
    const { suite } = await load(file);
    const models = (parseYaml(readFileSync(join(ROOT, 'sim', 'models.yaml'), 'utf8')) as { models: Record<string, { accuracy: Record<string, number> }> }).models;
    for (const c of suite.candidates) {
      expect(models[c.sim!]?.accuracy[suite.lane.id], `${c.sim} accuracy for ${suite.lane.id}`).toBeTypeOf('number');
    }
  });

  it('has a dataset with every declared column in every row, and unique ids', async () => {
    const { suite, rows } = await load(file);
    expect(rows.length).toBeGreaterThanOrEqual(minRows);
    const columns = [suite.dataset.id_column, ...suite.dataset.inputs, ...suite.dataset.expected, 'difficulty'];
    for (const row of rows) {
      for (const c of columns) expect(row[c], `${row[suite.dataset.id_column]}.${c}`).toMatch(/\S/);
      expect(row.difficulty).toMatch(/^(0\.\d\d|1\.00)$/);
    }
    const ids = rows.map((r) => r[suite.dataset.id_column]);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('renders a distinct prompt tail for every row, from declared inputs only', async () => {
    const { suite, rows } = await load(file);
    const slots = templateVariables(suite.prompt.template);
    expect(slots.length).toBeGreaterThan(0);
    for (const slot of slots) expect(suite.dataset.inputs).toContain(slot);
    // The simulator (and any response cache) treats two equal prompts as one case.
    const tails = new Set(rows.map((r) => slots.map((s) => r[s]).join('\u0000')));
    expect(tails.size).toBe(rows.length);
  });

  it(`has a stable prefix of more than ${minPrefixChars} characters`, async () => {
    const { suite } = await load(file);
    const { system, examples } = suite.prompt;
    expect(examples.length).toBeGreaterThanOrEqual(3);
    expect(examples.length).toBeLessThanOrEqual(6);
    const prefix = system.length + sum(examples.map((e) => e.user.length + e.assistant.length));
    expect(prefix).toBeGreaterThan(minPrefixChars);
  });
});

describe('ticket-triage content', () => {
  it('labels every ticket, and every few-shot answer, with one of the grader labels', async () => {
    const { suite, rows } = await load('ticket-triage.yaml');
    const labels = new Set(grader(suite, 'label').labels);
    expect([...labels].sort()).toEqual(['account', 'billing', 'bug', 'feature_request', 'other', 'outage']);
    for (const row of rows) expect(labels, row.id).toContain(row.label);
    for (const ex of suite.prompt.examples) expect(labels).toContain(ex.assistant);
    // Every label is represented well enough to measure.
    for (const label of labels) expect(rows.filter((r) => r.label === label).length, label).toBeGreaterThanOrEqual(20);
  });

  it('keeps CSV quoting honest: some bodies hold commas, quotes and line breaks', async () => {
    const { rows } = await load('ticket-triage.yaml');
    expect(rows.some((r) => r.body!.includes(','))).toBe(true);
    expect(rows.some((r) => r.body!.includes('"'))).toBe(true);
    expect(rows.some((r) => r.body!.includes('\n'))).toBe(true);
  });
});

describe('support-reply content', () => {
  it('uses only the categories and priorities the JSON grader allows, in rows and few-shot answers', async () => {
    const { suite, rows } = await load('support-reply.yaml');
    const json = grader(suite, 'json');
    const props = (json.schema as { properties: Record<string, { enum: string[] }> }).properties;
    const categories = new Set(props.category!.enum);
    const priorities = new Set(props.priority!.enum);
    expect(json.fields).toEqual({ '/category': '{{category}}', '/priority': '{{priority}}' });
    for (const row of rows) {
      expect(categories, row.id).toContain(row.category);
      expect(priorities, row.id).toContain(row.priority);
    }
    for (const ex of suite.prompt.examples) {
      const answer = JSON.parse(ex.assistant) as Record<string, string>;
      expect(Object.keys(answer).sort()).toEqual(['category', 'priority', 'reply']);
      expect(categories).toContain(answer.category);
      expect(priorities).toContain(answer.priority);
      expect(answer.reply!.length).toBeGreaterThanOrEqual(20);
    }
  });

  it('stores every field as a string, as the JSONL contract says', () => {
    const lines = readFileSync(join(DATASETS, 'support-reply.jsonl'), 'utf8').trimEnd().split('\n');
    for (const line of lines) {
      const obj = JSON.parse(line) as Record<string, unknown>;
      expect(Object.keys(obj)).toEqual(['id', 'customer_message', 'plan', 'category', 'priority', 'difficulty']);
      for (const v of Object.values(obj)) expect(v).toBeTypeOf('string');
    }
  });
});

describe('report-drafting content', () => {
  it('has totals equal to the sum of their line items, to the cent', async () => {
    const { rows } = await load('report-drafting.yaml');
    for (const row of rows) {
      const items = lineItemCents(row.line_items!);
      expect(items.length, row.id).toBeGreaterThanOrEqual(3);
      expect(items.length, row.id).toBeLessThanOrEqual(9);
      expect(row.total, row.id).toMatch(/^-?\d+\.\d{2}$/);
      expect(sum(items), row.id).toBe(cents(row.total!));
    }
    expect(rows.some((r) => lineItemCents(r.line_items!).some((c) => c < 0))).toBe(true);
  });

  it('teaches with few-shot summaries whose TOTAL line is right', async () => {
    const { suite } = await load('report-drafting.yaml');
    for (const ex of suite.prompt.examples) {
      const items = /^Line items: (.+)$/m.exec(ex.user)?.[1];
      const total = /\nTOTAL: (-?\d+\.\d{2})$/.exec(ex.assistant)?.[1];
      expect(items && total, ex.user).toBeTruthy();
      expect(sum(lineItemCents(items!))).toBe(cents(total!));
      expect(ex.assistant).toContain(/^Region: (.+)$/m.exec(ex.user)![1]);
    }
  });

  it('grades the total within a cent and requires the region by name', async () => {
    const { suite } = await load('report-drafting.yaml');
    expect(grader(suite, 'number')).toMatchObject({ expected: '{{total}}', tolerance: 0.01 });
    expect(grader(suite, 'contains')).toMatchObject({ value: '{{region}}' });
  });
});

describe('scripts/make-datasets.ts', () => {
  const out = mkdtempSync(join(tmpdir(), 'lanebar-datasets-'));
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it('reproduces the committed datasets byte for byte', () => {
    const written = makeDatasets(['--out', out]);
    expect(written.map((f) => f.slice(out.length + 1)).sort()).toEqual(['report-drafting.csv', 'support-reply.jsonl', 'ticket-triage.csv']);
    for (const f of written) {
      const committed = join(DATASETS, f.slice(out.length + 1));
      expect(existsSync(committed), committed).toBe(true);
      expect(readFileSync(f).equals(readFileSync(committed)), `${committed} differs from a fresh run; rerun the script`).toBe(true);
    }
  });
});
