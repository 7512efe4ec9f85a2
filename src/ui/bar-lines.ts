import { pct } from '../report/format.js';
import { modelLabel, refusalText } from '../report/bar-words.js';
import type { Bar, CandidateVerdict } from '../schema/bar.js';
import { money7 } from './layout.js';
import type { UiState } from './state.js';
import { fit, inert, shortMs } from './text.js';

/** One line of the bar view; `text` is inert already. */
export interface BarLine {
  text: string;
  colour?: string;
  bold?: boolean;
  dim?: boolean;
}

function evidence(c: CandidateVerdict): string {
  const e = c.evidence;
  return `pass ${pct(e.pass_rate)} (low ${pct(e.pass_ci.low, 0)}) · FT ${shortMs(e.first_token_p95_ms)} · done ${shortMs(e.completion_p95_ms)} · ${money7(e.cost_per_accepted_usd)}/acc`;
}

/** The verdicts of bar.json, lane by lane: who is assigned, and why each other candidate is refused. */
function verdictLines(bar: Bar, state: UiState): BarLine[] {
  const lines: BarLine[] = [{ text: `computed ${inert(bar.generated_at)} on a ${bar.run_status} run`, dim: true }];
  if (bar.run_status === 'partial' && state.status === 'complete') {
    lines.push({ text: `this bar predates the end of the run; decide again with: lanebar bar ${inert(bar.run_id)}`, colour: 'yellow' });
  }
  if (bar.notice) lines.push({ text: inert(bar.notice), colour: 'magenta' });
  for (const lane of bar.lanes) {
    lines.push({ text: ' ' }, { text: inert(`${lane.lane.id} [${lane.lane.latency_class}]`), bold: true });
    const a = lane.authorization;
    lines.push(
      a
        ? { text: `  assigned: ${inert(`${a.model.candidate} = ${modelLabel(a.model)}${a.escalation ? ` · escalate to ${a.escalation.candidate}` : ''}`)}`, colour: 'green' }
        : { text: '  no candidate admitted: this lane has no model', colour: 'red' },
    );
    for (const c of lane.candidates) {
      const ok = c.verdict === 'admitted';
      lines.push({ text: `  ${ok ? '✓' : '✗'} ${fit(inert(c.candidate), 10)} ${fit(c.verdict, 8)} ${evidence(c)}`, colour: ok ? 'green' : undefined });
      for (const r of c.refusals) lines.push({ text: `      ${inert(refusalText(r))}`, colour: 'red' });
    }
  }
  return lines;
}

/** Everything under the bar view's title, or plainly why there are no verdicts to show. */
export function barViewLines(state: UiState): BarLine[] {
  const id = inert(state.runId ?? '<run-id>');
  if (state.phase !== 'finished') {
    return [{ text: `The bar decides on a finished run: its verdicts show here once this run ends (${state.samplesDone}/${state.samplesTotal} samples so far).` }];
  }
  switch (state.bar.state) {
    case 'idle':
    case 'loading':
      return [{ text: 'reading bar.json…' }];
    case 'missing':
      return [{ text: 'No bar was computed for this run.', colour: 'yellow' }, { text: `Compute it with: lanebar bar ${id}` }];
    case 'invalid':
      return [
        { text: `The bar of this run could not be read: ${inert(state.bar.message, 300)}`, colour: 'red' },
        { text: `Compute it again with: lanebar bar ${id}` },
      ];
    case 'loaded':
      return verdictLines(state.bar.bar, state);
  }
}

/** Lines the bar view may show on a screen of `rows`: the header, blank lines and footer take the rest. */
export const barRoom = (rows: number, footerLines: number): number => Math.max(3, rows - 5 - footerLines);
