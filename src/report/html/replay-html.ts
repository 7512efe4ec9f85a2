import type { Figures, Replay, SweepLane } from '../../schema/replay-result.js';
import { ms, pct, usd } from '../format.js';
import { alarmLine, alarmName, figureCells, gateWords, int, marginLine, simulatedBanner } from '../replay-words.js';
import { esc, inert, slugId } from './escape.js';
import { pageShell } from './page-shell.js';
import { sweepPlot } from './plot-sweep.js';
import { copyBlock } from './provenance.js';

const HEAD = ['requests', 'escalated', 'accepted', '$/task', '$/accepted', "log's $/task", 'completion p50/p95', 'first token p50/p95', 'cache hit'];

function figureRow(lane: string, path: string, f: Figures | null, first: boolean, span: number): string {
  const laneCell = first ? `<th scope="rowgroup" rowspan="${span}">${esc(lane)}</th>` : '';
  if (!f) return `<tr>${laneCell}<th scope="row">${esc(path)}</th><td colspan="${HEAD.length}" class="muted">not shown (see warnings)</td></tr>`;
  const c = figureCells(f);
  const cells = [c.requests, c.escalated, c.accepted, c.perTask, c.perAccepted, c.logPerTask, c.done, c.ttft, c.cache];
  return `<tr>${laneCell}<th scope="row">${esc(path)}</th>${cells.map((x) => `<td class="num">${esc(x)}</td>`).join('')}</tr>`;
}

function lanesTable(r: Replay): string {
  const rows: string[] = [];
  for (const l of r.lanes) {
    rows.push(
      figureRow(l.lane, `gate: ${gateWords(l)}`, l.gate, true, 3),
      figureRow(l.lane, `all-small (${l.small_model})`, l.all_small, false, 3),
      figureRow(l.lane, `all-strong (${l.strong_model})`, l.all_strong, false, 3),
    );
  }
  rows.push(
    figureRow('overall', 'gate', r.overall.gate, true, 3),
    figureRow('overall', 'all-small', r.overall.all_small, false, 3),
    figureRow('overall', 'all-strong', r.overall.all_strong, false, 3),
  );
  return (
    `<div class="table-wrap"><table class="replay"><caption>What each lane's gate did to the logged traffic, against sending everything to the small or to the strong model. [est N%]: estimated from the eval run for N% of the requests behind the figure.</caption>` +
    `<thead><tr><th scope="col">lane</th><th scope="col">path</th>${HEAD.map((h) => `<th scope="col" class="num">${esc(h)}</th>`).join('')}</tr></thead><tbody>${rows.join('')}</tbody></table></div>` +
    `<ul>${r.lanes.map((l) => `<li>${esc(l.lane)} (<code>${esc(l.gate_file)}</code>): ${l.rules.map((x) => `<code>${esc(x.condition)}</code> → ${esc(x.model)}`).join('; ') || 'no rules'}; otherwise ${esc(l.small_model)}</li>`).join('')}</ul>`
  );
}

function sweepSection(s: SweepLane): string {
  const id = slugId('sweep', s.lane);
  const rec = s.recommended;
  const at = rec ? (rec.threshold === null ? 'escalate every request with a signal' : `threshold ${rec.threshold}`) : '';
  const verdict = !rec
    ? 'No quality bar for this lane (set quality_bar in the budget or pass --quality-bar): no recommendation.'
    : rec.meets_bar
      ? `<strong>Recommended: ${esc(at)}</strong>: ${pct(rec.escalation_rate)} escalated, ${pct(rec.accepted_rate)} accepted (bar ${pct(s.quality_bar)}), ${usd(rec.cost_per_task_usd)} per task: the cheapest threshold that meets the bar.`
      : `<strong>No threshold meets the bar of ${pct(s.quality_bar)}</strong>; the best reaches ${pct(rec.accepted_rate)} (${esc(at)}).`;
  return (
    `<section id="${id}" aria-labelledby="${id}-h"><h3 id="${id}-h">${esc(s.lane)}: signal <code>${esc(s.signal)}</code>, escalate when ${esc(s.direction)} the threshold</h3>` +
    `<p>${verdict}</p>` +
    `<p>${int(s.thresholds)} thresholds. APGR ${s.apgr?.toFixed(3) ?? '—'} (oracle ${s.oracle.apgr?.toFixed(3) ?? '—'}); CPT(50%) ${pct(s.cpt50)} (oracle ${pct(s.oracle.cpt50)}); CPT(80%) ${pct(s.cpt80)} (oracle ${pct(s.oracle.cpt80)}). ` +
    `All-small: ${pct(s.all_small.accepted_rate)} accepted at ${usd(s.all_small.cost_per_task_usd)} per task; all-strong: ${pct(s.all_strong.accepted_rate)} at ${usd(s.all_strong.cost_per_task_usd)}.` +
    `${s.estimated_outcome_share > 0 ? ` Outcomes estimated from the eval run for ${pct(s.estimated_outcome_share, 0)} of requests.` : ''}</p>` +
    `<div class="figures"><figure>${sweepPlot(s, 'accepted')}</figure><figure>${sweepPlot(s, 'cost')}</figure></div>` +
    `<p class="small muted">Solid: the gate at every threshold. Dashed: the oracle (a gate that knew which requests the small model gets wrong). Ringed: the recommended threshold.</p></section>`
  );
}

