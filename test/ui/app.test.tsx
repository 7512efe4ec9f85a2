import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cleanup } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import { summarize } from '../../src/core/summarize.js';
import { barFromJournal } from '../../src/report/bar-from-journal.js';
import type { RunEvent } from '../../src/run/events.js';
import type { JournalRecord } from '../../src/schema/journal.js';
import { journal, sample, twoLaneStart } from './fixtures.js';
import { KEY, mount, widest } from './harness.js';

afterEach(() => cleanup());

const started = (records: readonly JournalRecord[], done = 0): RunEvent => ({
  type: 'run_started',
  start: records[0] as never,
  resumed: false,
  samplesTotal: 36,
  samplesDone: done,
  reportDir: '/tmp/r/ui-run',
  concurrency: 8,
});
/** A live run six cases in: the runner's events, as the CLI adapter forwards them. */
function liveRun(upTo = 6): RunEvent[] {
  const records = journal(12, upTo);
  return [
    started(records),
    ...records.slice(1).map((r): RunEvent => (r.type === 'attempt' ? { type: 'attempt', record: r } : { type: 'case', record: r as never })),
  ];
}
const finished: RunEvent = { type: 'run_finished', status: 'complete', reportDir: '/tmp/r/ui-run' };

describe('run view', () => {
  it('draws a row per lane × candidate with progress, pass interval, p95s, spend, projection, retries and errors', async () => {
    const h = mount({ actions: liveRun() });
    const f = await h.until((x) => x.includes('ticket-triage'), 'the lane table');
    expect(f).toContain('lanebar · run ui-run · running · 18/36 samples (50%)');
    expect(f).toContain('concurrency 8');
    expect(f).toContain('SIMULATED');
    expect(f).toMatch(/▸ mini\s+█████·····\s+6\/12\s+83\.3% \(44–97\)\s+322ms\s+618ms\s+\$6\.1e-4\s+\$0\.0012\s+1\s+0/);
    expect(f).toMatch(/ {2}big\s/);
    expect(f).toContain('report-drafting [report] budget: FT p95 ≤3.00s · done p95 ≤12.0s · pass ≥85%');
    expect(f).toMatch(/first token n=6 /);
    expect(f).toContain('↑↓/jk move · Enter failures · b bar · q stop');
  });

  it('fits 80 columns: every line is cut, none wraps', async () => {
    const h = mount({ actions: liveRun(), columns: 80 });
    const f = await h.until((x) => x.includes('ticket-triage'), 'the lane table');
    expect(widest(f)).toBeLessThanOrEqual(80);
    expect(f.split('\n').filter((l) => /^[▸ ] \w+\s+[█·]/.test(l))).toHaveLength(3);
    await h.press(KEY.enter);
    expect(widest(await h.until((x) => x.includes('graders'), 'the failure detail'))).toBeLessThanOrEqual(80);
  });

  it('j / ↓ and k / ↑ move the selection', async () => {
    const h = mount({ actions: liveRun() });
    /** Which table row carries the marker: 0 triage/mini, 1 triage/big, 2 drafting/mini. */
    const marked = (f: string) => f.split('\n').filter((l) => /^[▸ ] \w+\s+[█·]/.test(l)).findIndex((l) => l.startsWith('▸'));
    await h.until((x) => marked(x) === 0, 'the first row selected');
    for (const [key, row] of [['j', 1], [KEY.down, 2], [KEY.down, 2], ['k', 1], [KEY.up, 0], [KEY.up, 0]] as const) {
      await h.press(key);
      await h.until((x) => marked(x) === row, `row ${row} selected after ${JSON.stringify(key)}`);
    }
  });

  it('labels the columns', async () => {
    const h = mount({ actions: liveRun() });
    const f = await h.until((x) => x.includes('ticket-triage'), 'the table');
    expect(f).toMatch(/cand(idate|\.)\s+progress\s+n\s+pass \(95% CI\)\s+FT p95\s+done p95\s+spend\s+project\s+retry\s+err\s+latency/);
  });
});

