import type { Comparison } from '../core/compare.js';
import { cell, padTable } from './format.js';
import { checkLines, closingLine, compareColumns, groupRowsByLane } from './compare-table.js';

/** `lanebar compare` on a terminal or in a CI log: plain text, no colour, no cursor movement. */
export function compareText(c: Comparison): string {
  const out = [`compare${c.kind === 'replays' ? ' replays' : ''}: baseline ${cell(c.baseline_run)} → current ${cell(c.current_run)}`];
  for (const w of c.warnings) out.push(`warning: ${cell(w, 300)}`);
  const columns = compareColumns(c);
  for (const [lane, rows] of groupRowsByLane(c)) {
    out.push('', cell(lane));
    for (const line of padTable([columns.headers, ...rows.map(columns.cells)], columns.align)) out.push(`  ${line}`);
  }
  const checks = checkLines(c);
  if (checks.length) out.push('', ...checks);
  out.push('', closingLine(c));
  return out.join('\n');
}