function budgetSection(r: Replay): string {
  const b = r.budget;
  if (!b) return '';
  const econ = b.economics
    ? `<h3>Per-customer economics</h3><p>${int(b.economics.customers)} customers over ${b.economics.period_days} days, ${esc(b.economics.stance)} pricing.</p><ul>${marginLine(b.economics).map((l) => `<li>${esc(l)}</li>`).join('')}</ul>`
    : '';
  const head = ['scenario', 'first alarm', 'firing', 'median margin', 'heaviest margin', 'its margin', 'margin closes'];
  const pressure = b.pressure
    ? `<div class="table-wrap"><table><caption>Pressure tests: the replay rerun on transformed traffic or prices</caption><thead><tr>${head.map((h) => `<th scope="col">${h}</th>`).join('')}</tr></thead><tbody>` +
      b.pressure
        .map((p) => {
          const cells = [
            p.first_alarm ? alarmName(p.first_alarm) : 'none',
            p.alarms.filter((a) => a.fires).map((a) => alarmName(a.alarm)).join(', ') || 'none',
            pct(p.economics.median?.margin ?? null),
            pct(p.economics.max?.margin ?? null),
            p.subject ? `${p.subject.customer}: ${pct(p.subject.margin)}` : '—',
          ];
          return `<tr><th scope="row">${esc(p.description)}</th>${cells.map((c) => `<td>${esc(c)}</td>`).join('')}<td class="${p.margin_closes ? 'within' : 'over'}">${p.margin_closes ? 'yes' : 'NO'}</td></tr>`;
        })
        .join('') +
      '</tbody></table></div>'
    : '';
  return (
    `<section id="budget" aria-labelledby="budget-h"><h2 id="budget-h">Budget: ${esc(b.feature)}${b.example ? ' (an EXAMPLE budget)' : ''}</h2>` +
    `<p>From <code>${esc(b.file)}</code>, over lanes ${esc(b.lanes.join(', '))}.</p><h3>Alarms</h3>` +
    `<ul>${b.alarms.map((a) => `<li class="${a.fires ? 'over' : ''}">${esc(alarmLine(a))}</li>`).join('')}</ul>${econ}${pressure ? `<h3>Pressure tests</h3>${pressure}` : ''}</section>`
  );
}

function provenance(r: Replay): string {
  const i = r.inputs;
  const lines = [
    `Replay ${r.replay_id}, written ${r.generated_at} by lanebar ${r.lanebar_version}${r.simulated ? ' (SIMULATED data)' : ''}`,
    `Log: ${i.log.path} (${i.log.format}, ${i.log.calls} calls, ${i.log.requests} requests, ${i.log.first_day ?? '?'} to ${i.log.last_day ?? '?'})`,
    `Mapping: ${i.mapping.path} (${i.mapping.name}, token basis ${i.mapping.token_basis}, latency in ${i.mapping.latency_unit})`,
    ...i.gates.map((g) => `Gate: ${g.path}${g.lane ? ` (lane ${g.lane})` : ''}`),
    `Budget: ${i.budget ?? 'none'}`,
    `Eval run behind estimates: ${i.eval_run ? `${i.eval_run.id} (${i.eval_run.path}${i.eval_run.simulated ? ', simulated' : ''})` : 'none'}`,
    `Price sheet: ${i.price_sheet.path} (dated ${i.price_sheet.date}, sha256 ${i.price_sheet.hash}); costs from ${r.cost_source === 'sheet' ? 'the price sheet' : "the log's cost column"}`,
  ];
  return `<section id="provenance" aria-labelledby="provenance-h"><h2 id="provenance-h">Provenance</h2>${copyBlock('provenance-md', 'provenance', lines.join('\n'))}</section>`;
}

