import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pct } from '../../src/report/format.js';
import type { Replay } from '../../src/schema/replay-result.js';
import { launchChromium, type Browser } from '../helpers/chromium.js';
import { contrastFindings, headingProblems, tableProblems } from '../helpers/page-checks.js';
import { HOSTILE_OUTPUT } from '../helpers/workspace.js';
import { replayFixture, SWEEP_THRESHOLDS } from './replay-fixture.js';

const CLI = join(import.meta.dirname, '..', '..', 'dist', 'cli', 'main.js');

/** A replay's page, written by `lanebar report <replay-id>` from replay.json and read in headless Chromium. */
describe("a replay's index.html in a real browser", () => {
  let browser: Browser;
  let page: string;
  let replay: Replay;
  const out = mkdtempSync(join(tmpdir(), 'lanebar-html-replay-test-'));

  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lanebar-replay-page-'));
    replay = replayFixture(HOSTILE_OUTPUT);
    mkdirSync(join(dir, 'reports', 'replay-demo'), { recursive: true });
    writeFileSync(join(dir, 'reports', 'replay-demo', 'replay.json'), JSON.stringify(replay, null, 2));
    const r = spawnSync(process.execPath, [CLI, 'report', 'replay-demo'], { cwd: dir, encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain(join('reports', 'replay-demo', 'index.html'));
    page = join(dir, 'reports', 'replay-demo', 'index.html');
    browser = await launchChromium();
    console.log(`HTML replay test output (screenshots): ${out}`);
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('draws the threshold sweep with the chosen threshold, the quality bar and the all-small / all-strong baselines', async () => {
    const p = await browser.open(page);
    const { page: pg } = p;
    const sweep = replay.sweep![0]!;
    const rec = sweep.recommended!;
    for (const metric of ['accepted', 'cost'] as const) {
      const plot = pg.locator(`svg[data-plot="sweep"][data-metric="${metric}"]`);
      await expect(plot.count()).resolves.toBe(1);
      await expect(plot.locator('path[data-series="gate"]').getAttribute('data-points')).resolves.toBe(String(SWEEP_THRESHOLDS));
      await expect(plot.locator('path[data-series="oracle"]').count()).resolves.toBe(1);
      await expect(plot.locator('g.point.highlight').getAttribute('data-threshold')).resolves.toBe(String(rec.threshold));
      await expect(plot.locator('g.point.highlight').innerHTML()).resolves.toContain(`threshold ${rec.threshold}`);
      const baselines = await plot.locator('g.baseline').allTextContents();
      expect(baselines).toEqual(metric === 'accepted' ? ['all-small 80%', 'all-strong 95%'] : ['all-small $0.001', 'all-strong $0.005']);
    }
    await expect(pg.locator('svg[data-metric="accepted"] [data-quality-bar="0.9"]').count()).resolves.toBe(1);
    await expect(pg.locator('#sweep').innerText()).resolves.toContain(`Recommended: threshold ${rec.threshold}: ${pct(rec.escalation_rate)} escalated`);
    await expect(pg.locator('table.replay').innerText()).resolves.toContain('[est 25%]');
    await expect(pg.locator('.banner').innerText()).resolves.toContain('SIMULATED');
    await pg.screenshot({ path: join(out, 'replay.png'), fullPage: true });
    expect(p.requests).toEqual([]);
    expect(p.errors).toEqual([]);
  });

  it('copies the provenance and shows hostile text from the log as inert text', async () => {
    const p = await browser.open(page);
    const { page: pg } = p;
    await pg.getByRole('button', { name: 'Copy provenance' }).click();
    await pg.locator('.copy-status', { hasText: 'Copied.' }).waitFor();
    const copied = (await pg.evaluate('navigator.clipboard.readText()')) as string;
    expect(copied).toContain(`sha256 ${replay.inputs.price_sheet.hash}`);
    expect(copied).toContain('Log: logs/traffic.csv');
    const warning = await pg.locator('#data li').last().textContent();
    expect(warning).toBe(HOSTILE_OUTPUT.replace(/\u001b/g, 'ESC'));
    await expect(pg.evaluate('document.scripts.length')).resolves.toBe(1);
    expect(p.dialogs).toEqual([]);
  });

  it('passes the accessibility checks and prints', async () => {
    const { page: pg } = await browser.open(page);
    await expect(headingProblems(pg)).resolves.toMatchObject({ problems: [] });
    await expect(tableProblems(pg)).resolves.toMatchObject({ problems: [] });
    const contrast = await contrastFindings(pg);
    expect(contrast.checked).toBeGreaterThan(40);
    expect(contrast.failing).toEqual([]);
    await pg.emulateMedia({ media: 'print' });
    await expect(pg.getByRole('button', { name: 'Copy provenance' }).isVisible()).resolves.toBe(false);
    const pdf = await pg.pdf({ printBackground: true, preferCSSPageSize: true });
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(readFileSync(page, 'utf8')).not.toMatch(/\b(src|href)="(https?:)?\/\//i);
  });
});
