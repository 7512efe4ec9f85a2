import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

/** Debian's Chromium (`apt-get install chromium`; .ci/run installs it when absent). */
export const CHROMIUM = '/usr/bin/chromium';

export interface OpenedPage {
  page: Page;
  /** Requests the page made to anything but the file it was opened from: a self-contained page makes none. */
  requests: string[];
  /** Console errors and uncaught exceptions (a Content-Security-Policy violation shows here). */
  errors: string[];
  /** Dialogs the page tried to open (alert, confirm, prompt): model output must never open one. */
  dialogs: string[];
}

export interface Browser {
  context: BrowserContext;
  open(file: string): Promise<OpenedPage>;
  close(): Promise<void>;
}

/**
 * Headless Chromium with a fresh profile. The flags keep Chromium from reaching for the network
 * on its own (this machine refuses outside connections; without them Chromium keeps retrying its
 * update and sync endpoints).
 */
export async function launchChromium(viewport = { width: 1280, height: 900 }): Promise<Browser> {
  const profile = await mkdtemp(join(tmpdir(), 'lanebar-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  return {
    context,
    async open(file) {
      const page = await context.newPage();
      const url = `file://${file}`;
      const opened: OpenedPage = { page, requests: [], errors: [], dialogs: [] };
      page.on('request', (r) => {
        if (r.url() !== url) opened.requests.push(r.url());
      });
      page.on('console', (m) => {
        if (m.type() === 'error') opened.errors.push(m.text());
      });
      page.on('pageerror', (e) => opened.errors.push(e.message));
      page.on('dialog', (d) => {
        opened.dialogs.push(`${d.type()}: ${d.message()}`);
        void d.dismiss();
      });
      await page.goto(url);
      return opened;
    },
    async close() {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}
