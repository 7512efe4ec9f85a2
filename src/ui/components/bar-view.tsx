import { Box, Text } from 'ink';
import { pct } from '../../report/format.js';
import { modelLabel, refusalText } from '../../report/bar-words.js';
import type { Bar, CandidateVerdict } from '../../schema/bar.js';
import { money7 } from '../layout.js';
import type { UiState } from '../state.js';
import { cut, fit, inert, shortMs } from '../text.js';

type Line = { text: string; colour?: string; bold?: boolean; dim?: boolean };

function evidence(c: CandidateVerdict): string {
  const e = c.evidence;
  return `pass ${pct(e.pass_rate)} (low ${pct(e.pass_ci.low, 0)}) · FT ${shortMs(e.first_token_p95_ms)} · done ${shortMs(e.completion_p95_ms)} · ${money7(e.cost_per_accepted_usd)}/acc`;
}

/** The verdicts of bar.json, lane by lane: who is assigned, and why each other candidate is refused. */
function barLines(bar: Bar, state: UiState): Line[] {
  const lines: Line[] = [{ text: `computed ${bar.generated_at} on a ${bar.run_status} run`, dim: true }];
  if (bar.run_status === 'partial' && state.status === 'complete') {
    lines.push({ text: `this bar predates the end of the run; decide again with: lanebar bar ${bar.run_id}`, colour: 'yellow' });
  }
  if (bar.notice) lines.push({ text: bar.notice, colour: 'magenta' });
  for (const lane of bar.lanes) {
    lines.push({ text: '' }, { text: `${lane.lane.id} [${lane.lane.latency_class}]`, bold: true });
    const a = lane.authorization;
    lines.push(
      a
        ? { text: `  assigned: ${a.model.candidate} = ${modelLabel(a.model)}${a.escalation ? ` · escalate to ${a.escalation.candidate}` : ''}`, colour: 'green' }
        : { text: '  no candidate admitted: this lane has no model', colour: 'red' },
    );
    for (const c of lane.candidates) {
      const ok = c.verdict === 'admitted';
      const name = fit(inert(c.candidate), 10);
      lines.push({ text: `  ${ok ? '✓' : '✗'} ${name} ${fit(c.verdict, 8)} ${evidence(c)}`, colour: ok ? 'green' : undefined });
      for (const r of c.refusals) lines.push({ text: `      ${refusalText(r)}`, colour: 'red' });
    }
  }
  return lines;
}

/** The eval bar's verdicts for the run, or plainly why there are none to show. */
export function BarView({ state, width }: { state: UiState; width: number }) {
  const id = state.runId ?? '<run-id>';
  const lines: Line[] = [{ text: 'Eval bar', bold: true }];
  if (state.phase !== 'finished') {
    lines.push({ text: `The bar decides on a finished run: its verdicts show here once this run ends (${state.samplesDone}/${state.samplesTotal} samples so far).` });
  } else {
    switch (state.bar.state) {
      case 'idle':
      case 'loading':
        lines.push({ text: 'reading bar.json…' });
        break;
      case 'missing':
        lines.push({ text: 'No bar was computed for this run.', colour: 'yellow' });
        lines.push({ text: `Compute it with: lanebar bar ${id}` });
        break;
      case 'invalid':
        lines.push({ text: `The bar of this run could not be read: ${inert(state.bar.message, 300)}`, colour: 'red' });
        lines.push({ text: `Compute it again with: lanebar bar ${id}` });
        break;
      case 'loaded':
        lines.push(...barLines(state.bar.bar, state));
        break;
    }
  }
  return (
    <Box flexDirection="column">
      {lines.map((l, i) => (
        <Text key={i} color={l.colour} bold={l.bold} dimColor={l.dim} wrap="truncate">
          {cut(inert(l.text), width)}
        </Text>
      ))}
    </Box>
  );
}
