import { it } from 'vitest';
import { loadPriceBook } from '../../src/load/prices.js';
import { LanebarError } from '../../src/core/errors.js';
import { overridesFile, ROOT, SHEET } from './helpers.js';
it('demo', () => {
  const book = loadPriceBook({ root: ROOT });
  for (const f of [() => book.resolve('openai', 'gpt-4.1-nanoo', new Date()), () => book.resolve('antropic', 'x', new Date()), () => book.resolve('mistral','mistral-ocr-latest', new Date()),
    () => loadPriceBook({ sheetPath: SHEET, overridesPath: overridesFile('- provider: anthropic\n  model: claude-haku-4-5\n  effective: 2026-01-01\n  source: x\n  prices: {batch_discount: 0.5}\n') }),
    () => loadPriceBook({ sheetPath: SHEET, overridesPath: overridesFile('- provider: openai\n  model: gpt-4.1\n  effective: 2026-01-01\n  source: x\n  prices: {batch_discont: 0.5}\n') }),
  ]) {
    try { f(); } catch (e) { console.log((e as LanebarError).format()); }
  }
  console.log(JSON.stringify(book.resolve('openai-compatible','llama-3.1-8b-instruct', new Date()), null, 1));
});
