import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const SHEET = join(ROOT, 'prices', 'sheet-2026-11-23.json');

/** Asserts a dollar amount to 1e-9 USD. */
export const usd = (actual: number, expected: number): void => expect(Math.abs(actual - expected)).toBeLessThan(1e-9);

export { usage } from '../helpers/fixtures.js';

/** Writes an overrides file in a fresh temporary directory and returns its path. */
export function overridesFile(text: string): string {
  const file = join(mkdtempSync(join(tmpdir(), 'lanebar-prices-')), 'overrides.yaml');
  writeFileSync(file, text);
  return file;
}

export const day = (iso: string): Date => new Date(`${iso}T00:00:00Z`);

/**
 * A copy of the committed sheet, in a fresh temporary directory, in which one model of one
 * provider has a negative context window; returns its path and the field an error must name.
 */
export function sheetWithBadModel(provider: string, model: string): { file: string; field: string } {
  const sheet = JSON.parse(readFileSync(SHEET, 'utf8')) as { providers: { id: string; models: { id: string; context_window?: number }[] }[] };
  const p = sheet.providers.findIndex((x) => x.id === provider);
  const m = sheet.providers[p]!.models.findIndex((x) => x.id === model);
  if (m < 0) throw new Error(`no ${provider}/${model} in ${SHEET}`);
  sheet.providers[p]!.models[m]!.context_window = -1;
  const file = join(mkdtempSync(join(tmpdir(), 'lanebar-prices-')), 'sheet-2026-11-23.json');
  writeFileSync(file, JSON.stringify(sheet, null, 2) + '\n');
  return { file, field: `providers.${p}.models.${m}.context_window` };
}
