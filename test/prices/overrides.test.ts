import { describe, expect, it } from 'vitest';
import { attemptCost } from '../../src/core/cost.js';
import { LanebarError } from '../../src/core/errors.js';
import { loadPriceBook } from '../../src/load/prices.js';
import { day, overridesFile, SHEET, usage, usd } from './helpers.js';

const bookWith = (yaml: string) => {
  const file = overridesFile(yaml);
  return { file, book: loadPriceBook({ sheetPath: SHEET, overridesPath: file }) };
};

/** The LanebarError a load throws, so its location can be checked. */
function loadError(yaml: string): { file: string; error: LanebarError } {
  const file = overridesFile(yaml);
  try {
    loadPriceBook({ sheetPath: SHEET, overridesPath: file });
  } catch (e) {
    if (e instanceof LanebarError) return { file, error: e };
    throw e;
  }
  throw new Error('expected the overrides to be rejected');
}

describe('overrides', () => {
  const { file, book } = bookWith(`
- provider: openai
  model: gpt-4.1-mini
  effective: 2026-01-01
  source: contract A
  prices: { input_mtok: 0.3 }
- provider: openai
  model: gpt-4.1-mini-2025-04-14   # an alias of the same sheet model
  effective: 2026-06-01
  source: contract B
  prices:
    output_mtok: 1.0
    batch_discount: 0.5
`);

  it('leave the sheet alone before their effective date', () => {
    const p = book.resolve('openai', 'gpt-4.1-mini', new Date('2025-12-31T23:59:59Z'));
    expect([p.input_mtok, p.cache_read_mtok, p.output_mtok, p.batch_discount]).toEqual([0.4, 0.1, 1.6, null]);
  });

  it('win field by field from their effective date', () => {
    const jan = book.resolve('openai', 'gpt-4.1-mini', day('2026-01-01'));
    expect([jan.input_mtok, jan.cache_read_mtok, jan.output_mtok, jan.batch_discount]).toEqual([0.3, 0.1, 1.6, null]);
    expect(jan.sources.input_mtok).toBe(`overrides ${file}:2 (effective 2026-01-01): contract A`);
    expect(jan.sources.output_mtok).toMatch(/^sheet /);

    const jun = book.resolve('openai', 'gpt-4.1-mini', day('2026-06-01'));
    expect([jun.input_mtok, jun.cache_read_mtok, jun.output_mtok, jun.batch_discount]).toEqual([0.3, 0.1, 1.0, 0.5]);
    expect(jun.sources.output_mtok).toBe(`overrides ${file}:7 (effective 2026-06-01): contract B`);
    // 10,000 x $0.30/M + 2,000 x $1.00/M = $0.005; batch half: $0.0025
    usd(attemptCost(usage({ uncached_input: 10_000, output: 2_000 }), jun).total_usd, 0.005);
    usd(attemptCost(usage({ uncached_input: 10_000, output: 2_000 }), jun, { batch: true }).total_usd, 0.0025);
  });

  it('let a later entry win over an earlier one for the same field', () => {
    const { book: b } = bookWith(`
- { provider: anthropic, model: claude-haiku-4-5, effective: 2026-01-01, source: old deal, prices: { input_mtok: 0.9 } }
- { provider: anthropic, model: claude-haiku-4-5, effective: 2026-03-01, source: new deal, prices: { input_mtok: 0.8 } }
`);
    expect(b.resolve('anthropic', 'claude-haiku-4-5', day('2026-02-01')).input_mtok).toBe(0.9);
    expect(b.resolve('anthropic', 'claude-haiku-4-5', day('2026-03-01')).input_mtok).toBe(0.8);
    expect(b.resolve('anthropic', 'claude-haiku-4-5', day('2026-03-01')).cache_read_mtok).toBe(0.1);
  });

  it('price a model the sheet lacks, and only from its effective date', () => {
    const { book: b } = bookWith(`
- provider: openai
  model: gpt-internal-ft
  effective: 2026-05-01
  source: fine-tune invoice 2026-05
  prices: { input_mtok: 1.5, output_mtok: 6 }
`);
    const p = b.resolve('openai', 'gpt-internal-ft', day('2026-05-01'));
    expect(p.matched).toBeNull();
    expect(p.defaulted).toEqual(['cache_read_mtok', 'cache_write_5m_mtok', 'cache_write_1h_mtok']);
    expect(() => b.resolve('openai', 'gpt-internal-ft', day('2026-04-30'))).toThrow(/prices it only from 2026-05-01/);
  });

  it('let explicit token prices win over a GPU-hour derivation', () => {
    const { book: b } = bookWith(`
- provider: openai-compatible
  model: qwen-local
  effective: 2026-01-01
  source: example
  prices: { gpu_hour_usd: 3.6, throughput_tokens_per_s: 1000, input_mtok: 0.2 }
`);
    const p = b.resolve('openai-compatible', 'qwen-local', day('2026-02-01'));
    // 3.6 / 3600 / 1000 = 1e-6 USD per token = $1 per million.
    expect(p.output_mtok).toBeCloseTo(1, 12);
    expect(p.input_mtok).toBe(0.2);
    expect(p.cache_read_mtok).toBe(0.2);
  });
});

