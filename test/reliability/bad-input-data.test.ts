import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LanebarError } from '../../src/core/errors.js';
import { checkDataset } from '../../src/load/dataset.js';
import { loadPriceBook } from '../../src/load/prices.js';
import { summarizeJournal } from '../../src/report/write-run-reports.js';
import { AT, bundled, fuzz, head, smallSheet, workspace } from './mutate.js';

/*
 * Datasets and prices, mutated a thousand ways each from their bundled versions (mutate.ts): each
 * input ends in success or in a LanebarError naming the file and a line or field.
 */

describe('bad input: datasets and prices, 1,000 mutations each', { timeout: 120_000 }, () => {
  it('dataset CSV', async () => {
    const file = join(workspace(), 'datasets', 'ticket-triage.csv');
    const t = await fuzz(head(bundled('datasets/ticket-triage.csv'), 40), 1302, file, () =>
      checkDataset({ path: file, format: 'csv', display: file }, { idColumn: 'id', required: ['subject', 'body', 'label'] }),
    );
    expect(t.ok).toBeGreaterThan(0);
  });

  it('dataset JSONL', async () => {
    const file = join(workspace(), 'datasets', 'support-reply.jsonl');
    const t = await fuzz(head(bundled('datasets/support-reply.jsonl'), 30), 1303, file, () =>
      checkDataset({ path: file, format: 'jsonl', display: file }, { idColumn: 'id', required: ['plan', 'customer_message', 'category', 'priority'] }),
    );
    expect(t.ok).toBeGreaterThan(0);
  });

  it('price sheet', async () => {
    const file = join(workspace(), 'prices', 'sheet-2026-11-23.json');
    const t = await fuzz(smallSheet(), 1304, file, () => {
      const book = loadPriceBook({ sheetPath: file, overridesPath: null });
      // Each provider is checked when first priced; an OpenAI-compatible model the sheet lacks is looked for in every one.
      for (const [provider, model] of [['openai', 'gpt-4.1-mini'], ['openai-compatible', 'no-such-model']] as const) {
        try {
          book.resolve(provider, model, AT);
        } catch (e) {
          // An unknown model is an error of its own (no sheet line to name): only the sheet's own problems are under test.
          if (!(e instanceof LanebarError) || e.location.line !== undefined || e.location.field !== undefined) throw e;
        }
      }
    });
    expect(t.ok).toBeGreaterThan(0);
  });

  it('price overrides', async () => {
    const dir = workspace();
    const sheet = join(dir, 'prices', 'sheet-2026-11-23.json');
    writeFileSync(sheet, smallSheet());
    const file = join(dir, 'prices', 'overrides.yaml');
    const t = await fuzz(bundled('prices/overrides.yaml'), 1305, file, () => {
      const book = loadPriceBook({ sheetPath: sheet, overridesPath: file });
      for (const [provider, model] of [['openai', 'gpt-4.1-mini'], ['anthropic', 'claude-sonnet-4-5'], ['openai-compatible', 'llama-3.1-8b-instruct']] as const) {
        try {
          book.resolve(provider, model, AT);
        } catch (e) {
          // A model left without a price is refused by name, pointing at the overrides file.
          if (!(e instanceof Error) || e.name !== 'LanebarError') throw e;
        }
      }
    });
    expect(t.ok).toBeGreaterThan(0);
  });

  it('run journal (what bar, compare and report read): a bad line is skipped with a warning, never a result', async () => {
    const dir = workspace();
    const file = join(dir, 'run.jsonl');
    const t = await fuzz(head(bundled('reports/baseline/run.jsonl'), 40), 1310, file, () => summarizeJournal(dir));
    expect(t.ok).toBeGreaterThan(0);
  });
});
