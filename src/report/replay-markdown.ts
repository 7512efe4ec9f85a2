import type { Figures, Replay, SweepLane } from '../schema/replay-result.js';
import { cell, ms, pct, usd } from './format.js';
import { alarmLine, alarmName, figureCells, gateWords, int, marginLine, simulatedBanner } from './replay-words.js';

const row = (cells: readonly string[]) => `| ${cells.map((c) => cell(c, 120)).join(' | ')} |`;
const table = (head: readonly string[], rows: readonly (readonly string[])[]) => [row(head), row(head.map(() => '---')), ...rows.map(row)];

function figureRow(lane: string, path: string, f: Figures | null): string[] {
  if (!f) return [lane, path, '—', '—', 'not shown (see warnings)', '—', '—', '—', '—', '—', '—'];
  const c = figureCells(f);
  return [lane, path, c.requests, c.escalated, c.accepted, c.perTask, c.perAccepted, c.logPerTask, c.done, c.ttft, c.cache];
}

function sweepSection(s: SweepLane): string[] {
  const out = [`### ${s.lane} (signal \`${s.signal}\`, escalate when ${s.direction} the threshold)`, ''];
  out.push(
    `${int(s.thresholds)} thresholds. APGR ${s.apgr?.toFixed(3) ?? '—'} (oracle ${s.oracle.apgr?.toFixed(3) ?? '—'}); CPT(50%) ${pct(s.cpt50)} (oracle ${pct(s.oracle.cpt50)}); CPT(80%) ${pct(s.cpt80)} (oracle ${pct(s.oracle.cpt80)}).`,
    `All-small: ${pct(s.all_small.accepted_rate)} accepted at ${usd(s.all_small.cost_per_task_usd)} per task; all-strong: ${pct(s.all_strong.accepted_rate)} at ${usd(s.all_strong.cost_per_task_usd)}.`,
  );
  if (s.estimated_outcome_share > 0) out.push(`Outcomes estimated from the eval run for ${pct(s.estimated_outcome_share, 0)} of requests.`);
  if (s.recommended) {
    const r = s.recommended;
    const at = r.threshold === null ? 'escalate every request with a signal' : `threshold ${r.threshold}`;
    out.push(
      r.meets_bar
        ? `**Recommended: ${at}**: ${pct(r.escalation_rate)} escalated, ${pct(r.accepted_rate)} accepted (bar ${pct(s.quality_bar)}), ${usd(r.cost_per_task_usd)} per task: the cheapest threshold that meets the bar.`
        : `**No threshold meets the bar of ${pct(s.quality_bar)}**; the best reaches ${pct(r.accepted_rate)} (${at}).`,
    );
  } else {
    out.push('No quality bar for this lane (set quality_bar in the budget or pass --quality-bar): no recommendation.');
  }
  const points = s.points.filter((p, i, all) => i === 0 || i === all.length - 1 || Math.floor(p.escalation_rate * 10) !== Math.floor(all[i - 1]!.escalation_rate * 10));
  out.push('', ...table(['threshold', 'escalated', 'accepted', '$/task', 'PGR'], points.map((p) => [p.threshold === null ? 'all' : String(p.threshold), pct(p.escalation_rate), pct(p.accepted_rate), usd(p.cost_per_task_usd), p.pgr === null ? '—' : p.pgr.toFixed(3)])), '');
  return out;
}

function budgetSection(r: Replay): string[] {
  const b = r.budget;
  if (!b) return [];
  const out = [`## Budget: ${b.feature}${b.example ? ' (an EXAMPLE budget)' : ''}`, '', `From \`${b.file}\`, over lanes ${b.lanes.join(', ')}.`, ''];
  out.push('### Alarms', '', ...b.alarms.map((a) => `- ${alarmLine(a)}`), '');
  if (b.economics) {
    out.push('### Per-customer economics', '', `${int(b.economics.customers)} customers over ${b.economics.period_days} days, ${b.economics.stance} pricing.`, '', ...marginLine(b.economics).map((l) => `- ${l}`), '');
  }
  if (b.pressure) {
    out.push(
      '### Pressure tests',
      '',
      ...table(
        ['scenario', 'first alarm', 'firing', 'median margin', 'heaviest margin', 'its margin', 'margin closes'],
        b.pressure.map((p) => [
          p.description,
          p.first_alarm ? alarmName(p.first_alarm) : 'none',
          p.alarms.filter((a) => a.fires).map((a) => alarmName(a.alarm)).join(', ') || 'none',
          pct(p.economics.median?.margin ?? null),
          pct(p.economics.max?.margin ?? null),
          p.subject ? `${p.subject.customer}: ${pct(p.subject.margin)}` : '—',
          p.margin_closes ? 'yes' : 'NO',
        ]),
      ),
      '',
    );
  }
  return out;
}