function dataSection(r: Replay): string {
  const out = [`<p>Bad rows: ${int(r.bad_rows.count)} (${r.bad_rows.policy === 'skip' ? 'skipped' : 'fatal'}).</p>`];
  if (r.bad_rows.examples.length) out.push(`<ul>${r.bad_rows.examples.map((b) => `<li>${b.line !== null ? `line ${b.line}` : `row ${b.row}`}: ${inert(b.problem, 200)}</li>`).join('')}</ul>`);
  if (r.not_replayed.length) out.push(`<p>Not replayed:</p><ul>${r.not_replayed.map((n) => `<li>${esc(n.lane)} / ${esc(n.model)}: ${int(n.calls)} calls (${esc(n.reason)})</li>`).join('')}</ul>`);
  if (r.estimates.length) {
    const head = ['lane', 'model', 'n', 'pass rate', 'input tokens', 'output tokens', 'completion p50', '$/call', 'simulated'];
    const rows = r.estimates.map(
      (e) =>
        `<tr><th scope="row">${esc(e.lane)}</th>${[e.model, int(e.n), pct(e.pass_rate), int(e.tokens.input), int(e.tokens.output), ms(e.completion_ms), usd(e.cost_usd)].map((c) => `<td>${esc(c)}</td>`).join('')}<td>${e.simulated ? '<span class="badge sim">simulated</span>' : 'no'}</td></tr>`,
    );
    out.push(`<div class="table-wrap"><table><caption>Estimates from the eval run, for calls the log lacks</caption><thead><tr>${head.map((h) => `<th scope="col">${h}</th>`).join('')}</tr></thead><tbody>${rows.join('')}</tbody></table></div>`);
  }
  if (r.warnings.length) out.push(`<h3>Warnings</h3><ul>${r.warnings.map((w) => `<li>${inert(w, 400)}</li>`).join('')}</ul>`);
  return `<section id="data" aria-labelledby="data-h"><h2 id="data-h">Data</h2>${out.join('')}</section>`;
}

/** `index.html` of a replay: the lanes' figures, the threshold sweeps, the budget's alarms, provenance. */
export function replayIndexHtml(r: Replay): string {
  const banner = simulatedBanner(r);
  const body =
    `<header><h1>lanebar replay ${esc(r.replay_id)}${r.simulated ? ' <span class="badge sim">simulated</span>' : ''}</h1>` +
    `<p class="meta">written ${esc(r.generated_at)} · lanebar ${esc(r.lanebar_version)} · prices dated ${esc(r.inputs.price_sheet.date)} · from replay.json</p>` +
    (banner ? `<p class="banner" role="note"><strong>${esc(banner)}</strong></p>` : '') +
    `<nav aria-label="Contents"><ul><li><a href="#lanes">Lanes</a></li>${r.sweep ? '<li><a href="#sweep">Threshold sweep</a></li>' : ''}${r.budget ? '<li><a href="#budget">Budget</a></li>' : ''}<li><a href="#provenance">Provenance</a></li><li><a href="#data">Data</a></li></ul></nav></header>` +
    `<main><section id="lanes" aria-labelledby="lanes-h"><h2 id="lanes-h">Lanes</h2>${lanesTable(r)}</section>` +
    (r.sweep ? `<section id="sweep" aria-labelledby="sweep-h"><h2 id="sweep-h">Threshold sweep</h2>${r.sweep.map(sweepSection).join('')}</section>` : '') +
    `${budgetSection(r)}${provenance(r)}${dataSection(r)}</main>` +
    `<footer>Written by lanebar from reports/${esc(r.replay_id)}/replay.json; <code>lanebar report ${esc(r.replay_id)}</code> writes it again.</footer>`;
  return pageShell({ title: `lanebar replay ${r.replay_id}${r.simulated ? ' (simulated)' : ''}`, lanebarVersion: r.lanebar_version, body });
}
