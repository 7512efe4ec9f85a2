import type { BarCheck } from '../core/bar-check.js';
import type { Bar } from '../schema/bar.js';
import { cell } from './format.js';
import { modelLabel } from './bar-words.js';

/** What `lanebar bar --check` prints: per lane, current or stale, and every review trigger. */
export function barCheckText(bar: Bar, check: BarCheck, file: string, at: Date): string {
  const out = [`authorization ${file}: run ${bar.run_id} (started ${bar.run_started_at}), checked ${at.toISOString()}`];
  if (bar.notice) out.push(bar.notice);
  for (const l of check.lanes) {
    const lane = bar.lanes.find((x) => x.suite === l.suite);
    const who = lane?.authorization ? modelLabel(lane.authorization.model) : 'no model admitted';
    const state = l.stale ? 'STALE' : 'current';
    out.push('', `${cell(l.lane)} (suite ${cell(l.suite)}): ${cell(who, 120)}: ${state}`);
    for (const t of l.triggers) out.push(`  ${t.stale ? '-' : '·'} ${t.kind}: ${cell(t.what, 400)}${t.stale ? '' : ' (no effect on the verdicts)'}`);
    if (l.triggers.length === 0) out.push('  suite, dataset, prompt, graders, candidates and prices are as recorded');
  }
  out.push(
    '',
    check.stale
      ? `STALE: ${check.lanes.filter((l) => l.stale).length} of ${check.lanes.length} lanes changed since run ${bar.run_id}. Review them: run the suites again and take a new bar.`
      : `current: every lane is as recorded in run ${bar.run_id}.`,
  );
  return out.join('\n');
}
