import { Box, Text } from 'ink';
import { usd } from '../../report/format.js';
import type { HeaderFigures } from '../figures.js';
import type { UiState } from '../state.js';
import { duration, inert } from '../text.js';

/** What the run is doing, in words. A journal without a run_end was killed mid-run. */
export function phaseWords(s: UiState): string {
  switch (s.phase) {
    case 'waiting':
      return 'checking suites…';
    case 'running':
      return s.resumed ? 'resumed, running' : 'running';
    case 'stopping':
      return 'stopping';
    case 'finished':
      return s.status ?? 'unfinished (killed: no end in the journal)';
  }
}

const PHASE_COLOUR = { complete: 'green', interrupted: 'yellow', failed: 'red' } as const;

export function Header({ state, figures }: { state: UiState; figures: HeaderFigures }) {
  const share = state.samplesTotal > 0 ? Math.floor((state.samplesDone / state.samplesTotal) * 100) : 0;
  const live = state.source === 'live';
  const timing = live
    ? `elapsed ${duration(figures.elapsedMs)}${state.phase === 'running' ? ` · ETA ${duration(figures.etaMs)}` : ''}`
    : `${duration(figures.elapsedMs)} from run_start to run_end (journal)`;
  const first = `lanebar · run ${inert(state.runId ?? '…')} · `;
  const progress = ` · ${state.samplesDone}/${state.samplesTotal} samples (${share}%) · ${timing}`;
  const simulated = state.rows.some((r) => r.simulated);
  const money = `spend ${usd(figures.spendUsd)} · projected ${figures.lowerBound ? '≥ ' : ''}${usd(figures.projectedUsd)}${
    state.concurrency !== null ? ` · concurrency ${state.concurrency}` : ''
  }`;
  const colour = state.phase === 'finished' && state.status ? PHASE_COLOUR[state.status] : state.phase === 'stopping' ? 'yellow' : 'cyan';
  return (
    <Box flexDirection="column">
      <Text wrap="truncate">
        <Text bold>{first}</Text>
        <Text color={colour} bold>
          {phaseWords(state)}
        </Text>
        {progress}
      </Text>
      <Text wrap="truncate">
        {money}
        {simulated ? <Text color="magenta">{' · SIMULATED candidates'}</Text> : null}
      </Text>
    </Box>
  );
}
