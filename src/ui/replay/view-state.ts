import type { Key } from 'ink';
import type { CurvePoint, LaneReplay, Replay, SweepLane } from '../../schema/replay-result.js';

/** One lane of a finished replay as the view walks it. */
export interface LaneView {
  lane: LaneReplay;
  /** Its threshold sweep; null when the replay ran none for it. */
  sweep: SweepLane | null;
  /** The sweep's points by escalation rate: the cursor steps along them. */
  points: CurvePoint[];
  /** Where the recommended threshold is among the points. */
  recommended: number | null;
}

export function laneViews(r: Replay): LaneView[] {
  return r.lanes.map((lane) => {
    const sweep = r.sweep?.find((s) => s.lane === lane.lane) ?? null;
    const points = [...(sweep?.points ?? [])].sort((a, b) => a.escalation_rate - b.escalation_rate);
    const rec = sweep?.recommended;
    const at = rec ? points.findIndex((p) => p.threshold === rec.threshold && p.escalation_rate === rec.escalation_rate) : -1;
    return { lane, sweep, points, recommended: at >= 0 ? at : null };
  });
}

export interface ReplayViewState {
  /** The lane shown. */
  lane: number;
  /** Each lane's cursor: an index into its points. */
  cursors: readonly number[];
  /** Whether the oracle curve is drawn. */
  oracle: boolean;
}

export type ReplayViewAction =
  | { type: 'lane'; delta: number }
  | { type: 'cursor'; delta: number }
  | { type: 'cursor_to'; to: 'first' | 'last' | 'recommended' }
  | { type: 'oracle' };

/** The first lane, each cursor on its recommended threshold (else the first point), the oracle drawn. */
export function initialReplayView(views: readonly LaneView[]): ReplayViewState {
  return { lane: 0, cursors: views.map((v) => v.recommended ?? 0), oracle: true };
}

export function reduceReplayView(views: readonly LaneView[], s: ReplayViewState, a: ReplayViewAction): ReplayViewState {
  const view = views[s.lane];
  const setCursor = (at: number) => {
    if (!view || view.points.length === 0) return s;
    const cursors = [...s.cursors];
    cursors[s.lane] = Math.min(view.points.length - 1, Math.max(0, at));
    return { ...s, cursors };
  };
  switch (a.type) {
    case 'lane':
      // Lanes go round: Tab from the last one comes back to the first.
      return views.length === 0 ? s : { ...s, lane: (((s.lane + a.delta) % views.length) + views.length) % views.length };
    case 'cursor':
      return setCursor((s.cursors[s.lane] ?? 0) + a.delta);
    case 'cursor_to':
      if (a.to === 'recommended') return view?.recommended === null || !view ? s : setCursor(view.recommended);
      return setCursor(a.to === 'first' ? 0 : Infinity);
    case 'oracle':
      return { ...s, oracle: !s.oracle };
  }
}

/** What a key does in the replay view: an action, `quit`, or nothing. */
export function replayKey(input: string, key: Partial<Key>): ReplayViewAction | 'quit' | null {
  if (input === 'q' || (key.ctrl && input === 'c')) return 'quit';
  if (key.tab) return { type: 'lane', delta: key.shift ? -1 : 1 };
  if (key.downArrow || input === 'j') return { type: 'lane', delta: 1 };
  if (key.upArrow || input === 'k') return { type: 'lane', delta: -1 };
  if (key.leftArrow || input === 'h') return { type: 'cursor', delta: -1 };
  if (key.rightArrow || input === 'l') return { type: 'cursor', delta: 1 };
  if (key.pageUp || input === 'H') return { type: 'cursor', delta: -10 };
  if (key.pageDown || input === 'L') return { type: 'cursor', delta: 10 };
  if (key.home || input === 'g') return { type: 'cursor_to', to: 'first' };
  if (key.end || input === 'G') return { type: 'cursor_to', to: 'last' };
  if (input === 'r') return { type: 'cursor_to', to: 'recommended' };
  if (input === 'o') return { type: 'oracle' };
  return null;
}
