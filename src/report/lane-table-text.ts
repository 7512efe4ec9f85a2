import type { Summary } from '../schema/summary.js';
import { padTable } from './format.js';
import { ALIGN, budgetLine, groupByLane, HEADERS, laneCells } from './lane-table.js';
import { SIMULATED_NOTICE } from './summary-markdown.js';

/** The lane × candidate table for a terminal: one block per lane. */
export function laneTableText(s: Summary): string {
  const out: string[] = [];
  for (const [lane, rows] of groupByLane(s)) {
    const suite = s.suites.find((x) => x.lane.id === lane);
    out.push('', `${lane}${suite ? ` [${suite.lane.latency_class}] ${budgetLine(suite.lane.budget)}` : ''}`);
    for (const line of padTable([[...HEADERS], ...rows.map(laneCells)], ALIGN)) out.push(`  ${line}`);
  }
  if (s.simulated) out.push('', SIMULATED_NOTICE);
  return out.join('\n');
}
