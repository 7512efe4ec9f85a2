import type { Summary } from '../schema/summary.js';
import { cell, pct } from './format.js';
import { ALIGN, budgetLine, groupByLane, HEADERS, laneCells } from './lane-table.js';

export const SIMULATED_NOTICE =
  'SIMULATED: rows marked "(simulated)" were answered by lanebar\'s deterministic simulator, not by a real model. Their quality and latency are invented for demonstration; their cost applies the real model\'s list price to simulated token counts.';

/** `summary.md`: the lane × candidate table a person reads. */
export function summaryMarkdown(s: Summary): string {
  const out: string[] = [`# lanebar run ${s.run_id}`, ''];
  if (s.simulated) out.push(`> **${SIMULATED_NOTICE}**`, '');
  out.push(
    `- status: **${s.status}**${s.status === 'partial' ? ` (resume with \`lanebar run --resume ${s.run_id}\`)` : ''}`,
    `- started: ${s.started_at}; lanebar ${s.lanebar_version}`,
    `- price sheet: ${s.price_sheet.path} (${s.price_sheet.date}, sha256 ${s.price_sheet.hash.slice(0, 12)})`,
    `- percentiles: ${s.percentile_method}`,
    '',
  );
  const lanes = groupByLane(s);
  for (const [lane, rows] of lanes) {
    const suite = s.suites.find((x) => x.lane.id === lane);
    out.push(`## ${cell(lane)}${suite ? ` (${suite.lane.latency_class})` : ''}`, '');
    if (suite) {
      out.push(
        `${cell(suite.lane.description, 200)}`,
        '',
        `Suite ${cell(suite.name)} v${cell(suite.version)}, prompt v${cell(suite.prompt.version)} (${suite.prompt.hash.slice(0, 12)}), dataset ${cell(suite.dataset.path)} (${suite.dataset.rows} cases). ${budgetLine(suite.lane.budget)}.`,
        '',
      );
    }
    out.push(`| ${HEADERS.join(' | ')} |`, `|${ALIGN.map((a) => (a === 'r' ? '---:' : '---')).join('|')}|`);
    for (const r of rows) out.push(`| ${laneCells(r).join(' | ')} |`);
    out.push('');
  }
  out.push(
    '**Reading the table.** *pass* is the share of completed samples whose every grader passed, with its Wilson 95% interval. ' +
      '*FT* is time to first token, *done* time to the last token. *cache hit* is the share of input tokens read from the prompt cache. ' +
      '*raw cost* prices every input token at the uncached rate; *cache-adj. cost* is what was billed: cache reads, cache-write premiums, retries and failed attempts included. ' +
      '*$/accepted* divides all of that spend by the samples that passed.',
    '',
  );
  if (s.journal_warnings.length) {
    out.push('## Journal warnings', '', ...s.journal_warnings.map((w) => `- ${cell(w, 300)}`), '');
  }
  const errored = s.rows.filter((r) => r.errored > 0);
  if (errored.length) out.push(`Errored samples: ${errored.map((r) => `${cell(r.candidate)} ${r.errored} (${pct(r.error_rate)})`).join(', ')}.`, '');
  return out.join('\n');
}
