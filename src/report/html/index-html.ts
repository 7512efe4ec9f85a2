import type { Summary, SummaryRow } from '../../schema/summary.js';
import { pct, usd } from '../format.js';
import { budgetLine, groupByLane } from '../lane-table.js';
import { SIMULATED_NOTICE } from '../summary-markdown.js';
import { authorizationsHtml } from './authorizations-html.js';
import type { BarView } from './bar-view.js';
import { esc, inert, slugId } from './escape.js';
import { failuresHtml, type FailureView } from './failures-html.js';
import { rowKey, type JournalDetail } from './journal-detail.js';
import { laneTableHtml } from './lane-table-html.js';
import { pageShell } from './page-shell.js';
import { latencyLegend, latencyPlot, type LatencyFigure } from './plot-latency.js';
import { passCostPlot, type Highlight } from './plot-pass-cost.js';
import { copyBlock, provenanceMarkdown, provenanceTable } from './provenance.js';

export interface PageData {
  summary: Summary;
  detail: JournalDetail;
  failures: FailureView[];
  /** Why some failures lack inputs (dataset changed or missing). */
  notes: string[];
  /** The bar `lanebar bar` wrote for this run, if any. */
  bar: BarView | null;
  /** Why bar.json is not shown or may be stale. */
  barNote: string | null;
}

/** Without a bar, the point that stands out is the cheapest one inside the budget region, and the caption says that is all it is. */
function highlightFor(lane: string, rows: readonly SummaryRow[], min: number, target: number, bar: BarView | null): Highlight | null {
  if (bar) {
    const assigned = bar.assigned.get(lane);
    return assigned ? { candidate: assigned, label: 'assigned by the bar' } : null;
  }
  const inside = rows
    .filter((r) => r.pass_rate !== null && r.pass_rate >= min && r.cost.per_accepted_usd !== null && r.cost.per_accepted_usd <= target)
    .sort((a, b) => a.cost.per_accepted_usd! - b.cost.per_accepted_usd!);
  return inside[0] ? { candidate: inside[0].candidate, label: 'cheapest in budget region' } : null;
}

const figure = (f: LatencyFigure) => `<figure>${f.svg}${f.note ? `<figcaption>${esc(f.note)}</figcaption>` : ''}</figure>`;

function laneSection(d: PageData, lane: string, rows: SummaryRow[]): string {
  const suite = d.summary.suites.find((s) => s.lane.id === lane);
  const id = slugId('lane', lane);
  if (!suite) return `<section id="${id}"><h2>${esc(lane)}</h2><p>No suite manifest for this lane.</p></section>`;
  const b = suite.lane.budget;
  const hl = highlightFor(lane, rows, b.min_pass_rate, b.cost_per_accepted_usd, d.bar);
  const latency = (metric: 'first_token' | 'completion') =>
    rows.map((row) => ({ row, values: d.detail.latency.get(rowKey(row.suite, row.candidate))?.[metric] ?? [] }));
  const caption = d.bar
    ? `The shaded region is the lane's budget. Ringed: the model the bar assigned to this lane.`
    : `The shaded region is the lane's budget (pass rate ≥ ${pct(b.min_pass_rate, 0)}, ≤ ${usd(b.cost_per_accepted_usd)} per accepted outcome). ` +
      `Ringed: the cheapest candidate whose point falls inside it. This is not an authorization: the bar (lanebar bar) also requires the interval's lower bound to clear the minimum and the p95s to be within budget.`;
  return (
    `<section id="${id}" aria-labelledby="${id}-h"><h2 id="${id}-h">${esc(lane)} <span class="muted small">${esc(suite.lane.latency_class)} lane</span></h2>` +
    `<p>${inert(suite.lane.description, 400)}</p>` +
    `<p class="budget"><strong>${esc(budgetLine(b).replace(/^budget/, 'Budget'))}</strong>. Suite ${esc(suite.name)} v${esc(suite.version)}, prompt v${esc(suite.prompt.version)}, ${suite.dataset.rows} cases.</p>` +
    `<h3>Candidates</h3>${laneTableHtml(lane, b, rows, d.bar?.verdicts.get(lane) ?? null)}` +
    `<h3>Pass rate against cost per accepted outcome</h3><figure>${passCostPlot(lane, b, rows, hl)}<figcaption>${esc(caption)}</figcaption></figure>` +
    `<h3>Latency</h3><div class="figures">${figure(latencyPlot(lane, 'first_token', b.first_token_p95_ms, latency('first_token')))}` +
    `${figure(latencyPlot(lane, 'completion', b.completion_p95_ms, latency('completion')))}</div>${latencyLegend(rows)}` +
    `</section>`
  );
}

