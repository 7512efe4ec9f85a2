import type { Comparison } from '../core/compare.js';
import { cell, padTable } from './format.js';
import { checkLines, closingLine, COMPARE_ALIGN, COMPARE_HEADERS, compareCells, groupRowsByLane } from './compare-table.js';

/** `lanebar compare` on a terminal or in a CI log: plain text, no colour, no cursor movement. */
export function compareText(c: Comparison): string {
  const out = [`compare: baseline ${cell(c.baseline_run)} → current ${cell(c.current_run)}`];
  for (const w of c.warnings) out.push(`warning: ${cell(w, 300)}`);
  for (const [lane, rows] of groupRowsByLane(c)) {
    out.push('', cell(lane));
    for (const line of padTable([[...COMPARE_HEADERS], ...rows.map(compareCells)], COMPARE_ALIGN)) out.push(`  ${line}`);
  }
  const checks = checkLines(c);
  if (checks.length) out.push('', ...checks);
  out.push('', closingLine(c));
  return out.join('\n');
}
