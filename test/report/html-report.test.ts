import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newestSheet } from '../../src/load/prices.js';
import { pct } from '../../src/report/format.js';
import type { Bar } from '../../src/schema/bar.js';
import type { CaseRecord } from '../../src/schema/journal.js';
import type { Summary } from '../../src/schema/summary.js';
import { launchChromium, type Browser } from '../helpers/chromium.js';
import { contrastFindings, headingProblems, tableProblems } from '../helpers/page-checks.js';
import { HOSTILE_INPUT, HOSTILE_OUTPUT, makeReportWorkspace } from '../helpers/workspace.js';

const ROOT = join(import.meta.dirname, '..', '..');
const CLI = join(ROOT, 'dist', 'cli', 'main.js');
const PRICES = ['--prices', newestSheet(ROOT), '--overrides', join(ROOT, 'prices', 'overrides.yaml')];

/* eslint-disable @typescript-eslint/no-explicit-any -- the in-page callbacks run in the browser; the tests are typed without the DOM library */

/**
 * The HTML report end to end: a real `lanebar run` on a simulated three-candidate lane writes
 * index.html, and headless Chromium opens it and reads it the way a person would.
 */
describe('index.html in a real browser', () => {
  let dir: string;
  let page: string;
  let summary: Summary;
  let failures: CaseRecord[];
  let browser: Browser;
  /** Screenshots and the PDF go here; the path is printed so a person can look. */
  const out = mkdtempSync(join(tmpdir(), 'lanebar-html-report-test-'));

  const lanebar = (args: string[]) => {
    const r = spawnSync(process.execPath, [CLI, ...args], { cwd: dir, encoding: 'utf8', env: { ...process.env, OPENAI_API_KEY: '' } });
    if (r.status !== 0) throw new Error(`lanebar ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
    return r;
  };

  beforeAll(async () => {
    const ws = await makeReportWorkspace();
    dir = ws.dir;
    const run = lanebar(['run', ws.suite, '--sim-models', ws.simModels, '--reports', 'reports', '--run-id', 'demo', ...PRICES]);
    expect(run.stdout).toContain('index.html');
    page = join(dir, 'reports', 'demo', 'index.html');
    summary = JSON.parse(readFileSync(join(dir, 'reports', 'demo', 'summary.json'), 'utf8')) as Summary;
    const cases = readFileSync(join(dir, 'reports', 'demo', 'run.jsonl'), 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as { type: string })
      .filter((r): r is CaseRecord => r.type === 'case');
    failures = cases.filter((c) => !c.pass);
    browser = await launchChromium();
    console.log(`HTML report test output (screenshots, PDF): ${out}`);
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('lanebar run writes the page; without a bar it says how to get one', () => {
    const html = readFileSync(page, 'utf8');
    expect(html).toContain('No bar computed: run <code>lanebar bar demo</code>');
    expect(html).toMatch(/<meta http-equiv="Content-Security-Policy" content="default-src 'none';[^"]*script-src 'sha256-/);
    // One file: no external stylesheet, script, image or font.
    expect(html).not.toMatch(/<(link|img|iframe|object|embed)\b/i);
    expect(html).not.toMatch(/\b(src|href)="(https?:)?\/\//i);
  });

  it('shows the table, the plots and the copy button with the run\'s numbers, and saves a screenshot', async () => {
    const p = await browser.open(page);
    const { page: pg } = p;
    for (const r of summary.rows) {
      const row = pg.locator(`table.lanes tbody tr[data-candidate="${r.candidate}"]`);
      await expect(row.count()).resolves.toBe(1);
      const text = await row.innerText();
      expect(text).toContain(pct(r.pass_rate));
      expect(text).toContain(`${r.completed}/${r.samples}`);
      expect(text).toContain('SIMULATED');
    }
    // The pass rate against cost plot: one point per candidate, at the run's figures.
    const points = await pg.locator('svg[data-plot="pass-cost"] g.point').evaluateAll((gs: any[]) => gs.map((g: any) => [g.getAttribute('data-candidate'), Number(g.getAttribute('data-pass-rate')), Number(g.getAttribute('data-cost-per-accepted'))]));
    expect(points).toEqual(summary.rows.map((r) => [r.candidate, r.pass_rate, r.cost.per_accepted_usd]));
    await expect(pg.locator('svg[data-plot="pass-cost"] rect[data-region="budget"]').count()).resolves.toBe(1);
    // Latency: first token and completion, one distribution per candidate over its successful attempts, and the budget.
    const suite = summary.suites[0]!;
    for (const [metric, budget] of [['first_token', suite.lane.budget.first_token_p95_ms], ['completion', suite.lane.budget.completion_p95_ms]] as const) {
      const plot = pg.locator(`svg[data-plot="latency"][data-metric="${metric}"]`);
      await expect(plot.count()).resolves.toBe(1);
      const ns = await plot.locator('path.hist').evaluateAll((ps: any[]) => ps.map((p: any) => [p.getAttribute('data-candidate'), Number(p.getAttribute('data-n'))]));
      expect(ns).toEqual(summary.rows.map((r) => [r.candidate, r.latency_ms[metric].n]));
      await expect(plot.locator(`[data-budget-ms="${budget}"]`).count()).resolves.toBe(1);
    }
    // Every plot is drawn (has a size) and named for screen readers.
    const plots = await pg.locator('svg.plot').evaluateAll((ss: any[]) => ss.map((s: any) => [s.getBoundingClientRect().width > 100, (globalThis as any).document.getElementById(s.getAttribute('aria-labelledby').split(' ')[0]).textContent.length > 0]));
    expect(plots).toEqual([[true, true], [true, true], [true, true]]);
    await expect(pg.getByRole('button', { name: 'Copy provenance' }).isVisible()).resolves.toBe(true);
    await expect(pg.locator('.banner').first().innerText()).resolves.toContain('SIMULATED');
    const shot = join(out, 'index.png');
    await pg.screenshot({ path: shot, fullPage: true });
    expect(existsSync(shot)).toBe(true);
    expect(p.requests).toEqual([]);
    expect(p.errors).toEqual([]);
  });

  it('sorts a lane table by a column, both ways', async () => {
    const { page: pg } = await browser.open(page);
    const order = () => pg.locator('table.lanes tbody tr').evaluateAll((rs: any[]) => rs.map((r: any) => r.getAttribute('data-candidate')));
    const byCost = [...summary.rows].sort((a, b) => a.cost.per_accepted_usd! - b.cost.per_accepted_usd!).map((r) => r.candidate);
    const header = pg.locator('table.lanes thead th', { hasText: '$/accepted' });
    await header.getByRole('button').click();
    await expect(order()).resolves.toEqual(byCost);
    await expect(header.getAttribute('aria-sort')).resolves.toBe('ascending');
    await header.getByRole('button').click();
    await expect(order()).resolves.toEqual([...byCost].reverse());
    await expect(header.getAttribute('aria-sort')).resolves.toBe('descending');
    const byPass = [...summary.rows].sort((a, b) => a.pass_rate! - b.pass_rate!).map((r) => r.candidate);
    await pg.locator('table.lanes thead th', { hasText: 'pass rate' }).getByRole('button').click();
    await expect(order()).resolves.toEqual(byPass);
  });

  it('copies the provenance, paste-ready, with the copy button', async () => {
    const { page: pg } = await browser.open(page);
    await pg.getByRole('button', { name: 'Copy provenance' }).click();
    await pg.locator('.copy-status', { hasText: 'Copied.' }).waitFor();
    const copied = (await pg.evaluate('navigator.clipboard.readText()')) as string;
    expect(copied).toBe(await pg.locator('#provenance-md').textContent());
    expect(copied).toContain('Evidence: lanebar run demo');
    expect(copied).toContain(`sha256 ${summary.suites[0]!.dataset.hash}`);
    expect(copied).toContain(`sha256 ${summary.price_sheet.hash}`);
    expect(copied).toContain('SIMULATED');
  });

  it('filters failures by lane, model and grader', async () => {
    const { page: pg } = await browser.open(page);
    const visible = () => pg.locator('#failures-table tbody tr:not([hidden])').evaluateAll((rs: any[]) => rs.map((r: any) => r.getAttribute('data-model')));
    await expect(visible()).resolves.toHaveLength(failures.length);
    await pg.getByLabel('Model', { exact: true }).selectOption('mid');
    const mid = await visible();
    expect(mid).toHaveLength(failures.filter((f) => f.candidate === 'mid').length);
    expect(new Set(mid)).toEqual(new Set(['mid']));
    await expect(pg.locator('#f-count').innerText()).resolves.toBe(`${mid.length} shown`);
    await pg.getByLabel('Grader', { exact: true }).selectOption('label');
    await expect(visible()).resolves.toHaveLength(mid.length);
    await pg.getByLabel('Model', { exact: true }).selectOption('');
    await pg.getByLabel('Lane', { exact: true }).selectOption('ticket-triage');
    await expect(visible()).resolves.toHaveLength(failures.length);
  });

  it('shows hostile model output and dataset text as inert text', async () => {
    const p = await browser.open(page);
    const { page: pg } = p;
    const outputs = await pg.locator('#failures-table pre.output').allTextContents();
    expect(outputs.length).toBeGreaterThan(0);
    // What the model sent, character for character, with ESC shown by name and the newline kept.
    expect(outputs[0]).toBe(HOSTILE_OUTPUT.replace(/\u001b/g, 'ESC'));
    expect(await pg.locator('#failures-table .ctrl').count()).toBeGreaterThan(0);
    const inputs = await pg.locator('#failures-table tbody tr td:nth-of-type(4) pre').allTextContents();
    expect(inputs.length).toBe(outputs.length);
    for (const i of inputs) expect(i).toContain(HOSTILE_INPUT);
    // Nothing ran and nothing was added: one script (the page's own), no image, no dialog.
    await expect(pg.evaluate('document.scripts.length')).resolves.toBe(1);
    await expect(pg.locator('img').count()).resolves.toBe(0);
    expect(p.dialogs).toEqual([]);
    expect(p.errors).toEqual([]);
  });

  it('passes the accessibility checks: heading order, table headers, text contrast', async () => {
    const { page: pg } = await browser.open(page);
    const headings = await headingProblems(pg);
    expect(headings.levels[0]).toBe(1);
    expect(headings.problems).toEqual([]);
    const tables = await tableProblems(pg);
    expect(tables.tables).toBeGreaterThanOrEqual(3);
    expect(tables.problems).toEqual([]);
    const contrast = await contrastFindings(pg);
    expect(contrast.checked).toBeGreaterThan(100);
    console.log(`contrast: ${contrast.checked} text elements checked, lowest ${JSON.stringify(contrast.lowest)}`);
    expect(contrast.failing).toEqual([]);
    expect(contrast.lowest!.ratio).toBeGreaterThanOrEqual(4.5);
  });

  it('prints legibly: controls hidden, tables and plots kept, a PDF comes out', async () => {
    const { page: pg } = await browser.open(page);
    await pg.emulateMedia({ media: 'print' });
    await expect(pg.getByRole('button', { name: 'Copy provenance' }).isVisible()).resolves.toBe(false);
    await expect(pg.locator('.filters').isVisible()).resolves.toBe(false);
    await expect(pg.locator('table.lanes').isVisible()).resolves.toBe(true);
    await expect(pg.locator('svg[data-plot="pass-cost"]').isVisible()).resolves.toBe(true);
    const contrast = await contrastFindings(pg);
    expect(contrast.failing).toEqual([]);
    await pg.screenshot({ path: join(out, 'print.png'), fullPage: true });
    const pdf = await pg.pdf({ path: join(out, 'index.pdf'), printBackground: true, preferCSSPageSize: true });
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdf.length).toBeGreaterThan(10_000);
  });

  it('after lanebar bar, shows the lane authorizations and copies bar.md', async () => {
    lanebar(['bar', 'demo']);
    const bar = JSON.parse(readFileSync(join(dir, 'reports', 'demo', 'bar.json'), 'utf8')) as Bar;
    const { page: pg } = await browser.open(page);
    await expect(pg.locator('#authorizations').innerText()).resolves.not.toContain('No bar computed');
    await expect(pg.locator('table.authorizations tbody tr').count()).resolves.toBe(bar.lanes.length);
    for (const c of bar.lanes[0]!.candidates) {
      const verdict = await pg.locator(`table.lanes tbody tr[data-candidate="${c.candidate}"] td`).last().innerText();
      expect(verdict).toContain(c.verdict === 'admitted' ? '✓ admitted' : '✗ refused');
    }
    const assigned = bar.lanes[0]!.authorization?.model.candidate;
    if (assigned) await expect(pg.locator('svg[data-plot="pass-cost"] g.point.highlight').getAttribute('data-candidate')).resolves.toBe(assigned);
    await pg.getByRole('button', { name: /Copy authorizations/ }).click();
    await pg.locator('.copy-status', { hasText: 'Copied.' }).waitFor();
    const copied = (await pg.evaluate('navigator.clipboard.readText()')) as string;
    expect(copied).toBe(readFileSync(join(dir, 'reports', 'demo', 'bar.md'), 'utf8'));
    await pg.screenshot({ path: join(out, 'with-bar.png'), fullPage: true });
  });

  it('lanebar report writes the page again from the journal', () => {
    rmSync(page);
    const r = lanebar(['report', 'demo']);
    expect(r.stdout).toContain(join('reports', 'demo', 'index.html'));
    const html = readFileSync(page, 'utf8');
    expect(html).toContain('class="authorizations"');
    expect(html).toContain(pct(summary.rows[0]!.pass_rate));
  });
});
