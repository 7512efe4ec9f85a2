import type { SummaryRow } from '../../schema/summary.js';
import type { LaneBudget } from '../../schema/suite.js';
import { ms, pct, usd } from '../format.js';
import { attr, esc, slugId } from './escape.js';

/** A bar verdict for one lane × candidate, when a bar has been computed for the run. */
export interface Verdict {
  admitted: boolean;
  /** Admitted candidates the bar gave a job: the lane's model, or where its requests escalate. */
  role: 'assigned' | 'escalation' | null;
  reasons: string[];
}

interface Column {
  head: string;
  /** Says what the column means, for the header's tooltip and screen readers. */
  abbr?: string;
  numeric: boolean;
  cell(r: SummaryRow): { html: string; sort: number | string | null };
}

/** A figure with its budget: the verdict is written out (within / over), never told by colour alone. */
function against(value: number | null, limit: number, show: (v: number | null) => string, better: 'low' | 'high'): string {
  if (value === null) return `<span class="muted">${show(value)}</span>`;
  const ok = better === 'low' ? value <= limit : value >= limit;
  const verdict = ok ? `✓ ${better === 'low' ? '≤' : '≥'} ${show(limit)}` : `✗ ${better === 'low' ? 'over' : 'under'} ${show(limit)}`;
  return `${show(value)}<br><span class="${ok ? 'within' : 'over'}">${verdict}</span>`;
}

const triple = (p: { p50: number | null; p99: number | null }) => `<span class="muted small">p50 ${ms(p.p50)}<br>p99 ${ms(p.p99)}</span>`;

function columns(budget: LaneBudget, verdicts: ReadonlyMap<string, Verdict> | null): Column[] {
  return [
    { head: 'n', abbr: 'completed samples / planned samples', numeric: true, cell: (r) => ({ html: `${r.completed}/${r.samples}`, sort: r.completed }) },
    {
      head: 'pass rate (95% CI)',
      abbr: 'share of completed samples whose every grader passed, with its Wilson 95% interval',
      numeric: true,
      cell: (r) => ({
        html: `${against(r.pass_rate, budget.min_pass_rate, (v) => pct(v), 'high')}<br><span class="muted small">CI ${pct(r.pass_ci.low)}–${pct(r.pass_ci.high)}</span>`,
        sort: r.pass_rate,
      }),
    },
    {
      head: 'first token p95',
      abbr: 'time to first streamed token, 95th percentile over successful attempts',
      numeric: true,
      cell: (r) => ({ html: `${against(r.latency_ms.first_token.p95, budget.first_token_p95_ms, ms, 'low')}<br>${triple(r.latency_ms.first_token)}`, sort: r.latency_ms.first_token.p95 }),
    },
    {
      head: 'completion p95',
      abbr: 'time to the last token, 95th percentile over successful attempts',
      numeric: true,
      cell: (r) => ({ html: `${against(r.latency_ms.completion.p95, budget.completion_p95_ms, ms, 'low')}<br>${triple(r.latency_ms.completion)}`, sort: r.latency_ms.completion.p95 }),
    },
    { head: 'cache hit', abbr: 'share of input tokens read from the prompt cache', numeric: true, cell: (r) => ({ html: pct(r.cache_hit_rate), sort: r.cache_hit_rate }) },
    {
      head: 'cost: cache-adj. / raw',
      abbr: 'what was billed (cache reads, cache-write premiums, retries and failed attempts included) against the same tokens with every input token at the uncached price',
      numeric: true,
      cell: (r) => ({ html: `${usd(r.cost.total_usd)}<br><span class="muted small">raw ${usd(r.cost.raw_usd)}</span>`, sort: r.cost.total_usd }),
    },
    { head: '$/task', abbr: 'all spend / completed samples', numeric: true, cell: (r) => ({ html: usd(r.cost.per_task_usd), sort: r.cost.per_task_usd }) },
    {
      head: '$/accepted',
      abbr: 'cost per accepted outcome: all spend / passed samples',
      numeric: true,
      cell: (r) => ({ html: against(r.cost.per_accepted_usd, budget.cost_per_accepted_usd, usd, 'low'), sort: r.cost.per_accepted_usd }),
    },
    {
      head: 'errors / retries',
      abbr: 'samples whose final attempt failed, and retried attempts, per completed sample',
      numeric: true,
      cell: (r) => ({ html: `${pct(r.error_rate)}<br><span class="muted small">retries ${pct(r.retry_rate)}</span>`, sort: r.error_rate }),
    },
    {
      head: 'verdict',
      abbr: "the eval bar's decision (lanebar bar)",
      numeric: false,
      cell: (r) => {
        const v = verdicts?.get(r.candidate);
        if (!v) return { html: '<span class="muted">no bar</span>', sort: null };
        const reasons = v.reasons.length ? `<br><span class="small reasons-list">${v.reasons.map(esc).join('<br>')}</span>` : '';
        const word = v.admitted ? `✓ admitted${v.role ? `, ${v.role}` : ''}` : '✗ refused';
        return { html: `<span class="${v.admitted ? 'within' : 'over'}">${word}</span>${reasons}`, sort: v.role === 'assigned' ? 0 : v.admitted ? 1 : 2 };
      },
    },
  ];
}

/**
 * One lane's candidates as a sortable table. Every cell carries the raw number it shows in
 * `data-sort`, so sorting by cost sorts by dollars, not by the text "$0.0001".
 */
export function laneTableHtml(lane: string, budget: LaneBudget, rows: readonly SummaryRow[], verdicts: ReadonlyMap<string, Verdict> | null): string {
  const cols = columns(budget, verdicts);
  const id = slugId('table', lane);
  const head =
    `<th scope="col" aria-sort="none"><button type="button" data-col="0">candidate</button></th>` +
    cols.map((c, i) => `<th scope="col" aria-sort="none"${c.numeric ? ' class="num"' : ''}${c.abbr ? ` title="${attr(c.abbr)}"` : ''}><button type="button" data-col="${i + 1}">${esc(c.head)}</button></th>`).join('');
  const body = rows
    .map((r) => {
      const served = r.simulated ? `${esc(r.served_by)}, priced as ${esc(r.provider)} ${esc(r.model)}` : `${esc(r.provider)} ${esc(r.model)}`;
      const badge = r.simulated ? ' <span class="badge sim">simulated</span>' : '';
      const first = `<th scope="row" data-sort="${attr(r.candidate)}"><span class="cand">${esc(r.candidate)}</span>${badge}<br><span class="muted small served">${served}</span></th>`;
      const cells = cols.map((c) => {
        const v = c.cell(r);
        return `<td${c.numeric ? ' class="num"' : ''} data-sort="${v.sort === null ? '' : attr(String(v.sort))}">${v.html}</td>`;
      });
      return `<tr data-candidate="${attr(r.candidate)}">${first}${cells.join('')}</tr>`;
    })
    .join('');
  return `<div class="table-wrap"><table id="${id}" class="lanes sortable"><caption>${esc(lane)}: candidates against the lane's budget<span class="no-print"> (select a column header to sort)</span></caption><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table></div>`;
}
