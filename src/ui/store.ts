import { reduce, type UiAction, type UiState } from './state.js';

/**
 * Holds the UI state outside React, so that the runner's events cost one reducer call each and
 * never a render: the app reads the store at a steady rate (see use-throttled-state.ts).
 */
export interface UiStore {
  getState(): UiState;
  dispatch(action: UiAction): void;
}

export function createUiStore(initial: UiState): UiStore {
  let state = initial;
  return {
    getState: () => state,
    dispatch: (action) => {
      state = reduce(state, action);
    },
  };
}
