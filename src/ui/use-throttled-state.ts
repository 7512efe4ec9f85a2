import { useCallback, useEffect, useState } from 'react';
import type { UiState } from './state.js';
import type { UiStore } from './store.js';

/**
 * The store's state, re-read every `intervalMs` (and at once after a key), so a run sending
 * thousands of events a second is drawn at a steady, bounded rate. While a live run is going the
 * clock is advanced on each read, which moves the elapsed time and the ETA.
 */
export function useThrottledState(store: UiStore, intervalMs: number, now: () => number): [UiState, () => void] {
  const [state, setState] = useState(store.getState);
  const refresh = useCallback(() => setState(store.getState()), [store]);
  useEffect(() => {
    const timer = setInterval(() => {
      const s = store.getState();
      if (s.source === 'live' && s.phase !== 'finished') store.dispatch({ type: 'clock', now: now() });
      setState(store.getState());
    }, intervalMs);
    return () => clearInterval(timer);
  }, [store, intervalMs, now]);
  return [state, refresh];
}
