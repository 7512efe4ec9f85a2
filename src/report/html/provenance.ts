import type { RunStart } from '../../schema/journal.js';
import { pct, usd } from '../format.js';
import { esc } from './escape.js';

/**
 * Where the run's numbers come from, read from the journal's run_start record: suite, prompt,
 * dataset and price-sheet hashes and dates. The Markdown form is what the copy button copies:
 * a budget document cites the evidence by hash, so it can be checked later.
 */
export function provenanceMarkdown(start: RunStart): string {
  const out = [
    `Evidence: lanebar run ${start.run_id}, started ${start.started_at}, lanebar ${start.lanebar_version}, ${start.node_version}, target ${start.target}`,
    `Price sheet: ${start.price_sheet.path} (dated ${start.price_sheet.date}, sha256 ${start.price_sheet.hash})`,
    start.price_overrides ? `Price overrides: ${start.price_overrides.path} (sha256 ${start.price_overrides.hash})` : 'Price overrides: none',
  ];
  for (const s of start.suites) {
    const b = s.lane.budget;
    out.push(
      '',
      `Lane ${s.lane.id} (${s.lane.latency_class}): suite ${s.name} v${s.version} (${s.file}, sha256 ${s.hash})`,
      `  prompt v${s.prompt.version} (sha256 ${s.prompt.hash}); dataset ${s.dataset.path} (${s.dataset.rows} cases, sha256 ${s.dataset.hash})`,
      `  budget: first token p95 <= ${b.first_token_p95_ms}ms, completion p95 <= ${b.completion_p95_ms}ms, <= ${usd(b.cost_per_accepted_usd)} per accepted outcome, pass rate >= ${pct(b.min_pass_rate, 0)}`,
    );
    for (const c of s.candidates) {
      out.push(`  candidate ${c.id}: ${c.provider} ${c.model}${c.simulated ? ` SIMULATED (answered by lanebar's simulator ${c.served_by}, not by the real model)` : ''}, repeats ${c.repeats}`);
    }
  }
  return out.join('\n');
}

const row = (head: string, value: string) => `<tr><th scope="row">${esc(head)}</th><td>${value}</td></tr>`;
const hash = (h: string) => `<code class="hash">${esc(h)}</code>`;

/** The same provenance as a table a person scans. */
export function provenanceTable(start: RunStart): string {
  const rows = [
    row('run', `${esc(start.run_id)}, started ${esc(start.started_at)}`),
    row('lanebar', `${esc(start.lanebar_version)} on Node ${esc(start.node_version)}, target ${esc(start.target)}`),
    row('price sheet', `${esc(start.price_sheet.path)}, dated ${esc(start.price_sheet.date)}, sha256 ${hash(start.price_sheet.hash)}`),
    row('price overrides', start.price_overrides ? `${esc(start.price_overrides.path)}, sha256 ${hash(start.price_overrides.hash)}` : 'none'),
  ];
  for (const s of start.suites) {
    rows.push(
      row(
        `lane ${s.lane.id}`,
        `suite ${esc(s.name)} v${esc(s.version)} (${esc(s.file)}, sha256 ${hash(s.hash)})<br>` +
          `prompt v${esc(s.prompt.version)}, sha256 ${hash(s.prompt.hash)}<br>` +
          `dataset ${esc(s.dataset.path)} (${s.dataset.rows} cases), sha256 ${hash(s.dataset.hash)}`,
      ),
    );
  }
  return `<div class="table-wrap"><table class="provenance"><caption>Provenance of run ${esc(start.run_id)}</caption><tbody>${rows.join('')}</tbody></table></div>`;
}

/** A copy button for the paste-ready text in element `id`; it works offline (clipboard API, with a select-and-copy fallback). */
export const copyButton = (id: string, label: string): string =>
  `<div class="copy-bar"><button type="button" class="copy" data-copy="${id}">Copy ${esc(label)}</button><span class="copy-status" role="status" aria-live="polite"></span></div>`;

export const pasteText = (id: string, body: string): string => `<pre id="${id}" class="paste" tabindex="0">${esc(body)}</pre>`;

/** Paste-ready text with its copy button. */
export const copyBlock = (id: string, label: string, body: string): string => `<div class="copy-block">${copyButton(id, label)}${pasteText(id, body)}</div>`;