export function replayMarkdown(r: Replay): string {
  const banner = simulatedBanner(r);
  const i = r.inputs;
  const out = [`# Replay ${r.replay_id}`, ''];
  if (banner) out.push(`> **${banner}**`, '');
  out.push(
    `Log \`${i.log.path}\` (${i.log.format}, ${int(i.log.calls)} calls, ${int(i.log.requests)} requests replayed, ${i.log.first_day ?? '?'} to ${i.log.last_day ?? '?'}) read through mapping \`${i.mapping.path}\` (token basis ${i.mapping.token_basis}).`,
    `Costs: ${r.cost_source === 'sheet' ? `price sheet ${i.price_sheet.path} (${i.price_sheet.date}); the log's own cost column alongside` : "the log's own cost column"}. ${i.eval_run ? `Calls the log lacks are estimated from eval run ${i.eval_run.id}${i.eval_run.simulated ? ' (simulated)' : ''}.` : 'No eval run: nothing is estimated.'}`,
    `Percentiles: ${r.percentile_method}.`,
    '',
    '## Lanes',
    '',
  );
  const rows: string[][] = [];
  for (const l of r.lanes) rows.push(figureRow(l.lane, `gate: ${gateWords(l)}`, l.gate), figureRow('', `all-small (${l.small_model})`, l.all_small), figureRow('', `all-strong (${l.strong_model})`, l.all_strong));
  rows.push(figureRow('overall', 'gate', r.overall.gate), figureRow('', 'all-small', r.overall.all_small), figureRow('', 'all-strong', r.overall.all_strong));
  out.push(...table(['lane', 'path', 'requests', 'escalated', 'accepted', '$/task', '$/accepted', "log's $/task", 'completion p50/p95', 'first token p50/p95', 'cache hit'], rows), '');
  out.push('`[est N%]`: estimated from the eval run for N% of the requests behind the figure.', '');
  for (const l of r.lanes) out.push(`- ${l.lane} (\`${l.gate_file}\`): ${l.rules.map((x) => `\`${x.condition}\` → ${x.model}`).join('; ') || 'no rules'}; otherwise ${l.small_model}`);
  out.push('');
  if (r.sweep) out.push('## Threshold sweep', '', ...r.sweep.flatMap(sweepSection));
  out.push(...budgetSection(r));
  out.push('## Data', '');
  out.push(`Bad rows: ${int(r.bad_rows.count)} (${r.bad_rows.policy === 'skip' ? 'skipped' : 'fatal'}).`);
  for (const b of r.bad_rows.examples) out.push(`- ${b.line !== null ? `line ${b.line}` : `row ${b.row}`}: ${cell(b.problem, 160)}`);
  if (r.not_replayed.length) {
    out.push('', 'Not replayed:', ...r.not_replayed.map((n) => `- ${n.lane} / ${n.model}: ${int(n.calls)} calls (${n.reason})`));
  }
  if (r.estimates.length) {
    out.push(
      '',
      ...table(
        ['estimate: lane', 'model', 'n', 'pass rate', 'input tokens', 'output tokens', 'completion p50', '$/call', 'simulated'],
        r.estimates.map((e) => [e.lane, e.model, int(e.n), pct(e.pass_rate), int(e.tokens.input), int(e.tokens.output), ms(e.completion_ms), usd(e.cost_usd), e.simulated ? 'yes' : 'no']),
      ),
    );
  }
  if (r.warnings.length) out.push('', '## Warnings', '', ...r.warnings.map((w) => `- ${cell(w, 300)}`));
  return out.join('\n') + '\n';
}
