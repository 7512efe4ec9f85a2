import { access } from 'node:fs/promises';
import { join } from 'node:path';
import { isLanebarError } from '../../core/errors.js';
import { readBarFile } from '../../load/bar-file.js';
import type { Bar } from '../../schema/bar.js';
import type { Summary } from '../../schema/summary.js';
import { barMarkdown } from '../bar-markdown.js';
import { refusalText } from '../bar-words.js';
import type { Verdict } from './lane-table-html.js';

/** A decided bar, as far as the page needs it. */
export interface BarView {
  bar: Bar;
  /** lane -> candidate -> verdict with its reasons. */
  verdicts: Map<string, Map<string, Verdict>>;
  /** lane -> the candidate the bar assigned to it. */
  assigned: Map<string, string>;
  /** `bar.md` as `lanebar bar` writes it: what the copy button copies. */
  markdown: string;
}

export interface BarRead {
  bar: BarView | null;
  /** Why a bar.json next to the journal is not shown, or why it may be out of date. */
  note: string | null;
}

function view(bar: Bar): BarView {
  const verdicts = new Map<string, Map<string, Verdict>>();
  const assigned = new Map<string, string>();
  for (const l of bar.lanes) {
    const a = l.authorization;
    if (a) assigned.set(l.lane.id, a.model.candidate);
    verdicts.set(
      l.lane.id,
      new Map(
        l.candidates.map((c) => [
          c.candidate,
          {
            admitted: c.verdict === 'admitted',
            role: a?.model.candidate === c.candidate ? 'assigned' : a?.escalation?.candidate === c.candidate ? 'escalation' : null,
            reasons: c.refusals.map(refusalText),
          } satisfies Verdict,
        ]),
      ),
    );
  }
  return { bar, verdicts, assigned, markdown: barMarkdown(bar) };
}

/**
 * The page shows the bar `lanebar bar` decided and wrote (bar.json), never one of its own: the
 * bar is a decision with its own date, and the page must say the same thing as the file a
 * budget author pastes from.
 */
export async function readBarView(reportDir: string, summary: Summary): Promise<BarRead> {
  const file = join(reportDir, 'bar.json');
  try {
    await access(file);
  } catch {
    return { bar: null, note: null };
  }
  let bar: Bar;
  try {
    bar = await readBarFile(file);
  } catch (e) {
    return { bar: null, note: `bar.json is not shown: ${isLanebarError(e) ? e.format() : String(e)}` };
  }
  if (bar.run_id !== summary.run_id) return { bar: null, note: `bar.json is not shown: it was decided for run ${bar.run_id}, not ${summary.run_id}` };
  const note =
    bar.run_status !== summary.status
      ? `This bar was decided when the run was ${bar.run_status}; the run is now ${summary.status}. Decide again: lanebar bar ${summary.run_id}`
      : null;
  return { bar: view(bar), note };
}
