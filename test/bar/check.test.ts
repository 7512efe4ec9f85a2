import { describe, expect, it } from 'vitest';
import { checkBar, priceKey, type CurrentInputs, type CurrentSuite } from '../../src/core/bar-check.js';
import type { Bar, PriceFigures } from '../../src/schema/bar.js';
import { decide, laneJournal, passing } from './journal.js';

const bar: Bar = decide(
  laneJournal({
    cases: 100,
    candidates: [
      { id: 'small', passes: passing(100, 95) },
      { id: 'large', passes: passing(100, 99), costUsd: 0.002 },
    ],
  }),
);
const lane = bar.lanes[0]!;

/** Today exactly as recorded. */
function asRecorded(): { suite: Extract<CurrentSuite, { ok: true }>; inputs: CurrentInputs } {
  const p = lane.provenance;
  const suite: Extract<CurrentSuite, { ok: true }> = {
    ok: true,
    file: p.suite.file,
    hash: p.suite.hash,
    version: p.suite.version,
    lane: structuredClone(lane.lane),
    prompt: { ...p.prompt },
    gradersHash: p.graders_hash,
    candidatesHash: p.candidates_hash,
    candidates: lane.candidates.map((c) => ({ id: c.candidate, provider: c.provider, model: c.model })),
    dataset: { path: p.dataset.path, hash: p.dataset.hash },
  };
  const prices = new Map<string, PriceFigures | { error: string }>(lane.candidates.map((c) => [priceKey(c.provider, c.model), structuredClone(c.price)]));
  return { suite, inputs: { suites: new Map([['triage', suite]]), priceSheet: p.price_sheet, priceOverrides: p.price_overrides, prices } };
}

const triggers = (inputs: CurrentInputs) => checkBar(bar, inputs).lanes[0]!.triggers;

describe('bar --check (the comparison)', () => {
  it('finds nothing when everything is as recorded', () => {
    const c = checkBar(bar, asRecorded().inputs);
    expect(c.stale).toBe(false);
    expect(c.lanes).toEqual([{ lane: 'ticket-triage', suite: 'triage', authorized: 'small', triggers: [], stale: false }]);
  });

  it('a changed budget, field by field', () => {
    const { suite, inputs } = asRecorded();
    suite.lane.budget.min_pass_rate = 0.9;
    suite.hash = 'edited';
    expect(triggers(inputs)).toEqual([{ kind: 'budget', stale: true, what: 'lane budget changed: min_pass_rate 0.8 → 0.9' }]);
  });

  it('a changed prompt', () => {
    const { suite, inputs } = asRecorded();
    suite.prompt = { version: '1.5.0', hash: 'new-prompt-sha' };
    expect(triggers(inputs)).toEqual([{ kind: 'prompt', stale: true, what: 'prompt v1.4.0 (sha256 prompt-sha) is now v1.5.0 (sha256 new-prompt-s)' }]);
  });

  it('a changed or missing dataset', () => {
    const { suite, inputs } = asRecorded();
    suite.dataset = { path: 'datasets/t.csv', hash: 'other-sha' };
    expect(triggers(inputs)).toEqual([{ kind: 'dataset', stale: true, what: 'dataset changed: datasets/t.csv (sha256 dataset-sha → other-sha)' }]);
    suite.dataset = { path: 'datasets/t.csv', error: 'ENOENT' };
    expect(triggers(inputs)[0]).toMatchObject({ kind: 'dataset', stale: true, what: expect.stringContaining('cannot be read today: ENOENT') });
  });

  it('changed graders and candidates', () => {
    const { suite, inputs } = asRecorded();
    suite.gradersHash = 'g2';
    suite.candidatesHash = 'c2';
    suite.candidates = [{ id: 'small', provider: 'openai', model: 'model-tiny' }, { id: 'new', provider: 'openai', model: 'm' }];
    expect(triggers(inputs)).toEqual([
      { kind: 'graders', stale: true, what: 'graders changed' },
      { kind: 'candidates', stale: true, what: 'candidates changed: new added; large removed; small is now openai model-tiny (was openai model-small)' },
    ]);
  });

  it('a reprice of any candidate of the lane, figure by figure', () => {
    const { inputs } = asRecorded();
    const large = inputs.prices.get(priceKey('openai', 'model-large')) as PriceFigures;
    (inputs.prices as Map<string, PriceFigures>).set(priceKey('openai', 'model-large'), { ...large, input_mtok: 0.2, output_mtok: 0.8 });
    expect(triggers(inputs)).toEqual([{ kind: 'price', stale: true, what: 'large (openai model-large) repriced: input_mtok 0.4 → 0.2, output_mtok 1.6 → 0.8' }]);
  });

  it('a model no longer priced', () => {
    const { inputs } = asRecorded();
    (inputs.prices as Map<string, unknown>).set(priceKey('openai', 'model-small'), { error: 'no price for openai/model-small' });
    expect(triggers(inputs)).toEqual([{ kind: 'price', stale: true, what: 'small (openai model-small) has no price today: no price for openai/model-small' }]);
  });

  it('notes, without calling it stale, a new sheet that prices these models the same, or a suite edit that changes nothing decided', () => {
    const { suite, inputs } = asRecorded();
    inputs.priceSheet = { path: 'prices/sheet-2027-01-05.json', date: '2027-01-05', hash: 'newer' };
    suite.hash = 'comment-edited';
    const c = checkBar(bar, inputs);
    expect(c.stale).toBe(false);
    expect(c.lanes[0]!.triggers.map((t) => [t.kind, t.stale])).toEqual([
      ['suite', false],
      ['price_sheet', false],
    ]);
  });

  it('a suite that cannot be read today', () => {
    const { inputs } = asRecorded();
    (inputs.suites as Map<string, CurrentSuite>).set('triage', { ok: false, file: 'suites/triage.yaml', error: 'no such file' });
    expect(checkBar(bar, inputs)).toMatchObject({ stale: true, lanes: [{ triggers: [{ kind: 'suite', stale: true, what: 'suite suites/triage.yaml cannot be read today: no such file' }] }] });
  });
});
