import { describe, expect, it } from 'vitest';
import { barMarkdown } from '../../src/report/bar-markdown.js';
import { refusalText } from '../../src/report/bar-words.js';
import { decide, laneJournal, passing } from './journal.js';

const routingRow = (md: string) => md.split('\n').find((l) => l.startsWith('| ticket-triage'))!;

describe('bar.md', () => {
  it('labels a simulated authorization in its model cell and with a banner', () => {
    const md = barMarkdown(decide(laneJournal({ cases: 100, candidates: [{ id: 'small', model: 'gpt-4.1-nano', simulated: true, passes: passing(100, 95) }] })));
    expect(md.split('\n')[2]).toMatch(/^> \*\*SIMULATED: /);
    const row = routingRow(md);
    expect(row).toContain('**small**: sim-small (SIMULATED stand-in for gpt-4.1-nano)');
    expect(row).not.toMatch(/\| \*\*small\*\*: gpt-4\.1-nano/);
  });

  it('names a live model plainly, with no simulated wording anywhere', () => {
    const md = barMarkdown(decide(laneJournal({ cases: 100, candidates: [{ id: 'small', model: 'gpt-4.1-nano', passes: passing(100, 95) }] })));
    expect(md).not.toMatch(/simulat/i);
    expect(routingRow(md)).toContain('**small**: gpt-4.1-nano (openai)');
  });

  it('has the routing plan\'s four columns, then the evidence of each lane', () => {
    const md = barMarkdown(
      decide(
        laneJournal({
          cases: 100,
          candidates: [
            { id: 'small', passes: passing(100, 92), costUsd: 0.0005 },
            { id: 'large', passes: passing(100, 99), costUsd: 0.002 },
          ],
        }),
      ),
    );
    expect(md).toContain('| Traffic | Model | Eval bar that authorized it | Escalation (the stronger model a request goes to) |');
    const row = routingRow(md);
    expect(row).toContain('suite triage v2.1.0, n = 100: pass 92.0% (');
    expect(row).toContain('first token p95 100ms ≤ 800ms');
    // $0.0005 a sample, 92 of 100 accepted: $0.05/92 = $0.0005435.
    expect(row).toContain('$0.0005435 ≤ $0.01000 per accepted outcome');
    expect(row).toContain('to **large**, model-large (openai): pass 99.0%');
    expect(md).toContain('## ticket-triage (interactive)');
    expect(md).toMatch(/Provenance: run hand-made .*suite-sha.*dataset datasets\/t\.csv \(100 cases, sha256 dataset-sha\).*prompt v1\.4\.0/);
    // small passes cases 0-91, large 0-98: discordant 0 and 7, p = 2/2^7 = 0.0156.
    expect(md).toMatch(/- small vs large on 100 shared samples: both pass 92, small only 0, large only 7, neither 1; McNemar exact p = 0\.016: \*\*small is significantly worse\*\* than large/);
  });

  it('says when no model is admitted, and why, and warns of a partial run', () => {
    const md = barMarkdown(decide(laneJournal({ cases: 10, complete: false, candidates: [{ id: 'a', passes: passing(10, 10) }] })));
    expect(routingRow(md)).toContain('| **none admitted** | no candidate cleared suite triage (a: incomplete, quality)');
    expect(md).toContain('The run is partial: nothing is admitted from it.');
    expect(md).toContain('10 cases can never clear it, even all passing: at least 16 are needed');
  });
});

describe('refusal wording', () => {
  it('gives every figure', () => {
    expect(refusalText({ kind: 'first_token_p95', p95_ms: 912, budget_ms: 800 })).toBe('first token p95 912ms is over the budget 800ms');
    expect(refusalText({ kind: 'cost', per_accepted_usd: 0.0009460, target_usd: 0.0008 })).toBe('cost: $0.0009460 per accepted outcome is over the target $0.0008000');
    expect(refusalText({ kind: 'errors', errored: 11, completed: 200, error_rate: 0.055, max_error_rate: 0.05 })).toBe('errors: 11/200 samples (5.5%) ended in an error, over the 5.0% allowed');
    expect(refusalText({ kind: 'incomplete', completed: 40, samples: 100, run_status: 'partial' })).toMatch(/^incomplete: 40\/100 samples finished and the run is partial/);
    expect(
      refusalText({ kind: 'quality', passed: 80, completed: 100, pass_rate: 0.8, pass_ci_low: 0.7112, min_pass_rate: 0.8, cases_needed_all_pass: null, cases_needed_at_observed_rate: null }),
    ).toBe('quality: pass 80.0% (80/100), Wilson 95% lower bound 71.1% is below the bar 80.0%');
  });
});
