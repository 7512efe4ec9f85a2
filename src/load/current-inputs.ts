import { relative } from 'node:path';
import { candidatesHash, gradersHash } from '../core/bar-fingerprint.js';
import { priceFigures } from '../core/bar-decide.js';
import { priceKey, type CurrentInputs, type CurrentSuite } from '../core/bar-check.js';
import { isLanebarError } from '../core/errors.js';
import type { Bar, PriceFigures } from '../schema/bar.js';
import { candidateId, DEFAULT_MAX_ERROR_RATE } from '../schema/suite.js';
import { hashFile } from './hash-file.js';
import { loadPriceBook } from './prices.js';
import { loadSuite } from './suite.js';

const why = (e: unknown): string => (isLanebarError(e) ? e.format() : e instanceof Error ? e.message : String(e));
const display = (p: string) => relative(process.cwd(), p) || p;

async function currentSuite(file: string): Promise<CurrentSuite> {
  let loaded;
  try {
    loaded = await loadSuite(file);
  } catch (e) {
    return { ok: false, file, error: why(e) };
  }
  const { suite } = loaded;
  const path = display(loaded.datasetPath);
  const dataset = await hashFile(loaded.datasetPath).then(
    (hash) => ({ path, hash }),
    (e: NodeJS.ErrnoException) => ({ path, error: e.code ?? String(e) }),
  );
  const candidates = suite.candidates.map((c) => ({ id: candidateId(c), provider: c.provider, model: c.model, params: c.params, repeats: c.repeats }));
  return {
    ok: true,
    file,
    hash: loaded.hash,
    version: suite.version,
    lane: { ...suite.lane, budget: { ...suite.lane.budget, max_error_rate: suite.lane.budget.max_error_rate ?? DEFAULT_MAX_ERROR_RATE } },
    prompt: { version: suite.prompt.version, hash: loaded.promptHash },
    gradersHash: gradersHash(suite.graders),
    candidatesHash: candidatesHash(candidates),
    candidates,
    dataset,
  };
}

export interface CurrentInputsOptions {
  /** Default: the newest prices/sheet-*.json under the current directory. */
  sheetPath?: string;
  /** Default: prices/overrides.yaml when it exists. */
  overridesPath?: string;
  /** When "today" is: the date prices are resolved at. */
  at: Date;
}

/**
 * Today's suites, datasets and prices for every lane of a bar, read from the files the bar's
 * provenance names (paths relative to the folder lanebar runs in, as journals record them).
 */
export async function currentInputs(bar: Bar, opts: CurrentInputsOptions): Promise<CurrentInputs> {
  const book = loadPriceBook({ root: process.cwd(), sheetPath: opts.sheetPath, overridesPath: opts.overridesPath });
  const suites = new Map<string, CurrentSuite>();
  for (const l of bar.lanes) suites.set(l.suite, await currentSuite(l.provenance.suite.file));
  const prices = new Map<string, PriceFigures | { error: string }>();
  for (const c of bar.lanes.flatMap((l) => l.candidates)) {
    const key = priceKey(c.provider, c.model);
    if (prices.has(key)) continue;
    try {
      prices.set(key, priceFigures(book.resolve(c.provider, c.model, opts.at)));
    } catch (e) {
      prices.set(key, { error: why(e) });
    }
  }
  return { suites, priceSheet: book.sheet, priceOverrides: book.overrides, prices };
}
