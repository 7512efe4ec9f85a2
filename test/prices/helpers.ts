import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import type { Usage } from '../../src/schema/attempt.js';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const SHEET = join(ROOT, 'prices', 'sheet-2026-11-23.json');

/** Asserts a dollar amount to 1e-9 USD. */
export const usd = (actual: number, expected: number): void => expect(Math.abs(actual - expected)).toBeLessThan(1e-9);

export const usage = (u: Partial<Usage>): Usage => ({
  uncached_input: 0,
  cache_read: 0,
  cache_write_5m: 0,
  cache_write_1h: 0,
  output: 0,
  reasoning: 0,
  ...u,
});

/** Writes an overrides file in a fresh temporary directory and returns its path. */
export function overridesFile(text: string): string {
  const file = join(mkdtempSync(join(tmpdir(), 'lanebar-prices-')), 'overrides.yaml');
  writeFileSync(file, text);
  return file;
}

export const day = (iso: string): Date => new Date(`${iso}T00:00:00Z`);
