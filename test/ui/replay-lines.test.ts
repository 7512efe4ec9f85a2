import { describe, expect, it } from 'vitest';
import { replayScreen, sweepCommand } from '../../src/ui/replay/replay-lines.js';
import { lineText, lineWidth } from '../../src/ui/replay/spans.js';
import { initialReplayView, laneViews, reduceReplayView } from '../../src/ui/replay/view-state.js';
import { viewReplay } from './replay-fixtures.js';

const screen = (replay = viewReplay(), size = { columns: 80, rows: 24 }) => {
  const views = laneViews(replay);
  return replayScreen(replay, views, initialReplayView(views), size);
};

describe('the replay view as lines', () => {
  it('is never wider or taller than the terminal, whatever its size', () => {
    for (const replay of [viewReplay(), viewReplay({ sweep: false })]) {
      for (let columns = 1; columns <= 160; columns += 9) {
        for (let rows = 1; rows <= 50; rows += 7) {
          const lines = screen(replay, { columns, rows });
          expect(Math.max(...lines.map(lineWidth)), `${columns}×${rows}`).toBeLessThanOrEqual(columns);
          expect(lines.length, `${columns}×${rows}`).toBeLessThanOrEqual(rows);
          expect(lineText(lines.at(-1)!)).toMatch(columns > 1 ? /^q/ : /^…$/);
        }
      }
    }
  });

  it('colours a firing alarm red and a quiet one green', () => {
    const spans = screen().flat();
    expect(spans.filter((s) => s.text === 'FIRES').map((s) => s.colour)).toEqual(['red', 'red']);
    expect(spans.find((s) => s.text === 'quiet')?.colour).toBe('green');
  });

  it('without a quality bar there is no recommendation, and it says how to set one', () => {
    const replay = viewReplay();
    replay.sweep![0] = { ...replay.sweep![0]!, quality_bar: null, recommended: null };
    const views = laneViews(replay);
    expect(views[0]!.recommended).toBe(null);
    // With nothing to start on, the cursor starts on the first threshold.
    const state = initialReplayView(views);
    expect(state.cursors[0]).toBe(0);
    expect(reduceReplayView(views, state, { type: 'cursor_to', to: 'recommended' })).toBe(state);
    const text = replayScreen(replay, views, state, { columns: 140, rows: 30 }).map(lineText);
    expect(text).toContain("◆ no quality bar, no recommendation: set quality_bar in the budget's routing plan or pass --quality-bar");
    expect(text.some((l) => l.includes('quality bar 90.0%'))).toBe(false);
  });

  it('the command that sweeps a replay again keeps each option with its value and quotes what a shell would split', () => {
    const replay = viewReplay();
    replay.inputs.log.path = "logs/it's here.csv";
    expect(sweepCommand(replay, 60)).toEqual([
      "lanebar replay 'logs/it'\\''s here.csv' \\",
      '  --mapping mappings/litellm.yaml --gate gates/triage.yaml \\',
      '  --eval-run reports/demo --sweep',
    ]);
    expect(sweepCommand(replay, 200)).toHaveLength(1);
  });
});
