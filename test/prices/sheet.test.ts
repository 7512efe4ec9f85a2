import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { LanebarError } from '../../src/core/errors.js';
import { sha256 } from '../../src/core/hash.js';
import { loadPriceBook } from '../../src/load/prices.js';
import { day, overridesFile, SHEET, sheetWithBadModel } from './helpers.js';

const NOW = day('2026-11-23');

/** The LanebarError `run` throws; fails the test when it throws nothing or something else. */
function errorOf(run: () => unknown): LanebarError {
  try {
    run();
  } catch (e) {
    if (e instanceof LanebarError) return e;
    throw e;
  }
  throw new Error('expected a LanebarError');
}

describe('the price sheet, each provider checked when first priced', () => {
  it('reports a malformed entry of a provider being priced with the file and the path inside the JSON', () => {
    const { file, field } = sheetWithBadModel('openai', 'gpt-4.1-mini');
    const book = loadPriceBook({ sheetPath: file, overridesPath: null });
    for (const model of ['gpt-4.1-mini', 'gpt-4o']) {
      // The whole provider is checked, not only the model asked for.
      const e = errorOf(() => book.resolve('openai', model, NOW));
      expect(e.location).toEqual({ file, field });
      expect(e.message).toMatch(/^not a lanebar price sheet: .* \(provider "openai"\)$/);
      expect(e.format()).toContain(`${file} (${field}): not a lanebar price sheet`);
    }
  });

  it('never parses a provider no price comes from, and hashes the whole file all the same', () => {
    const { file, field } = sheetWithBadModel('groq', 'llama-3.1-8b-instant');
    const book = loadPriceBook({ sheetPath: file, overridesPath: null });
    expect(book.sheet.hash).toBe(sha256(readFileSync(file)));
    expect(book.resolve('openai', 'gpt-4.1-mini', NOW).input_mtok).toBe(0.4);
    expect(book.resolve('anthropic', 'claude-haiku-4-5', NOW).output_mtok).toBe(5);
    // The same entry is an error once a price comes from its provider, directly or by searching every provider.
    expect(errorOf(() => book.resolve('groq', 'gemma2-9b-it', NOW)).location).toEqual({ file, field });
    expect(errorOf(() => book.resolve('openai-compatible', 'llama-3.1-8b-instant', NOW)).location).toEqual({ file, field });
  });

  it('checks the providers a priced provider falls back to', () => {
    // Google's sheet entry serves Anthropic's models too.
    const { file, field } = sheetWithBadModel('anthropic', 'claude-haiku-4-5');
    const book = loadPriceBook({ sheetPath: file, overridesPath: null });
    expect(errorOf(() => book.resolve('google', 'gemini-2.5-flash', NOW)).location).toEqual({ file, field });
  });

  it('checks at load the providers the overrides name', () => {
    const { file, field } = sheetWithBadModel('anthropic', 'claude-haiku-4-5');
    const overrides = overridesFile(`
- provider: anthropic
  model: claude-sonnet-4-5
  effective: 2026-01-01
  source: contract B
  prices: { batch_discount: 0.5 }
`);
    expect(errorOf(() => loadPriceBook({ sheetPath: file, overridesPath: overrides })).location).toEqual({ file, field });
  });

  it('still refuses at load a provider without an id, naming it', () => {
    const sheet = JSON.parse(readFileSync(SHEET, 'utf8')) as { providers: { id?: string }[] };
    delete sheet.providers[3]!.id;
    const { file } = sheetWithBadModel('openai', 'gpt-4.1-mini');
    writeFileSync(file, JSON.stringify(sheet));
    expect(errorOf(() => loadPriceBook({ sheetPath: file, overridesPath: null })).location).toEqual({ file, field: 'providers.3.id' });
  });
});
