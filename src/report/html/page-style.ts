import { createHash } from 'node:crypto';

/**
 * The page's one stylesheet. Text colours are chosen for a contrast ratio of at least 4.5:1
 * against the backgrounds they sit on (the browser test measures it); verdicts are written out
 * ("✓ ≤ 800ms", "✗ over"), so colour only repeats what the text says. The print rules drop the
 * controls, keep plots and table rows whole and print the shading.
 */
export const PAGE_CSS = `
:root { --ink: #1b1f24; --muted: #4f5963; --line: #c9d1d9; --bg: #ffffff; --panel: #f5f7f9; --ok: #1a6b34; --bad: #a4141b; --sim-bg: #fff3cd; --sim-ink: #5c3c00; --accent: #0b5394; }
* { box-sizing: border-box; }
html { background: var(--bg); color: var(--ink); font-size: 15px; }
body { margin: 0 auto; max-width: 1360px; padding: 0 20px 40px; font: 1rem/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "DejaVu Sans", sans-serif; background: var(--bg); }
h1 { font-size: 1.6rem; margin: 20px 0 4px; }
h2 { font-size: 1.3rem; margin: 32px 0 8px; padding-top: 8px; border-top: 2px solid var(--line); }
h3 { font-size: 1.05rem; margin: 20px 0 6px; }
p { margin: 6px 0; }
a { color: var(--accent); }
code, pre, .hash { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, "DejaVu Sans Mono", monospace; font-size: 0.86em; }
.hash { overflow-wrap: anywhere; }
.muted { color: var(--muted); }
.small { font-size: 0.9em; }
.meta { color: var(--muted); margin: 0 0 10px; }
.banner { background: var(--sim-bg); color: var(--sim-ink); border: 2px solid #b07d00; border-radius: 6px; padding: 10px 14px; margin: 12px 0; }
.badge { display: inline-block; border-radius: 4px; padding: 0 6px; font-size: 0.8em; font-weight: 600; letter-spacing: 0.02em; vertical-align: 1px; }
.badge.sim { background: var(--sim-bg); color: var(--sim-ink); border: 1px solid #b07d00; text-transform: uppercase; }
h1 .badge { font-size: 0.45em; vertical-align: 4px; }
.badge.status { background: var(--panel); color: var(--ink); border: 1px solid var(--line); }
.note { background: var(--panel); border-left: 4px solid var(--accent); padding: 6px 10px; }
nav ul { list-style: none; padding: 0; margin: 8px 0; display: flex; flex-wrap: wrap; gap: 4px 18px; }
.budget { color: var(--ink); }
.table-wrap { overflow-x: auto; }
table { border-collapse: collapse; margin: 8px 0 12px; width: 100%; }
caption { text-align: left; color: var(--muted); font-size: 0.85rem; padding: 4px 0; caption-side: top; }
th, td { border-bottom: 1px solid var(--line); padding: 6px 7px; vertical-align: top; text-align: left; }
thead th { background: var(--panel); font-size: 0.82rem; vertical-align: bottom; }
td.num, th.num { text-align: right; }
table.lanes { font-size: 0.86rem; }
table.lanes td { white-space: nowrap; font-variant-numeric: tabular-nums; }
table.lanes th[scope="row"] { min-width: 11em; font-weight: 400; }
.served { display: inline-block; max-width: 16em; }
table.lanes td:last-child { white-space: normal; min-width: 12em; max-width: 22em; }
table.authorizations { font-size: 0.88rem; }
table.authorizations th[scope="row"] { white-space: nowrap; }
.paste-details summary { cursor: pointer; color: var(--accent); margin: 4px 0; }
th button { font: inherit; font-weight: 600; color: var(--ink); background: none; border: 0; padding: 0; cursor: pointer; text-align: inherit; }
th button::after { content: " ↕"; color: var(--muted); }
th[aria-sort="ascending"] button::after { content: " ▲"; color: var(--ink); }
th[aria-sort="descending"] button::after { content: " ▼"; color: var(--ink); }
th button:focus-visible, button:focus-visible, select:focus-visible, pre:focus-visible { outline: 3px solid var(--accent); outline-offset: 2px; }
.cand { font-weight: 700; }
.within { color: var(--ok); font-weight: 600; }
.over { color: var(--bad); font-weight: 600; }
.figures { display: flex; flex-wrap: wrap; gap: 12px 24px; align-items: flex-start; }
figure { margin: 6px 0; break-inside: avoid; }
figcaption { color: var(--muted); font-size: 0.85rem; max-width: 560px; }
svg.plot { max-width: 100%; height: auto; background: var(--bg); font: 11px system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif; }
svg .grid { stroke: #e3e7eb; stroke-width: 1; }
svg .frame { fill: none; stroke: #8a949e; }
svg .axis { stroke: #8a949e; }
svg .tick { fill: var(--muted); }
svg .axis-label { fill: var(--ink); font-size: 12px; }
svg .region { fill: #dff1e3; stroke: #2e7d43; stroke-dasharray: 4 3; }
svg .region-label { fill: #17572b; font-weight: 600; }
svg .none-strip { fill: #f5f7f9; stroke: #c9d1d9; }
svg .budget-line { stroke: #2e7d43; stroke-dasharray: 5 4; stroke-width: 1.2; }
svg .budget-line.strong { stroke: #17572b; stroke-width: 2; }
svg .budget-offscale { fill: #17572b; }
svg .ci { stroke-width: 2.5; }
svg .halo { fill: none; stroke: var(--ink); stroke-width: 2.5; }
svg .leader { stroke: #b8c0c8; stroke-width: 1; }
svg .point-label { fill: var(--ink); font-size: 12px; }
svg .point-label.hot { font-weight: 700; }
svg .hist { fill-opacity: 0.1; stroke-width: 2; }
svg .curve { fill: none; stroke-width: 2.5; }
svg .curve.oracle { stroke: #5c5c5c; stroke-width: 1.5; stroke-dasharray: 5 4; }
table.replay { font-size: 0.86rem; }
table.replay td { font-variant-numeric: tabular-nums; }
table.replay th[scope="row"] { min-width: 15em; font-weight: 400; }
svg .p95-tick { stroke-width: 3; }
.legend { list-style: none; padding: 0; margin: 4px 0; display: flex; flex-wrap: wrap; gap: 2px 18px; font-size: 0.88rem; }
.legend .swatch { vertical-align: middle; margin-right: 5px; }
.copy-block { margin: 8px 0 14px; }
.copy-bar { display: flex; gap: 12px; align-items: center; }
button.copy { font: inherit; font-size: 0.9rem; padding: 4px 12px; border: 1px solid var(--accent); background: var(--accent); color: #ffffff; border-radius: 5px; cursor: pointer; }
.copy-status { color: var(--ok); font-size: 0.9rem; }
pre.paste { background: var(--panel); border: 1px solid var(--line); padding: 10px; overflow-x: auto; white-space: pre-wrap; overflow-wrap: anywhere; }
.filters { background: var(--panel); padding: 8px 10px; border-radius: 6px; display: flex; flex-wrap: wrap; gap: 8px 16px; align-items: center; }
.filters select { font: inherit; padding: 2px 4px; }
table.failures { font-size: 0.86rem; }
table.failures td, table.failures th[scope="row"] { max-width: 320px; }
pre.text { margin: 0; white-space: pre-wrap; overflow-wrap: anywhere; max-height: 16em; overflow-y: auto; }
.col-name { color: var(--muted); }
.ctrl { border: 1px solid var(--muted); border-radius: 3px; padding: 0 2px; margin: 0 1px; font-size: 0.78em; color: var(--ink); background: var(--panel); }
.reasons { min-width: 180px; }
footer { margin-top: 30px; color: var(--muted); font-size: 0.85rem; }
@media print {
  @page { size: A4 landscape; margin: 12mm; }
  html { font-size: 9.5pt; }
  html, body { background: #ffffff; }
  body { max-width: none; padding: 0; }
  .no-print, button.copy, .copy-status, nav, .paste-details { display: none !important; }
  th button { pointer-events: none; }
  th button::after { content: ""; }
  h2 { break-before: auto; break-after: avoid; }
  h3 { break-after: avoid; }
  tr, figure, .copy-block, .banner { break-inside: avoid; }
  .table-wrap { overflow: visible; }
  table.lanes, table.authorizations, table.failures, thead th { font-size: 0.85rem; }
  pre.text { max-height: none; overflow: visible; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  a { color: var(--ink); text-decoration: none; }
}
`;

/** The CSP source expression that allows PAGE_CSS as the page's only style (no style attributes, no other sheet). */
export const PAGE_CSS_HASH = `'sha256-${createHash('sha256').update(PAGE_CSS, 'utf8').digest('base64')}'`;
