import type { LaneBar } from '../../schema/bar.js';
import { pct } from '../format.js';
import { costAgainst, latencyAgainst, modelLabel, pairedText } from '../bar-words.js';
import type { BarView } from './bar-view.js';
import { esc } from './escape.js';
import { copyButton, pasteText } from './provenance.js';

const short = (h: string) => `<code class="hash" title="sha256 ${esc(h)}">${esc(h.slice(0, 12))}</code>`;
const sim = (simulated: boolean) => (simulated ? ' <span class="badge sim">simulated</span>' : '');
/** bar-words writes Markdown emphasis for bar.md; on the page it is plain text. */
const plain = (s: string) => esc(s.replace(/\*\*/g, ''));

function laneRow(l: LaneBar): string {
  const a = l.authorization;
  const head = `<th scope="row">${esc(l.lane.id)}<br><span class="muted small">${esc(l.lane.latency_class)}</span></th>`;
  if (!a) {
    return `${head}<td><strong class="over">none admitted</strong></td><td colspan="3">No candidate cleared suite ${esc(l.suite)}: see the verdicts in the lane's table.</td>`;
  }
  const c = l.candidates.find((x) => x.candidate === a.model.candidate)!;
  const e = c.evidence;
  const b = l.lane.budget;
  const p = a.provenance;
  const evidence = [
    `suite ${esc(p.suite.name)} v${esc(p.suite.version)}, n = ${e.completed}: pass ${pct(e.pass_rate)} (${pct(e.pass_ci.low)}–${pct(e.pass_ci.high)}), lower bound ≥ ${pct(b.min_pass_rate)}`,
    `first token p95 ${esc(latencyAgainst(e.first_token_p95_ms, b.first_token_p95_ms))}; completion p95 ${esc(latencyAgainst(e.completion_p95_ms, b.completion_p95_ms))}`,
    `${esc(costAgainst(e.cost_per_accepted_usd, b.cost_per_accepted_usd))} per accepted outcome; errors ${pct(e.error_rate)} ≤ ${pct(b.max_error_rate)}`,
  ].join('<br>');
  const escalation = a.escalation
    ? `<strong>${esc(a.escalation.candidate)}</strong>${sim(a.escalation.simulated)}<br><span class="small">${esc(modelLabel(a.escalation))}</span>` +
      a.paired_tests
        .filter((t) => t.stronger === a.escalation!.candidate)
        .map((t) => `<br><span class="small">${plain(pairedText(t))}</span>`)
        .join('')
    : `<span class="muted">none stronger admitted</span>`;
  const provenance =
    `run ${esc(p.run_id)} (${esc(p.run_started_at.slice(0, 10))}, ${esc(p.run_status)})<br>suite ${short(p.suite.hash)} · dataset ${short(p.dataset.hash)}<br>` +
    `prompt v${esc(p.prompt.version)} ${short(p.prompt.hash)} · graders ${short(p.graders_hash)}<br>prices ${esc(p.price_sheet.date)} ${short(p.price_sheet.hash)} · lanebar ${esc(p.lanebar_version)}`;
  return (
    `${head}<td><strong>${esc(a.model.candidate)}</strong>${sim(a.model.simulated)}<br><span class="small">${esc(modelLabel(a.model))}</span></td>` +
    `<td class="small">${evidence}</td><td>${escalation}</td><td class="small">${provenance}</td>`
  );
}

/**
 * The lane authorizations of a decided bar: the routing plan as a table, and bar.md behind a copy
 * button, so what a budget author pastes is exactly what `lanebar bar` wrote.
 */
export function authorizationsHtml(v: BarView): string {
  const bar = v.bar;
  const out: string[] = [];
  if (bar.notice) out.push(`<p class="banner" role="note"><strong>${esc(bar.notice)}</strong></p>`);
  out.push(
    `<p>Decided ${esc(bar.generated_at)} by lanebar ${esc(bar.generated_by)} (bar.json). Quality: ${esc(bar.policy.quality)}. The lane's model is the cheapest admitted candidate by cost per accepted outcome.</p>`,
    `<div class="table-wrap"><table class="authorizations"><caption>Routing plan: which model may serve each lane, and the evidence that authorized it</caption>` +
      `<thead><tr><th scope="col">traffic</th><th scope="col">model</th><th scope="col">eval bar that authorized it</th><th scope="col">escalation</th><th scope="col">provenance</th></tr></thead>` +
      `<tbody>${bar.lanes.map((l) => `<tr data-lane="${esc(l.lane.id)}">${laneRow(l)}</tr>`).join('')}</tbody></table></div>`,
    `<div class="copy-block">${copyButton('authorizations-md', 'authorizations as Markdown (bar.md)')}` +
      `<details class="paste-details"><summary>Show the Markdown</summary>${pasteText('authorizations-md', v.markdown)}</details></div>`,
  );
  return out.join('');
}
