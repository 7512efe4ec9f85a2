import type { CaseRecord } from '../../schema/journal.js';
import type { CaseInputs } from '../case-inputs.js';
import { attr, esc, inert } from './escape.js';

export interface FailureView {
  record: CaseRecord;
  lane: string;
  simulated: boolean;
  /** The dataset row's inputs and expected values; null when the dataset could not be read as the run saw it. */
  columns: CaseInputs | null;
}

/** The graders a failure is filed under: the ones that failed, or "errored" when no answer came back to grade. */
export const failedGraders = (r: CaseRecord): string[] => (r.status === 'errored' ? ['errored'] : r.grades.filter((g) => !g.pass).map((g) => g.grader));

const pairs = (list: [string, string][] | undefined): string =>
  list && list.length ? list.map(([k, v]) => `<span class="col-name">${esc(k)}:</span> ${inert(v, 1200)}`).join('\n') : '—';

function select(id: string, label: string, values: string[]): string {
  const options = values.map((v) => `<option value="${attr(v)}">${esc(v)}</option>`).join('');
  return `<label for="${id}">${esc(label)}</label> <select id="${id}" data-filter="${id}"><option value="">all</option>${options}</select>`;
}

/**
 * Failed samples with what went in, what was expected and what came out, filterable by lane,
 * model and grader. Every piece of text that came from a model or a dataset goes through
 * `inert`: it is shown, never interpreted.
 */
export function failuresHtml(failures: readonly FailureView[], total: number, notes: readonly string[]): string {
  const uniq = (xs: string[]) => [...new Set(xs)].sort();
  const lanes = uniq(failures.map((f) => f.lane));
  const models = uniq(failures.map((f) => f.record.candidate));
  const graders = uniq(failures.flatMap((f) => failedGraders(f.record)));
  const out: string[] = [];
  if (total > failures.length) {
    out.push(`<p>Showing ${failures.length} of ${total} failed samples (at most 200 per lane and candidate); every one is in <code>run.jsonl</code>.</p>`);
  }
  for (const n of notes) out.push(`<p class="note">${esc(n)}</p>`);
  if (!failures.length) {
    out.push('<p>No failed samples: every completed sample passed every grader.</p>');
    return out.join('');
  }
  out.push(
    `<div class="filters no-print" role="group" aria-label="Filter failures">${select('f-lane', 'Lane', lanes)} ${select('f-model', 'Model', models)} ${select('f-grader', 'Grader', graders)} <span id="f-count" role="status" aria-live="polite">${failures.length} shown</span></div>`,
  );
  const rows = failures.map((f) => {
    const r = f.record;
    const failed = failedGraders(r);
    const verdicts =
      r.status === 'errored'
        ? `<span class="over">errored</span>: ${esc(r.error_class ?? 'unknown')}${r.error_message ? `<br>${inert(r.error_message, 400)}` : ''}`
        : r.grades.map((g) => `<span class="${g.pass ? 'within' : 'over'}">${g.pass ? '✓' : '✗'} ${esc(g.grader)}</span>: ${inert(g.reason, 400)}`).join('<br>');
    const output = r.output === '' ? '<span class="muted">(empty)</span>' : inert(r.output);
    return (
      `<tr data-lane="${attr(f.lane)}" data-model="${attr(r.candidate)}" data-graders="${attr(JSON.stringify(failed))}">` +
      `<th scope="row">${esc(r.case_id)}${r.repeat ? ` #${r.repeat + 1}` : ''}</th>` +
      `<td>${esc(f.lane)}</td><td>${esc(r.candidate)}${f.simulated ? ' <span class="badge sim">simulated</span>' : ''}</td>` +
      `<td class="reasons">${verdicts}</td>` +
      `<td><pre class="text">${f.columns ? pairs(f.columns.input) : '<span class="muted">not available</span>'}</pre></td>` +
      `<td><pre class="text">${f.columns ? pairs(f.columns.expected) : '<span class="muted">not available</span>'}</pre></td>` +
      `<td><pre class="text output">${output}</pre></td></tr>`
    );
  });
  out.push(
    `<div class="table-wrap"><table id="failures-table" class="failures"><caption>Failed samples: graders' reasons, the dataset row's inputs and expected values, and the model's output as sent (control characters shown as boxed names)</caption>` +
      `<thead><tr><th scope="col">case</th><th scope="col">lane</th><th scope="col">model</th><th scope="col">graders</th><th scope="col">input</th><th scope="col">expected</th><th scope="col">output</th></tr></thead>` +
      `<tbody>${rows.join('')}</tbody></table></div>`,
  );
  return out.join('');
}
