import { Box, Text } from 'ink';
import type { UiState } from '../state.js';
import { inert } from '../text.js';

export interface FooterProps {
  state: UiState;
  /** The command that finishes this run, e.g. `lanebar run --resume <id>`. */
  resumeCommand: string | null;
}

function keys(s: UiState): string {
  const quit = s.source === 'live' && s.phase !== 'finished' ? (s.phase === 'stopping' ? 'q stop now' : 'q stop') : 'q quit';
  switch (s.view) {
    case 'table':
      return `↑↓/jk move · Enter failures · b bar · ${quit}`;
    case 'failures':
      return `↑↓/jk move · Esc back · b bar · ${quit}`;
    case 'bar':
      return `Esc back · ${quit}`;
  }
}

export interface FooterLine {
  text: string;
  colour?: string;
}

/** Status that needs action (stopping, how to resume, warnings), then the keys. */
export function footerLines({ state, resumeCommand }: FooterProps): FooterLine[] {
  const lines: FooterLine[] = [];
  if (state.phase === 'stopping') {
    lines.push({
      text: `stopping: ${state.inFlightAtStop !== null ? `letting ${state.inFlightAtStop} sample(s) in flight finish` : 'no new samples start'}; press q or Ctrl-C again to stop at once`,
      colour: 'yellow',
    });
  }
  const unfinished = state.phase === 'stopping' || (state.phase === 'finished' && state.status !== 'complete');
  if (unfinished && resumeCommand && state.runId) {
    lines.push({ text: `finished samples are kept in the journal. Resume with: ${resumeCommand}`, colour: 'yellow' });
  }
  if (state.phase === 'finished' && state.message) lines.push({ text: `${state.status ?? 'run'}: ${inert(state.message, 300)}`, colour: 'red' });
  for (const w of state.warnings) lines.push({ text: `warning: ${inert(w, 300)}`, colour: 'yellow' });
  lines.push({ text: keys(state) });
  return lines;
}

export function Footer({ lines }: { lines: readonly FooterLine[] }) {
  return (
    <Box flexDirection="column">
      {lines.map((l, i) => (
        <Text key={i} color={l.colour} dimColor={!l.colour} wrap="truncate">
          {l.text}
        </Text>
      ))}
    </Box>
  );
}
