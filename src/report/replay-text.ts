import type { Figures, Replay } from '../schema/replay-result.js';
import { padTable, pct, usd } from './format.js';
import { alarmLine, alarmName, figureCells, gateWords, int, marginLine, simulatedBanner, thresholdWords } from './replay-words.js';

function line(lane: string, path: string, f: Figures | null): string[] {
  if (!f) return [lane, path, '—', '—', 'not shown', '—', '—', '—', '—', '—'];
  const c = figureCells(f);
  return [lane, path, c.requests, c.escalated, c.accepted, c.perTask, c.perAccepted, c.logPerTask, c.done, c.cache];
}

/** The terminal summary of a replay: the lane table, then what the budget and the sweep say. */
export function replayText(r: Replay): string {
  const out: string[] = [];
  const banner = simulatedBanner(r);
  if (banner) out.push(banner, '');
  const i = r.inputs;
  out.push(`${i.log.path}: ${int(i.log.requests)} requests (${int(i.log.calls)} calls, ${i.log.first_day} to ${i.log.last_day}), ${int(r.bad_rows.count)} bad rows${r.bad_rows.count ? ' skipped' : ''}`);
  const rows: string[][] = [['lane', 'path', 'requests', 'escalated', 'accepted', '$/task', '$/accepted', "log's $/task", 'done p50/p95', 'cache hit']];
  for (const l of r.lanes) rows.push(line(l.lane, `gate ${gateWords(l)}`, l.gate), line('', 'all-small', l.all_small), line('', 'all-strong', l.all_strong));
  rows.push(line('overall', 'gate', r.overall.gate));
  out.push('', ...padTable(rows, ['l', 'l', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r']));
  if (r.lanes.some((l) => l.gate.estimated.call_share + l.gate.estimated.outcome_share > 0)) out.push(`[est N%]: estimated from eval run ${i.eval_run?.id} for N% of the requests`);
  for (const s of r.sweep ?? []) {
    const rec = s.recommended;
    const words = !rec
      ? 'no quality bar, no recommendation'
      : rec.meets_bar
        ? `recommend ${thresholdWords(s, rec.threshold)}: ${pct(rec.escalation_rate)} escalated, ${pct(rec.accepted_rate)} accepted ≥ bar ${pct(s.quality_bar)}, ${usd(rec.cost_per_task_usd)}/task`
        : `no threshold meets the bar ${pct(s.quality_bar)} (best ${pct(rec.accepted_rate)})`;
    out.push(`sweep ${s.lane}: ${int(s.thresholds)} thresholds, APGR ${s.apgr?.toFixed(3) ?? '—'} (oracle ${s.oracle.apgr?.toFixed(3) ?? '—'}), CPT(50%) ${pct(s.cpt50)}, CPT(80%) ${pct(s.cpt80)}; ${words}`);
  }
  const b = r.budget;
  if (b) {
    out.push('', `budget ${b.feature}${b.example ? ' (EXAMPLE)' : ''}: ${b.firing.length ? `${b.firing.length} alarm${b.firing.length > 1 ? 's' : ''} firing` : 'no alarm fires'}`);
    out.push(...b.alarms.map((a) => `  ${alarmLine(a)}`));
    if (b.economics) out.push(...marginLine(b.economics).map((l) => `  ${l}`));
    for (const p of b.pressure ?? []) {
      const subject = p.subject ? `, ${p.subject.customer} ${pct(p.subject.margin)}` : '';
      out.push(`  pressure: ${p.description}: first alarm ${p.first_alarm ? alarmName(p.first_alarm) : 'none'}; margin ${p.margin_closes ? 'closes' : 'DOES NOT CLOSE'} (median ${pct(p.economics.median?.margin ?? null)}, heaviest ${pct(p.economics.max?.margin ?? null)}${subject})`);
    }
  }
  for (const w of r.warnings) out.push(`warning: ${w}`);
  return out.join('\n');
}