describe('failures view', () => {
  const inputs = { ok: true as const, cases: new Map([['t4', { input: [['subject', 'Ticket 4: \u001b[2Jcannot log in'] as [string, string]], expected: [['label', 'account'] as [string, string]] }]]) };

  it('Enter opens the selected row\'s failures: input, expected, output, every grader, tokens, latency, cost', async () => {
    const h = mount({ actions: liveRun(), inputs });
    await h.until((x) => x.includes('▸ mini'), 'the table');
    await h.press(KEY.enter);
    const f = await h.until((x) => x.includes('subject: Ticket 4'), 'the inputs read from the dataset');
    expect(h.services.loadInputs).toHaveBeenCalledWith('triage', ['t4']);
    expect(f).toContain('ticket-triage · mini (sim-mid, simulated) · 1 failed of 6 done');
    expect(f).toContain('case t4 · graded · 1 attempt · FT 248ms · done 512ms · cost $0.0001000');
    expect(f).toContain('tokens    1000 in (900 from cache) · 5 out');
    expect(f).toContain('expected  label: account');
    expect(f).toContain('output    billing');
    expect(f).toContain('graders   ✗ label: expected "bug", got "billing"');
    expect(f).toContain('✓ length: within 400 characters');
    expect(f).not.toContain('\u001b[2J');
    expect(f).toContain('↑↓/jk move · Esc back');
  });

  it('j moves through the failures; Esc goes back to the table', async () => {
    const h = mount({ actions: liveRun(12) });
    await h.until((x) => x.includes('▸ mini'), 'the table');
    await h.press(KEY.enter);
    await h.until((x) => x.includes('case t4 ·'), 'the first failure');
    await h.press('j');
    let f = await h.until((x) => x.includes('case t8 ·'), 'the second failure');
    expect(f).toMatch(/▸ t8 /);
    await h.press('j');
    f = await h.until((x) => x.includes('case t11 ·'), 'the errored case');
    expect(f).toContain('error     rate_limited: rate limited after 3 attempts');
    await h.press(KEY.escape);
    await h.until((x) => x.includes('Enter failures'), 'the table again');
    expect(h.state().view).toBe('table');
  });

  it('says why an input cannot be shown', async () => {
    const h = mount({ actions: liveRun(), inputs: { ok: false, reason: 'dataset datasets/t.csv changed since the run; inputs not shown' } });
    await h.until((x) => x.includes('▸ mini'), 'the table');
    await h.press(KEY.enter);
    await h.until((x) => x.includes('input     not shown: dataset datasets/t.csv changed since the run'), 'the reason');
  });

  it('model output cannot move the cursor or recolour the screen', async () => {
    const start = twoLaneStart(3);
    const evil = 'line one\u001b[2J\u001b[H\u001b]0;pwned\u0007\nline two \u001b[31mred\u001b[0m';
    const records = [start, ...sample({ suite: 'triage', candidate: 'mini', id: 't1', pass: false, output: evil })];
    const h = mount({ records, actions: [finished] });
    await h.until((x) => x.includes('▸ mini'), 'the table');
    await h.press(KEY.enter);
    const f = await h.until((x) => x.includes('line two'), 'the output');
    expect(f).toContain('output    line one');
    expect(f).not.toMatch(/\u001b\[2J|\u001b\]0|\u0007|\u001b\[31m/);
  });
});

describe('bar view', () => {
  it('b during the run says the verdicts come once the run ends', async () => {
    const h = mount({ actions: liveRun() });
    await h.until((x) => x.includes('▸ mini'), 'the table');
    await h.press('b');
    await h.until((x) => x.includes('once this run ends (18/36 samples so far)'), 'the waiting message');
    expect(h.services.loadBar).not.toHaveBeenCalled();
  });

  it('b after the run says plainly when no bar was computed, and how to compute one', async () => {
    const h = mount({ actions: [...liveRun(12), finished] });
    await h.until((x) => x.includes('complete'), 'the finished run');
    await h.press('b');
    const f = await h.until((x) => x.includes('No bar was computed for this run.'), 'the missing bar');
    expect(f).toContain('Compute it with: lanebar bar ui-run');
    expect(f).toContain('Esc back · q quit');
  });

  it('b shows the verdicts of bar.json: who is assigned, who is refused and why', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'lanebar-ui-bar-'));
    const records = journal(12);
    await writeFile(join(dir, 'run.jsonl'), records.map((r) => JSON.stringify(r)).join('\n') + '\n');
    const { bar } = await barFromJournal(dir, new Date('2026-11-23T12:01:00.000Z'));
    const h = mount({ records, actions: [{ type: 'summary', summary: summarize(records, 'now') }], source: 'journal', bar: { state: 'loaded', bar } });
    await h.until((x) => x.includes('▸ mini'), 'the table');
    await h.press('b');
    const f = await h.until((x) => x.includes('computed 2026-11-23T12:01:00.000Z on a complete run'), 'the bar');
    expect(f).toContain('ticket-triage [interactive]');
    expect(f).toMatch(/✗ mini\s+refused/);
    expect(f).toContain('quality: pass 66.7% (8/12), Wilson 95% lower bound 39.1% is below the bar 80.0%');
    expect(f).toContain('completion p95 2208ms is over the budget 1500ms');
    expect(f).toContain('no candidate admitted: this lane has no model');
    expect(f).toMatch(/\n {6}quality: pass/);
  });

  it('j / k scroll verdicts taller than the screen, and stop at the last line', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'lanebar-ui-bar-'));
    const records = journal(12);
    await writeFile(join(dir, 'run.jsonl'), records.map((r) => JSON.stringify(r)).join('\n') + '\n');
    const { bar } = await barFromJournal(dir, new Date('2026-11-23T12:01:00.000Z'));
    const h = mount({ records, source: 'journal', bar: { state: 'loaded', bar }, rows: 16 });
    await h.until((x) => x.includes('▸ mini'), 'the table');
    await h.press('b');
    let f = await h.until((x) => x.includes('more line(s): j/↓ to scroll'), 'a window on the verdicts');
    expect(f.split('\n').length).toBeLessThanOrEqual(16);
    expect(f).not.toContain('report-drafting [report]');
    for (let i = 0; i < 40; i++) await h.press('j');
    f = await h.until((x) => x.includes('report-drafting [report]') && !x.includes('more line(s)'), 'the last verdicts');
    expect(f).toMatch(/Eval bar \(\d+ line\(s\) above\)/);
    expect(f.split('\n').length).toBeLessThanOrEqual(16);
    await h.press('k');
    await h.until((x) => x.includes('more line(s): j/↓ to scroll'), 'one line back up');
  });
});

