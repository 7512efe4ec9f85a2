import { describe, expect, it } from 'vitest';
import { decide, laneJournal, passing } from './journal.js';

/** Passes on cases [0, n) listed by index ranges. */
const passOn = (n: number, ...ranges: [number, number][]) => Array.from({ length: n }, (_, i) => ranges.some(([a, b]) => i >= a && i < b));

describe('the assigned model', () => {
  it('is the cheapest admitted candidate by cost per accepted outcome, not per task', () => {
    const bar = decide(
      laneJournal({
        cases: 100,
        candidates: [
          // $0.00100 a sample, 90 accepted: $0.1000/90 = $0.001111 per accepted outcome.
          { id: 'cheap-per-call', passes: passing(100, 90), costUsd: 0.001 },
          // $0.00105 a sample, 95 accepted: $0.1050/95 = $0.001105: cheaper where it counts.
          { id: 'cheap-per-outcome', passes: passing(100, 95), costUsd: 0.00105 },
          // cheapest of all, but refused on quality (60/100).
          { id: 'weak', passes: passing(100, 60), costUsd: 0.0001 },
        ],
      }),
    );
    const lane = bar.lanes[0]!;
    expect(lane.candidates.map((c) => c.verdict)).toEqual(['admitted', 'admitted', 'refused']);
    expect(lane.authorization?.model.candidate).toBe('cheap-per-outcome');
    expect(lane.authorization?.traffic).toBe('ticket-triage');
  });

  it('is none when no candidate is admitted', () => {
    const bar = decide(laneJournal({ cases: 100, candidates: [{ id: 'a', passes: passing(100, 50) }, { id: 'b', passes: passing(100, 95), ttftMs: 5000 }] }));
    expect(bar.lanes[0]!.authorization).toBeNull();
  });
});

describe('escalation and the paired test', () => {
  const lane = () =>
    decide(
      laneJournal({
        cases: 100,
        candidates: [
          // small passes cases 0-89 (90%).
          { id: 'small', passes: passOn(100, [0, 90]), costUsd: 0.0005 },
          // mid passes 0-84 and 90-99 (95%): small-only 85-89 (5), mid-only 90-99 (10), both 85.
          { id: 'mid', passes: passOn(100, [0, 85], [90, 100]), costUsd: 0.001 },
          // large passes 0-88 and 90-99 (99%): small-only 89 (1), large-only 90-99 (10).
          { id: 'large', passes: passOn(100, [0, 89], [90, 100]).map((p, i) => p || i === 89), costUsd: 0.005 },
          // strongest of all, but refused on cost: never an escalation target.
          { id: 'huge', passes: passing(100, 100), costUsd: 0.02 },
        ],
      }),
    ).lanes[0]!;

  it('goes to the next-stronger admitted model: the lowest pass rate above the assigned one', () => {
    const l = lane();
    expect(l.candidates.map((c) => [c.candidate, c.verdict])).toEqual([
      ['small', 'admitted'],
      ['mid', 'admitted'],
      ['large', 'admitted'],
      ['huge', 'refused'],
    ]);
    expect(l.authorization?.model.candidate).toBe('small');
    expect(l.authorization?.escalation).toMatchObject({ candidate: 'mid', pass_rate: 0.95 });
  });

  it('reports McNemar against each stronger admitted model, on the shared samples', () => {
    const [mid, large] = lane().authorization!.paired_tests;
    // small vs mid: discordant 5 and 10, n = 15: 2 * (1 + 15 + 105 + 455 + 1365 + 3003) / 2^15 = 9888/32768.
    expect(mid).toMatchObject({ cheaper: 'small', stronger: 'mid', pairs: 100, both_pass: 85, cheaper_only: 5, stronger_only: 10, neither: 0, alpha: 0.05 });
    expect(mid!.p_value).toBeCloseTo(9888 / 32768, 12);
    expect(mid!.cheaper_significantly_worse).toBe(false);
    // small vs large: discordant 0 and 10 (case 89 both pass): 2/1024.
    expect(large).toMatchObject({ stronger: 'large', both_pass: 90, cheaper_only: 0, stronger_only: 10, cheaper_significantly_worse: true });
    expect(large!.p_value).toBeCloseTo(2 / 1024, 12);
  });

  it('is none when no admitted model is stronger than the assigned one', () => {
    const bar = decide(laneJournal({ cases: 100, candidates: [{ id: 'best', passes: passing(100, 98) }, { id: 'worse', passes: passing(100, 93), costUsd: 0.002 }] }));
    const a = bar.lanes[0]!.authorization!;
    expect(a.model.candidate).toBe('best');
    expect(a.escalation).toBeNull();
    expect(a.paired_tests).toEqual([]);
  });
});

describe('provenance and labelling', () => {
  it('carries the run, suite, dataset, prompt, graders, prices and version on every authorization', () => {
    const bar = decide(laneJournal({ cases: 100, candidates: [{ id: 'a', passes: passing(100, 95) }] }));
    const p = bar.lanes[0]!.authorization!.provenance;
    expect(p).toMatchObject({
      run_id: 'hand-made',
      run_started_at: '2026-11-23T12:00:00.000Z',
      run_status: 'complete',
      suite: { name: 'triage', version: '2.1.0', file: 'suites/triage.yaml', hash: 'suite-sha' },
      dataset: { path: 'datasets/t.csv', hash: 'dataset-sha', rows: 100 },
      prompt: { version: '1.4.0', hash: 'prompt-sha' },
      price_sheet: { path: 'prices/sheet-2026-11-23.json', date: '2026-11-23', hash: 'sheet-sha' },
      price_overrides: { path: 'prices/overrides.yaml', hash: 'overrides-sha' },
      lanebar_version: '9.9.9',
      simulated: false,
    });
    expect(p.graders_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(p.candidates_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(bar.simulated).toBe(false);
    expect(bar.notice).toBeNull();
    // The price the run billed at, kept for bar --check.
    expect(bar.lanes[0]!.candidates[0]!.price).toMatchObject({ input_mtok: 0.4, output_mtok: 1.6 });
  });

  it('marks a simulated authorization as such, in the model, the provenance and the bar', () => {
    const bar = decide(laneJournal({ cases: 100, candidates: [{ id: 'small', model: 'gpt-4.1-nano', simulated: true, passes: passing(100, 95) }] }));
    const a = bar.lanes[0]!.authorization!;
    expect(a.model).toEqual({ candidate: 'small', provider: 'openai', model: 'gpt-4.1-nano', served_by: 'sim-small', simulated: true });
    expect(a.provenance.simulated).toBe(true);
    expect(bar.simulated).toBe(true);
    expect(bar.notice).toMatch(/^SIMULATED: .*authorize no real model/);
  });
});
