import { render as inkRender } from 'ink';
import { cleanup, render } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import type { Replay } from '../../src/schema/replay-result.js';
import { ReplayApp } from '../../src/ui/replay/replay-app.js';
import { fakeTerminal, frames, KEY, settle, widest } from './harness.js';
import { viewReplay } from './replay-fixtures.js';

afterEach(() => cleanup());

function mountReplay(replay: Replay = viewReplay(), size = { columns: 80, rows: 24 }) {
  return frames(render(<ReplayApp replay={replay} size={size} />));
}

const lines = (f: string) => f.split('\n');
/** The table row of the cursor, the recommended threshold or this gate. */
const row = (f: string, label: string) => lines(f).find((l) => l.startsWith(label)) ?? '';
/** Column of the cursor in the line of the accepted-rate chart that holds it (the left chart). */
const cursorColumn = (f: string) => lines(f).find((l) => l.includes('┤') && l.includes('◉'))!.indexOf('◉');

describe('the replay view', () => {
  it('draws the first lane: both sweep charts, the recommended threshold against this gate, the alarms; SIMULATED', async () => {
    const h = mountReplay();
    const f = await h.until((x) => x.includes('accepted rate'), 'the charts');
    expect(lines(f)[0]).toBe('lanebar · lane 1/2 ticket-triage · SIMULATED · gpt-4.1-nano → gpt-4.1 (cascade)…');
    expect(lines(f)[1]).toBe('101 thresholds · APGR 0.667 (oracle 0.900) · CPT(50%) 25.0% · CPT(80%) 64.0%');
    expect(f).toMatch(/^accepted rate by share escalated\s+cost per task by share escalated$/m);
    // The value axes: 90% is the quality bar's row, $0.0050 all-strong's cost at the top.
    expect(f).toMatch(/^90\.0%┤┄/m);
    expect(f).toMatch(/\$0\.0053┤/);
    expect(f).toMatch(/^\s+0%\s+25%\s+50%\s+75%\s+100%\s+0%\s+25%\s+50%\s+75%\s+100%$/m);
    // all-small at the left edge of both plots, all-strong at the right edge.
    const plot = lines(f).filter((l) => l.includes('┤'));
    expect(plot.flatMap((l) => l.match(/┤○/g) ?? [])).toHaveLength(2);
    expect(plot.flatMap((l) => [...l.matchAll(/●/g)].map((m) => m.index))).toEqual([38, 79]);
    expect(f).toContain('┄ quality bar 90.0%');
    // The cursor starts on the recommended threshold (drawn over its ◆).
    expect(row(f, '◉ cursor')).toMatch(/^◉ cursor\s+confidence < 0\.45\s+45\.0% 90\.1%\s+\$0\.002800$/);
    expect(row(f, '◆ recommend')).toMatch(/^◆ recommend confidence < 0\.45\s+45\.0% 90\.1% ≥ bar 90\.0% \$0\.002800$/);
    expect(row(f, '× this gate')).toMatch(/^× this gate confidence < 0\.4 …\s+45\.0% 90\.1% \[est 25%\]\s+\$0\.002800$/);
    expect(f).toContain('budget: 2 alarms firing · Support inbox (EXAMPLE)');
    expect(f).toMatch(/per-task cost\s+\$0\.004100 \[est 25%\]\s+> \$0\.004000\s+FIRES\s+2026-11-02\s+Ann Exa…$/m);
    expect(f).toMatch(/escalation rate\s+30\.0%\s+> 25\.0%\s+FIRES\s+2026-11-02\s+Bo/);
    expect(f).toMatch(/cache hit rate\s+70\.0% \[est 25%\]\s+< 60\.0%\s+quiet\s+—\s+Cy Exam…$/m);
    expect(lines(f).at(-1)).toMatch(/^q quit · ↑↓\/jk\/Tab lane · ←→\/hl cursor/);
    // The owner's escape sequence is drawn inert, and nothing wraps.
    expect(f).not.toContain('\u001b');
    expect(widest(f)).toBeLessThanOrEqual(80);
    expect(lines(f).length).toBeLessThanOrEqual(24);
  });

  it('← → h l move the cursor a threshold at a time, H L ten, g G to the ends, r back to the recommended one', async () => {
    const h = mountReplay();
    await h.until((x) => x.includes('◉ cursor'), 'the cursor');
    const steps: [string, string, string][] = [
      [KEY.right, '0.46', '46.0%'],
      ['l', '0.47', '47.0%'],
      [KEY.left, '0.46', '46.0%'],
      ['h', '0.45', '45.0%'],
      ['L', '0.55', '55.0%'],
      ['H', '0.45', '45.0%'],
      ['g', '0', '0.0%'],
      [KEY.left, '0', '0.0%'],
      ['G', '1', '100.0%'],
      [KEY.right, '1', '100.0%'],
      ['r', '0.45', '45.0%'],
      // Keys that arrive together (typed faster than Ink reads them) each count.
      ['lll', '0.48', '48.0%'],
      ['Lh', '0.57', '57.0%'],
    ];
    for (const [key, threshold, escalated] of steps) {
      await h.press(key);
      const re = new RegExp(`^◉ cursor\\s+confidence < ${threshold.replace('.', '\\.')}\\s+${escalated.replace('.', '\\.')} `);
      await h.until((x) => re.test(row(x, '◉ cursor')), `the cursor at ${threshold} after ${JSON.stringify(key)}`);
    }
  });

  it('the cursor is drawn in the column of its escalation rate: the first plot column at 0%, the last at 100%', async () => {
    const h = mountReplay();
    await h.until((x) => x.includes('◉ cursor'), 'the cursor');
    // Off the recommended threshold, its ◆ shows.
    await h.press('g');
    const first = await h.until((x) => row(x, '◉ cursor').includes('0.0%'), 'the cursor at 0%');
    expect(first).toContain('◆');
    // Left chart: 39 columns, of which the value labels ("90.0%") and the axis take 6.
    expect(cursorColumn(first)).toBe(6);
    await h.press('G');
    const last = await h.until((x) => row(x, '◉ cursor').includes('100.0%'), 'the cursor at 100%');
    expect(cursorColumn(last)).toBe(38);
    // In the cost chart on the right, the cursor at 100% sits in the screen's last column.
    expect(lines(last).some((l) => l.length === 80 && l.endsWith('◉'))).toBe(true);
  });

  it('Tab, j/k and ↑/↓ switch lanes and go round; each lane keeps its own cursor', async () => {
    const h = mountReplay();
    await h.until((x) => x.includes('lane 1/2 ticket-triage'), 'lane 1');
    await h.press('l');
    await h.until((x) => row(x, '◉ cursor').includes('0.46'), 'the cursor moved');
    await h.press(KEY.tab);
    const second = await h.until((x) => x.includes('lane 2/2 support-reply'), 'lane 2 after Tab');
    expect(lines(second)[1]).toBe('41 thresholds · APGR 0.500 (oracle 0.800) · CPT(50%) 50.0% · CPT(80%) 80.0%');
    // No threshold meets this lane's 95% bar: the best one is shown, and said to miss it.
    expect(row(second, '◆ best')).toMatch(/^◆ best\s+score > 0\s+100\.0% 90\.0% < bar 95\.0% \$0\.01000$/);
    expect(second).toContain('no threshold meets the bar 95.0%: the best reaches 90.0%');
    // This gate's own point (40% escalated) is on both charts, in the column of 40%.
    const gateMarks = lines(second).filter((l) => l.includes('┤') && l.includes('×'));
    expect(gateMarks.length).toBe(2);
    expect(row(second, '× this gate')).toMatch(/^× this gate score > 0\.6\s+40\.0% 78\.0% \[est 10%\]\s+\$0\.005200 \[est 10%\]$/);
    for (const [key, lane] of [[KEY.tab, 1], ['j', 2], ['k', 1], [KEY.down, 2], [KEY.up, 1], [KEY.up, 2], [KEY.shiftTab, 1]] as const) {
      await h.press(key);
      await h.until((x) => x.includes(`lane ${lane}/2`), `lane ${lane} after ${JSON.stringify(key)}`);
    }
    expect(row(h.frame(), '◉ cursor')).toContain('confidence < 0.46');
  });

  it('o hides and shows the oracle curve', async () => {
    const h = mountReplay();
    await h.until((x) => x.includes('⣀ oracle'), 'the oracle in the legend');
    await h.press('o');
    await h.until((x) => !x.includes('⣀ oracle') && x.includes('quality bar'), 'the legend without the oracle');
    await h.press('o');
    await h.until((x) => x.includes('⣀ oracle'), 'the oracle again');
  });

  it('fits 80 columns and narrower ones: lines are cut with …, never wrapped', async () => {
    for (const columns of [80, 60, 40]) {
      const h = mountReplay(viewReplay(), { columns, rows: 24 });
      const f = await h.until((x) => x.includes('accepted'), `the view at ${columns} columns`);
      expect(widest(f)).toBeLessThanOrEqual(columns);
      expect(lines(f).length).toBeLessThanOrEqual(24);
      expect(lines(f).filter((l) => l.endsWith('…')).length).toBeGreaterThan(columns < 80 ? 3 : 0);
      // A cut line is still the line it was: the header begins as ever, the keys come last.
      expect(lines(f)[0]).toMatch(/^lanebar · lane 1\/2 /);
      expect(lines(f).at(-1)).toMatch(/^q quit/);
      h.r.unmount();
    }
  });

  it('gives the charts what rows the terminal has, and keeps the keys on a short one', async () => {
    const plotRows = (f: string) => lines(f).filter((l) => l.includes('┤')).length;
    const tall = mountReplay(viewReplay(), { columns: 100, rows: 40 });
    const t = await tall.until((x) => x.includes('accepted rate'), 'the tall view');
    expect(lines(t).length).toBeLessThanOrEqual(40);
    expect(plotRows(t)).toBe(16);
    const short = mountReplay(viewReplay(), { columns: 80, rows: 16 });
    const s = await short.until((x) => x.includes('accepted rate'), 'the short view');
    expect(lines(s).length).toBeLessThanOrEqual(16);
    expect(plotRows(s)).toBe(3);
    expect(lines(s).at(-1)).toMatch(/^q quit/);
  });

  it('no SIMULATED label on a replay of real traffic', async () => {
    const h = mountReplay(viewReplay({ simulated: false }));
    const f = await h.until((x) => x.includes('accepted rate'), 'the charts');
    expect(f).not.toContain('SIMULATED');
    expect(lines(f)[0]).toMatch(/^lanebar · lane 1\/2 ticket-triage · gpt-4\.1-nano/);
  });

  it('a replay without a sweep: the lanes\' figures, the alarms, and the command that sweeps it', async () => {
    const h = mountReplay(viewReplay({ sweep: false }), { columns: 80, rows: 24 });
    const f = await h.until((x) => x.includes('No threshold sweep'), 'the missing sweep');
    expect(f).toContain('No threshold sweep in this replay, so no chart. Run one with:');
    expect(f).toContain('lanebar replay logs/traffic.csv --mapping mappings/litellm.yaml \\');
    expect(f).toContain('  --gate gates/triage.yaml --eval-run reports/demo --sweep');
    expect(row(f, '× this gate')).toMatch(/45\.0%\s+90\.1% \[est 25%\]/);
    expect(row(f, '○ all-small')).toMatch(/gpt-4\.1-nano\s+0\.0%\s+80\.0% \[est 25%\]\s+\$0\.001000/);
    expect(row(f, '● all-strong')).toMatch(/gpt-4\.1\s+100\.0%\s+95\.0% \[est 25%\]\s+\$0\.005000/);
    expect(f).toContain('budget: 2 alarms firing');
    expect(f).not.toContain('┤');
    expect(lines(f).at(-1)).toBe('q quit · ↑↓/jk/Tab lane');
    expect(widest(f)).toBeLessThanOrEqual(80);
  });
});

describe('closing the replay view', () => {
  for (const [name, key] of [['q', 'q'], ['Ctrl-C', KEY.ctrlC]] as const) {
    it(`${name} closes it`, async () => {
      const term = fakeTerminal(80, 24);
      const instance = inkRender(<ReplayApp replay={viewReplay()} size={{ columns: 80, rows: 24 }} />, { stdout: term.stdout, stdin: term.stdin, debug: true, exitOnCtrlC: false, patchConsole: false });
      let exited = false;
      void instance.waitUntilExit().then(() => (exited = true));
      await new Promise((res) => setTimeout(res, 20));
      term.press('l');
      await new Promise((res) => setTimeout(res, 20));
      expect(exited).toBe(false);
      term.press(key);
      await settle(() => exited);
      expect(exited).toBe(true);
    });
  }
});