describe('stopping', () => {
  it('q mid-run asks the runner for a soft stop and shows how to resume; q again stops at once', async () => {
    const h = mount({ actions: liveRun() });
    await h.until((x) => x.includes('▸ mini'), 'the table');
    await h.press('q');
    expect(h.services.stop).toHaveBeenCalledTimes(1);
    h.dispatch({ type: 'stopping', inFlight: 3, graceMs: 15000 });
    const f = await h.until((x) => x.includes('letting 3 sample(s) in flight finish'), 'the stopping line');
    expect(f).toContain('· stopping ·');
    expect(f).toContain('Resume with: lanebar run --resume ui-run');
    expect(f).toContain('q stop now');
    await h.press(KEY.ctrlC);
    expect(h.services.stop).toHaveBeenCalledTimes(2);
  });

  it('Ctrl-C is the same clean stop as q', async () => {
    const h = mount({ actions: liveRun() });
    await h.until((x) => x.includes('▸ mini'), 'the table');
    await h.press(KEY.ctrlC);
    expect(h.services.stop).toHaveBeenCalledTimes(1);
    expect(h.state().stopRequested).toBe(true);
  });

  it('an interrupted run says its finished samples are kept and how to resume', async () => {
    const h = mount({ actions: [...liveRun(), { type: 'run_finished', status: 'interrupted', reportDir: '/tmp/r/ui-run' }] });
    const f = await h.until((x) => x.includes('interrupted'), 'the interrupted run');
    expect(f).toContain('finished samples are kept in the journal. Resume with: lanebar run --resume ui-run');
    expect(f).toContain('q quit');
  });
});

describe('a run read back from its journal (ui --run)', () => {
  it('shows the recorded status and duration and the summary figures, never a live clock', async () => {
    const records = journal(12);
    const h = mount({ source: 'journal', records, actions: [{ type: 'summary', summary: summarize(records, 'now') }] });
    const f = await h.until((x) => x.includes('▸ mini'), 'the table');
    expect(f).toContain('lanebar · run ui-run · complete · 36/36 samples (100%) · 42s from run_start to run_end (journal)');
    expect(f).toMatch(/▸ mini\s+█{10}\s+12\/12\s+66\.7% \(39–86\)\s+396ms\s+936ms\s+\$0\.0011\s+\$0\.0011\s+2\s+1/);
    expect(f).not.toContain('ETA');
    await h.press('q');
    expect(h.services.stop).not.toHaveBeenCalled();
  });
});
