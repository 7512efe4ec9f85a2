import type { Comparison } from '../core/compare.js';
import { cell } from './format.js';
import { checkLines, closingLine, compareColumns, groupRowsByLane } from './compare-table.js';

/** The comparison as Markdown: what a pull request's step summary shows. */
export function compareMarkdown(c: Comparison): string {
  const out = [`## lanebar compare: ${c.broken === 0 ? 'passed' : 'FAILED'}`, '', `Baseline \`${cell(c.baseline_run)}\` → current \`${cell(c.current_run)}\`.`, ''];
  for (const w of c.warnings) out.push(`> ${cell(w, 300)}`, '');
  const columns = compareColumns(c);
  for (const [lane, rows] of groupRowsByLane(c)) {
    out.push(`### ${cell(lane)}`, '', `| ${columns.headers.join(' | ')} |`, `|${columns.align.map((a) => (a === 'r' ? '---:' : '---')).join('|')}|`);
    for (const r of rows) out.push(`| ${columns.cells(r).join(' | ')} |`);
    out.push('');
  }
  const checks = checkLines(c);
  if (checks.length) out.push('### Rules', '', ...checks.map((l) => `- ${l}`), '');
  out.push(`**${closingLine(c)}**`, '');
  return out.join('\n');
}
