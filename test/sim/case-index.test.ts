import { describe, expect, it } from 'vitest';
import { LanebarError } from '../../src/core/errors.js';
import { buildCaseIndex, tailKey } from '../../src/providers/sim/case-index.js';
import { startSimulator } from '../../src/providers/sim/index.js';
import { SimTaskSpec } from '../../src/schema/sim.js';
import { tail, testModels, triageRows, triageTask } from './fixtures.js';

const spec = SimTaskSpec.parse({ answer: '{{label}}', wrong: ['{{$other.label}}', 'Label: {{$other.label}}'], difficulty_column: 'difficulty' });

describe('case index', () => {
  it('finds a case by the hash of its rendered tail', () => {
    const rows = triageRows(30);
    const index = buildCaseIndex([triageTask(rows)], { 'ticket-triage': spec }, 3);
    const found = index.get(tailKey(tail(rows[7]!)));
    expect(found).toMatchObject({ lane: 'ticket-triage', caseId: 't7', difficulty: Number(rows[7]!['difficulty']) });
    expect(found!.answers!.correct).toBe(rows[7]!['label']);
    expect(index.get(tailKey('something else'))).toBeUndefined();
  });

  it('renders wrong answers from another row whose value differs, deterministically', () => {
    const rows = triageRows(30);
    const a = buildCaseIndex([triageTask(rows)], { 'ticket-triage': spec }, 3);
    const b = buildCaseIndex([triageTask(rows)], { 'ticket-triage': spec }, 3);
    for (const row of rows) {
      const { correct, wrong } = a.get(tailKey(tail(row)))!.answers!;
      expect(wrong).toHaveLength(2);
      expect(wrong[0]).not.toBe(correct);
      expect(wrong[1]).toMatch(/^Label: /);
      expect(b.get(tailKey(tail(row)))!.answers!.wrong).toEqual(wrong);
    }
  });

  it('falls back to a generic wrong answer when no other row differs', () => {
    const rows = triageRows(5).map((r) => ({ ...r, label: 'bug' }));
    const index = buildCaseIndex([triageTask(rows)], { 'ticket-triage': SimTaskSpec.parse({ answer: '{{label}}', wrong: ['{{$other.label}}'] }) }, 3);
    const { correct, wrong } = index.get(tailKey(tail(rows[0]!)))!.answers!;
    expect(wrong).toHaveLength(1);
    expect(wrong[0]).not.toBe(correct);
  });

  it('draws difficulty from a hash of the row id when there is no difficulty column', () => {
    const rows = triageRows(400, false);
    const index = buildCaseIndex([triageTask(rows)], { 'ticket-triage': SimTaskSpec.parse({ answer: '{{label}}', wrong: ['x'] }) }, 3);
    const d = rows.map((r) => index.get(tailKey(tail(r)))!.difficulty);
    expect(d.every((x) => x >= 0 && x < 1)).toBe(true);
    const mean = d.reduce((s, x) => s + x, 0) / d.length;
    expect(Math.abs(mean - 0.5)).toBeLessThan(0.05);
  });

  it('knows the cases of a lane without a task entry, but not their answers', () => {
    const rows = triageRows(3);
    const index = buildCaseIndex([{ ...triageTask(rows), lane: 'custom' }], { 'ticket-triage': spec }, 3);
    expect(index.get(tailKey(tail(rows[0]!)))).toMatchObject({ lane: 'custom', caseId: 't0', answers: null });
  });
});

describe('start-up checks', () => {
  it('names the task field when a row lacks a column its answer reads', async () => {
    const rows = triageRows(3).map(({ label: _label, ...rest }) => rest);
    const err = await startSimulator({ models: testModels(), tasks: [triageTask(rows)], latencyScale: 0 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LanebarError);
    expect((err as LanebarError).location.field).toBe('tasks.ticket-triage.answer');
  });

  it('names the difficulty column when a difficulty is not a number in [0, 1]', async () => {
    const rows = triageRows(3).map((r, i) => (i === 1 ? { ...r, difficulty: 'hard' } : r));
    const err = await startSimulator({ models: testModels(), tasks: [triageTask(rows)], latencyScale: 0 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LanebarError);
    expect((err as LanebarError).location.field).toBe('tasks.ticket-triage.difficulty_column');
    expect((err as LanebarError).message).toContain('t1');
  });
});
