import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pMap from 'p-map';
import type OpenAI from 'openai';
import type { Row } from '../../src/core/template.js';
import { loadSimModels, startSimulator, type SimTask, type Simulator } from '../../src/providers/sim/index.js';
import { bundledSimModelsPath } from '../../src/providers/sim/index.js';
import { client, testModels, triageMessages, triageRows, triageTask } from './fixtures.js';

const N = 200;

/** Asks every row once and returns which ones came back with their label. */
async function correctness(openai: OpenAI, model: string, rows: Row[]): Promise<boolean[]> {
  return pMap(
    rows,
    async (row) => {
      const res = await openai.chat.completions.create({ model, messages: triageMessages(row), temperature: 0 });
      return res.choices[0]!.message.content === row['label'];
    },
    { concurrency: 16 },
  );
}

const share = (xs: boolean[]): number => xs.filter(Boolean).length / xs.length;

describe('accuracy over 200 uniform-difficulty rows', () => {
  const rows = triageRows(N);
  const hashed = triageRows(N, false).map((r) => ({ ...r, id: `h${r['id']}`, subject: `Hashed ${r['subject']}` }));
  let sim: Simulator;
  let openai: OpenAI;
  const results = new Map<string, boolean[]>();

  beforeAll(async () => {
    const models = testModels();
    // The second lane has no difficulty column: difficulty comes from a hash of the row id.
    const spec = models.tasks['ticket-triage']!;
    const withHashedDifficulty = { ...models, tasks: { ...models.tasks, 'ticket-triage-hashed': { ...spec, difficulty_column: undefined } } };
    for (const m of Object.values(withHashedDifficulty.models)) m.accuracy['ticket-triage-hashed'] = m.accuracy['ticket-triage']!;
    sim = await startSimulator({
      models: withHashedDifficulty,
      tasks: [triageTask(rows), { ...triageTask(hashed), lane: 'ticket-triage-hashed' }],
      latencyScale: 0,
    });
    openai = client(sim.url);
    for (const model of ['sim-small', 'sim-mid', 'sim-flagship']) results.set(model, await correctness(openai, model, rows));
  });
  afterAll(() => sim.close());

  it.each([
    ['sim-small', 0.6],
    ['sim-mid', 0.8],
    ['sim-flagship', 0.95],
  ])('%s lands within 4 points of its declared %d', (model, declared) => {
    expect(Math.abs(share(results.get(model)!) - declared)).toBeLessThanOrEqual(0.04);
  });

  it('makes stronger models solve mostly a superset of what weaker ones solve', () => {
    const small = results.get('sim-small')!;
    const flagship = results.get('sim-flagship')!;
    const smallOnly = small.filter((ok, i) => ok && !flagship[i]).length;
    expect(smallOnly).toBeLessThanOrEqual(N * 0.03);
  });

  it('records each answer as correct or not in the ledger', () => {
    const entries = sim.ledger().filter((e) => e.model === 'sim-mid' && e.lane === 'ticket-triage');
    expect(entries).toHaveLength(N);
    expect(entries.filter((e) => e.correct).length).toBe(results.get('sim-mid')!.filter(Boolean).length);
  });

  it('stays near the declared accuracy when difficulty comes from a hash of the row id', async () => {
    const ok = await correctness(openai, 'sim-mid', hashed);
    // Binomial standard deviation at n = 200, p = 0.8 is about 0.028.
    expect(Math.abs(share(ok) - 0.8)).toBeLessThanOrEqual(0.09);
    expect(sim.ledger().filter((e) => e.lane === 'ticket-triage-hashed')).toHaveLength(N);
  });
});

describe('the bundled models file', () => {
  const supportRows: Row[] = Array.from({ length: 12 }, (_, i) => ({
    id: `s${i}`,
    customer_message: `Message ${i}`,
    plan: 'Growth',
    category: ['billing', 'technical', 'account', 'shipping'][i % 4]!,
    priority: ['low', 'normal', 'urgent'][i % 3]!,
    difficulty: '0.8',
  }));
  const reportRows: Row[] = Array.from({ length: 12 }, (_, i) => ({
    id: `r${i}`,
    region: ['North', 'South', 'East', 'West'][i % 4]!,
    month: '2025-03',
    line_items: `Widgets ${i}0.00; Gadgets 5.25`,
    total: `${i}5.25`,
    difficulty: '0.8',
  }));
  const tasks: SimTask[] = [
    { lane: 'support-reply', tailTemplate: 'Plan: {{plan}}\n{{customer_message}}', idColumn: 'id', rows: supportRows },
    { lane: 'report-drafting', tailTemplate: 'Region {{region}}, {{month}}: {{line_items}}', idColumn: 'id', rows: reportRows },
  ];

  const supportPasses = (text: string, row: Row): boolean => {
    try {
      const json = JSON.parse(text) as Record<string, unknown>;
      return json['category'] === row['category'] && json['priority'] === row['priority'] && typeof json['reply'] === 'string' && json['reply'] !== '';
    } catch {
      return false;
    }
  };
  const reportPasses = (text: string, row: Row): boolean =>
    Number(/TOTAL:\s*(-?[\d.]+)/.exec(text)?.[1]) === Number(row['total']) && text.includes(row['region']!);

  it('writes answers the bundled lanes grade as correct, and wrong ones they fail', async () => {
    const models = await loadSimModels(bundledSimModelsPath());
    const sim = await startSimulator({ models, tasks, latencyScale: 0 });
    try {
      const openai = client(sim.url);
      const ask = async (model: string, content: string) =>
        (await openai.chat.completions.create({ model, messages: [{ role: 'system', content: 'Be helpful.' }, { role: 'user', content }] })).choices[0]!
          .message.content!;
      for (const row of supportRows) {
        const content = `Plan: ${row['plan']}\n${row['customer_message']}`;
        const answers = await Promise.all(['sim-small', 'sim-mid', 'sim-flagship', 'sim-reasoner'].map((m) => ask(m, content)));
        for (const a of answers) expect(a.startsWith('{')).toBe(true);
        const entries = sim.ledger().slice(-4);
        answers.forEach((a, k) => expect(supportPasses(a, row)).toBe(entries.find((e) => e.model === ['sim-small', 'sim-mid', 'sim-flagship', 'sim-reasoner'][k])!.correct));
      }
      for (const row of reportRows) {
        const content = `Region ${row['region']}, ${row['month']}: ${row['line_items']}`;
        for (const model of ['sim-small', 'sim-flagship']) {
          const answer = await ask(model, content);
          expect(reportPasses(answer, row)).toBe(sim.ledger().at(-1)!.correct);
        }
      }
      // With difficulty 0.8, the small model fails and the flagship passes these lanes.
      const byModel = (m: string) => sim.ledger().filter((e) => e.model === m);
      expect(byModel('sim-small').every((e) => e.correct === false)).toBe(true);
      expect(byModel('sim-flagship').every((e) => e.correct === true)).toBe(true);
    } finally {
      await sim.close();
    }
  });
});
