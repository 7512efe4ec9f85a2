import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { pct, usd } from '../../src/report/format.js';
import { thresholdWords } from '../../src/report/replay-words.js';
import { Replay, type CurvePoint, type SweepLane } from '../../src/schema/replay-result.js';
import { displayWidth } from '../../src/ui/text.js';
import { tmuxPerTest } from '../helpers/tmux.js';

/** `lanebar replay … --ui` and `lanebar ui --replay` in a real 80×24 terminal: see test/helpers/tmux.ts. */
const { start, waitFor, keys } = tmuxPerTest('replay-ui-e2e');
const ROOT = join(import.meta.dirname, '..', '..');
const SIZE = { columns: 80, rows: 24 };
/** The bundled SIMULATED example, with the committed eval run behind its estimates: two alarms fire. */
const EXAMPLE = ['logs/support.parquet', '--mapping', 'mappings/lanebar.yaml', '--budget', 'budgets/support.yaml', '--eval-run', 'reports/baseline'];

const lines = (screen: string) => screen.split('\n');
const row = (screen: string, label: string) => lines(screen).find((l) => l.startsWith(label)) ?? '';
const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** The start of a table row for a sweep point: its threshold, escalation and accepted rates. */
const pointRow = (label: string, s: SweepLane, p: CurvePoint) => new RegExp(`^${esc(label)}\\s+${esc(thresholdWords(s, p.threshold))}\\s+${esc(pct(p.escalation_rate))} ${esc(pct(p.accepted_rate))}`);
/** The points as the view walks them, and where the recommended one is. */
function walk(s: SweepLane) {
  const points = [...s.points].sort((a, b) => a.escalation_rate - b.escalation_rate);
  const at = points.findIndex((p) => p.threshold === s.recommended!.threshold && p.escalation_rate === s.recommended!.escalation_rate);
  return { points, at };
}

describe('the replay view, driven in tmux', () => {
  it('replay --ui draws the sweep and the recommendation, moves the cursor, switches lanes; q leaves the plain output and exit 3; ui --replay opens it again', async () => {
    const reports = mkdtempSync(join(tmpdir(), 'lanebar-replay-ui-e2e-'));
    start('replay', ROOT, ['replay', ...EXAMPLE, '--ui', '--reports', reports, '--replay-id', 'e2e'], SIZE);
    const view = await waitFor('replay', (s) => s.includes('◉ cursor'), 'the replay view', 60_000);

    // The view reads the replay the command wrote before opening it: what it shows is replay.json's.
    const replay = Replay.parse(JSON.parse(readFileSync(join(reports, 'e2e', 'replay.json'), 'utf8')));
    const [first, second] = replay.lanes.map((l) => replay.sweep!.find((s) => s.lane === l.lane)!);
    const rec = first!.recommended!;
    expect(rec.meets_bar).toBe(true);
    expect(lines(view)[0]).toContain(`lane 1/2 ${first!.lane} · SIMULATED`);
    expect(view).toMatch(/^accepted rate by share escalated\s+cost per task by share escalated\s*$/m);
    expect(view).toMatch(/[\u2801-\u28ff]{3}/);
    expect(view).toMatch(/^\s+0%\s+25%\s+50%\s+75%\s+100%\s+0%\s+25%\s+50%\s+75%\s+100%$/m);
    expect(row(view, '◆ recommend')).toMatch(pointRow('◆ recommend', first!, rec));
    expect(row(view, '◆ recommend')).toContain(`≥ bar ${pct(first!.quality_bar)} ${usd(rec.cost_per_task_usd)}`);
    expect(row(view, '◉ cursor')).toMatch(pointRow('◉ cursor', first!, rec));
    expect(view).toMatch(/per-task cost .* FIRES {2}2026-10-01/);
    expect(view).toMatch(/cache hit rate .* quiet/);
    // 80 columns, nothing wrapped (capture-pane -J would join a wrapped line into a longer one).
    expect(Math.max(...lines(view).map(displayWidth))).toBeLessThanOrEqual(80);

    const { points, at } = walk(first!);
    keys('replay', 'Right');
    await waitFor('replay', (s) => pointRow('◉ cursor', first!, points[at + 1]!).test(row(s, '◉ cursor')), 'the cursor on the next threshold');
    keys('replay', 'h', 'h');
    await waitFor('replay', (s) => pointRow('◉ cursor', first!, points[at - 1]!).test(row(s, '◉ cursor')), 'the cursor back two thresholds');
    keys('replay', 'r');
    await waitFor('replay', (s) => pointRow('◉ cursor', first!, rec).test(row(s, '◉ cursor')), 'the cursor on the recommended threshold');

    keys('replay', 'Tab');
    const other = await waitFor('replay', (s) => s.includes(`lane 2/2 ${second!.lane}`), 'the second lane');
    expect(row(other, '◆ recommend')).toMatch(pointRow('◆ recommend', second!, second!.recommended!));
    keys('replay', 'q');
    const after = await waitFor('replay', (s) => s.includes('[exit '), 'lanebar exiting');
    expect(after).toContain('[exit 3]');
    expect(after).toContain(`reports: ${join(reports, 'e2e')}/`);
    expect(after).toMatch(/escalation rate: FIRES/);
    expect(after).not.toContain('◉ cursor');

    start('again', ROOT, ['ui', '--replay', 'e2e', '--reports', reports], SIZE);
    const again = await waitFor('again', (s) => s.includes('◉ cursor'), 'the replay view from replay.json');
    expect(row(again, '◆ recommend')).toMatch(pointRow('◆ recommend', first!, rec));
    keys('again', 'j');
    await waitFor('again', (s) => s.includes(`lane 2/2 ${second!.lane}`), 'the second lane after j');
    keys('again', 'q');
    const closed = await waitFor('again', (s) => s.includes('[exit '), 'the view closing');
    expect(closed).toContain('[exit 0]');
    expect(closed).toContain(`replay e2e: ${join(reports, 'e2e')}`);
  }, 120_000);

  it('ui --replay of a replay without a sweep says so and how to run it', async () => {
    start('baseline', ROOT, ['ui', '--replay', 'replay-baseline'], SIZE);
    const view = await waitFor('baseline', (s) => s.includes('No threshold sweep'), 'the replay without a sweep');
    expect(view).toContain('No threshold sweep in this replay, so no chart. Run one with:');
    expect(view).toContain('lanebar replay logs/support.parquet --mapping mappings/lanebar.yaml \\');
    expect(view).toMatch(/--eval-run reports\/baseline --sweep$/m);
    expect(view).toContain('budget: 2 alarms firing');
    keys('baseline', 'C-c');
    expect(await waitFor('baseline', (s) => s.includes('[exit '), 'the view closing')).toContain('[exit 0]');
  }, 60_000);
});