describe('malformed overrides', () => {
  it('name the file, line and field of a bad value', () => {
    const { file, error } = loadError(`- provider: openai
  model: gpt-4.1
  effective: 2026-01-01
  source: x
  prices:
    input_mtok: cheap
`);
    expect(error.location).toMatchObject({ file, line: 6, field: '0.prices.input_mtok' });
  });

  it('name an unknown field', () => {
    const { file, error } = loadError(`- provider: openai
  model: gpt-4.1
  effective: 2026-01-01
  source: x
  prices:
    batch_discont: 0.5
`);
    expect(error.message).toContain('batch_discont');
    expect(error.location).toMatchObject({ file, line: 6, field: '0.prices' });
  });

  it('require a source', () => {
    const { error } = loadError(`- { provider: openai, model: gpt-4.1, effective: 2026-01-01, source: "  ", prices: { input_mtok: 1 } }\n`);
    expect(error.location).toMatchObject({ line: 1, field: '0.source' });
  });

  it('reject a date that is not a calendar day', () => {
    const { error } = loadError(`- { provider: openai, model: gpt-4.1, effective: 2026-02-30, source: x, prices: { input_mtok: 1 } }\n`);
    expect(error.location.field).toBe('0.effective');
  });

  it('reject half of a GPU-hour price', () => {
    const { error } = loadError(`- { provider: openai-compatible, model: m, effective: 2026-01-01, source: x, prices: { gpu_hour_usd: 2 } }\n`);
    expect(error.location.field).toBe('0.prices.throughput_tokens_per_s');
  });

  it('report a YAML syntax error with its line', () => {
    const { file, error } = loadError(`- provider: openai\n  model: [gpt-4.1\n`);
    expect(error.location.file).toBe(file);
    expect(error.location.line).toBeGreaterThan(0);
    expect(error.message).toMatch(/YAML syntax/);
  });

  it('catch a provider typo instead of silently never applying it', () => {
    const { file, error } = loadError(`
- provider: antropic
  model: claude-haiku-4-5
  effective: 2026-01-01
  source: x
  prices: { batch_discount: 0.5 }
`);
    expect(error.location).toMatchObject({ file, line: 2, field: '0.provider' });
    expect(error.hint).toContain('anthropic');
  });

  it('catch a model typo, with the nearest names', () => {
    const { error } = loadError(`
- provider: anthropic
  model: claude-haku-4-5
  effective: 2026-01-01
  source: x
  prices: { batch_discount: 0.5 }
`);
    expect(error.location).toMatchObject({ line: 3, field: '0.model' });
    expect(error.hint).toContain('claude-haiku-4-5');
  });

  it('reject two entries for the same model and day', () => {
    const { error } = loadError(`
- { provider: openai, model: gpt-4.1, effective: 2026-01-01, source: x, prices: { input_mtok: 1 } }
- { provider: openai, model: GPT-4.1, effective: 2026-01-01, source: y, prices: { output_mtok: 1 } }
`);
    expect(error.location).toMatchObject({ line: 3, field: '1.effective' });
  });

  it('accept an empty file as no overrides', () => {
    const { book } = bookWith('# nothing yet\n');
    expect(book.resolve('openai', 'gpt-4.1', day('2026-01-01')).batch_discount).toBeNull();
  });
});