function authorizations(d: PageData): string {
  const head = '<section id="authorizations" aria-labelledby="authorizations-h"><h2 id="authorizations-h">Lane authorizations</h2>';
  const note = d.barNote ? `<p class="note">${esc(d.barNote)}</p>` : '';
  if (!d.bar) {
    return (
      `${head}${note}<p class="note">No bar computed: run <code>lanebar bar ${esc(d.summary.run_id)}</code> (it writes bar.json and this page again). ` +
      `Until then this run is evidence, not an authorization; its provenance is below.</p></section>`
    );
  }
  return `${head}${note}${authorizationsHtml(d.bar)}</section>`;
}

function header(s: Summary): string {
  const status =
    s.status === 'complete' ? 'complete' : `partial: resume with lanebar run --resume ${s.run_id}`;
  return (
    `<header><h1>lanebar run ${esc(s.run_id)}${s.simulated ? ' <span class="badge sim">simulated</span>' : ''}</h1>` +
    `<p class="meta"><span class="badge status">${esc(status)}</span> started ${esc(s.started_at)} · lanebar ${esc(s.lanebar_version)} · prices dated ${esc(s.price_sheet.date)} · page written ${esc(s.generated_at)} from run.jsonl</p>` +
    (s.simulated ? `<p class="banner" role="note"><strong>${esc(SIMULATED_NOTICE)}</strong></p>` : '') +
    `<nav aria-label="Contents"><ul>${[...groupByLane(s).keys()].map((l) => `<li><a href="#${slugId('lane', l)}">${esc(l)}</a></li>`).join('')}` +
    `<li><a href="#authorizations">Lane authorizations</a></li><li><a href="#provenance">Provenance</a></li><li><a href="#failures">Failures</a></li><li><a href="#reading">Reading this page</a></li></ul></nav></header>`
  );
}

const READING =
  '<section id="reading" aria-labelledby="reading-h"><h2 id="reading-h">How to read this page</h2><ul>' +
  '<li><strong>pass rate</strong>: share of completed samples whose every grader passed, with its Wilson 95% interval (the vertical bars in the plots).</li>' +
  '<li><strong>first token / completion</strong>: time to the first streamed token and to the last one, over successful attempts; percentiles by the nearest-rank method (an observed value). The histograms show each candidate\'s share of attempts per bin; the solid line is the lane\'s p95 budget and the ticks under the axis are each candidate\'s p95.</li>' +
  '<li><strong>raw cost</strong> prices every input token at the uncached rate; <strong>cache-adj. cost</strong> is what was billed (cache reads, cache-write premiums, retries and failed attempts included). <strong>$/accepted</strong> divides all spend by the samples that passed.</li>' +
  '<li>Model output is shown as sent, as inert text: control characters appear as boxed names (an ANSI colour code reads <span class="ctrl">ESC</span>[31m), and nothing in it is run.</li></ul></section>';

/** `index.html`: the run as one self-contained page. */
export function indexHtml(d: PageData): string {
  const s = d.summary;
  const lanes = [...groupByLane(s)].map(([lane, rows]) => laneSection(d, lane, rows)).join('');
  const total = [...d.detail.failureCounts.values()].reduce((a, b) => a + b, 0);
  const warnings = s.journal_warnings.length
    ? `<section id="warnings" aria-labelledby="warnings-h"><h2 id="warnings-h">Journal warnings</h2><ul>${s.journal_warnings.map((w) => `<li>${inert(w, 400)}</li>`).join('')}</ul></section>`
    : '';
  const body =
    header(s) +
    `<main>${lanes}${authorizations(d)}` +
    `<section id="provenance" aria-labelledby="provenance-h"><h2 id="provenance-h">Provenance</h2>${provenanceTable(d.detail.start)}${copyBlock('provenance-md', 'provenance', provenanceMarkdown(d.detail.start))}</section>` +
    `<section id="failures" aria-labelledby="failures-h"><h2 id="failures-h">Failures</h2>${failuresHtml(d.failures, total, d.notes)}</section>` +
    `${warnings}${READING}</main>` +
    `<footer>Written by lanebar from reports/${esc(s.run_id)}/run.jsonl; <code>lanebar report ${esc(s.run_id)}</code> writes it again.</footer>`;
  return pageShell({ title: `lanebar run ${s.run_id}${s.simulated ? ' (simulated)' : ''}`, lanebarVersion: s.lanebar_version, body });
}
