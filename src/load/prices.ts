import { existsSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { LineCounter, parseDocument } from 'yaml';
import { LanebarError } from '../core/errors.js';
import { sha256 } from '../core/hash.js';
import { findSheetModel, nearestNames, pickPrices, type SheetHit } from '../core/price-match.js';
import {
  ModelPrice,
  OPENAI_COMPATIBLE,
  PriceField,
  PriceOverrides,
  type OverrideEntry,
  type PriceConstraint,
  type PriceValue,
  type SheetProvider,
} from '../schema/prices.js';
import { readBytes, readSheet, SNAPSHOT_HINT, type SheetFile } from './price-sheet.js';
import { fieldPath, parseYaml } from './yaml.js';

export interface PriceBook {
  /** The frozen sheet every price comes from; its hash goes into every decision. */
  sheet: { path: string; date: string; hash: string };
  /** The library and version the sheet was snapshotted from. */
  source: { package: string; version: string };
  overrides: { path: string; hash: string } | null;
  /** The price in force at `at`; throws a LanebarError for a model no file prices (never a zero). */
  resolve(provider: string, model: string, at: Date): ModelPrice;
}

export interface LoadPriceBookOptions {
  /** The directory holding `prices/`; default: the current directory. */
  root?: string;
  /** Default: the newest `prices/sheet-YYYY-MM-DD.json` under root, by the date in its name. */
  sheetPath?: string;
  /** Default: `prices/overrides.yaml` under root when it exists; null for none. */
  overridesPath?: string | null;
}

/** Paths recorded in journals are relative to where lanebar runs, so reports move between machines. */
const displayPath = (p: string): string => relative(process.cwd(), p) || p;

const SHEET_NAME = /^sheet-(\d{4}-\d{2}-\d{2})\.json$/;
const ADD_HINT = 'add input_mtok, output_mtok and a source for it in prices/overrides.yaml; lanebar never prices an unknown model at zero';

/** The newest price sheet under `root/prices`, by the date in its file name. */
export function newestSheet(root: string): string {
  const dir = join(root, 'prices');
  const names = existsSync(dir) ? readdirSync(dir).filter((n) => SHEET_NAME.test(n)) : [];
  const newest = names.sort().at(-1); // YYYY-MM-DD sorts as dates do
  if (!newest) throw new LanebarError('no price sheet (sheet-YYYY-MM-DD.json) found', { file: dir }, SNAPSHOT_HINT);
  return join(dir, newest);
}

/** An overrides entry with what resolution needs: where it is, when it starts, what it overrides. */
interface Override extends OverrideEntry {
  line: number | undefined;
  from: Date;
  /** `provider/model_id` of the sheet model the entry's model matches, if any. */
  sheetKey: string | null;
}

/** Line and column of an entry's field, for errors and for the `sources` of a price. */
function locator(text: string): (index: number, key?: string) => { line?: number; column?: number } {
  const counter = new LineCounter();
  const doc = parseDocument(text, { lineCounter: counter });
  return (index, key) => {
    const node = doc.getIn(key ? [index, key] : [index], true) as { range?: [number, number, number] } | undefined;
    const offset = node?.range?.[0];
    if (offset === undefined) return {};
    const { line, col } = counter.linePos(offset);
    return { line, column: col };
  };
}

/** True when the entries price input and output, directly or through a GPU-hour price. */
function complete(entries: readonly OverrideEntry[]): boolean {
  const has = (f: PriceField) => entries.some((e) => e.prices[f] !== undefined);
  const gpu = has('gpu_hour_usd') && has('throughput_tokens_per_s');
  return (has('input_mtok') || gpu) && (has('output_mtok') || gpu);
}

const describe = (c: PriceConstraint | undefined): string =>
  !c ? '' : c.type === 'start_date' ? `, price from ${c.start_date}` : `, time-of-day price ${c.start_time}-${c.end_time}`;

interface Slot {
  value: PriceValue;
  kind: 'sheet' | 'override' | 'derived' | 'default';
  source: string;
}

const TOKEN_FIELDS = ['input_mtok', 'cache_read_mtok', 'cache_write_5m_mtok', 'cache_write_1h_mtok', 'output_mtok'] as const;

/**
 * Lookups over the sheet, shared by override checking and resolution. Each touches only the
 * providers it needs (a provider and those it falls back to), so only those are checked.
 */
function indexSheet(sheet: SheetFile) {
  /** A provider and the providers whose models it also serves: all that findSheetModel looks in. */
  const withFallbacks = (p: SheetProvider): SheetProvider[] => [p, ...(p.fallback_model_providers ?? []).flatMap((id) => sheet.provider(id) ?? [])];
  const hit = (provider: string, model: string): SheetHit | undefined => {
    if (provider !== OPENAI_COMPATIBLE) {
      const p = sheet.provider(provider);
      return p && findSheetModel(p, model, withFallbacks(p));
    }
    // An OpenAI-compatible endpoint may serve any provider's model: the first sheet entry that matches.
    for (const p of sheet.providers()) {
      const found = findSheetModel(p, model, withFallbacks(p));
      if (found) return found;
    }
    return undefined;
  };
  return {
    ids: sheet.ids,
    known: (provider: string) => sheet.ids.includes(provider),
    hit,
    keyOf: (h: SheetHit | undefined) => (h ? `${h.provider.id}/${h.model.id}` : null),
    /** Model ids a provider can bill (its own and its fallbacks'; every provider's for openai-compatible). */
    modelsOf: (provider: string): string[] => {
      const p = sheet.provider(provider);
      const pool = p ? withFallbacks(p) : [...sheet.providers()];
      return pool.flatMap((x) => x.models.map((m) => m.id));
    },
  };
}

type SheetIndex = ReturnType<typeof indexSheet>;

/** Parses and checks the overrides file against the sheet; every error names its line and field. */
function readOverrides(file: string, index: SheetIndex, sheetPath: string): { entries: Override[]; hash: string } {
  const bytes = readBytes(file, 'price overrides');
  const text = bytes.toString('utf8');
  const entries = parseYaml(text, file, PriceOverrides);
  const at = locator(text);
  const groupOf = (e: OverrideEntry) => entries.filter((x) => x.provider === e.provider && x.model.toLowerCase() === e.model.toLowerCase());
  const seen = new Set<string>();
  const located = entries.map((e, i): Override => {
    const group = groupOf(e);
    // A model an OpenAI-compatible entry prices fully is its own: no sheet provider is looked in.
    const ownedHere = e.provider === OPENAI_COMPATIBLE && complete(group);
    const hit = ownedHere ? undefined : index.hit(e.provider, e.model);
    const id = `${e.provider}\u0000${e.model.toLowerCase()}\u0000${e.effective}`;
    if (seen.has(id)) {
      throw new LanebarError(
        `a second entry for ${e.provider}/${e.model} effective ${e.effective}`,
        { file, ...at(i, 'effective'), field: fieldPath([i, 'effective']) },
        'merge the two entries, or give the later figures a later effective date',
      );
    }
    seen.add(id);
    // An incomplete entry for a model the sheet lacks can never price anything: almost surely a typo.
    if (!hit && !complete(group)) {
      const badProvider = !index.known(e.provider) && e.provider !== OPENAI_COMPATIBLE;
      const field = badProvider ? 'provider' : 'model';
      throw new LanebarError(
        badProvider
          ? `unknown provider "${e.provider}" (not in the price sheet ${sheetPath})`
          : `${e.provider}/${e.model} is not in the price sheet ${sheetPath}, and its overrides give no input_mtok and output_mtok`,
        { file, ...at(i, field), field: fieldPath([i, field]) },
        badProvider
          ? `known providers: ${[...index.ids, OPENAI_COMPATIBLE].join(', ')}`
          : `nearest in the sheet: ${nearestNames(e.model, index.modelsOf(e.provider)).join(', ')}; or price it fully here (input_mtok and output_mtok, or gpu_hour_usd and throughput_tokens_per_s)`,
      );
    }
    return { ...e, line: at(i).line, from: new Date(`${e.effective}T00:00:00Z`), sheetKey: ownedHere ? null : index.keyOf(hit) };
  });
  return { entries: located, hash: sha256(bytes) };
}

export function loadPriceBook(options: LoadPriceBookOptions = {}): PriceBook {
  const root = options.root ?? '.';
  const sheetPath = options.sheetPath ?? newestSheet(root);
  const sheet = readSheet(sheetPath);
  const defaultOverrides = join(root, 'prices', 'overrides.yaml');
  const overridesPath = options.overridesPath === undefined ? (existsSync(defaultOverrides) ? defaultOverrides : null) : options.overridesPath;
  const index = indexSheet(sheet);
  const read = overridesPath === null ? null : readOverrides(overridesPath, index, sheetPath);
  const overrides = read?.entries ?? [];
  const overridesInfo: PriceBook['overrides'] = overridesPath !== null && read ? { path: displayPath(overridesPath), hash: read.hash } : null;

  const noPrice = (provider: string, model: string, why: string, candidates: string[], later: Override[]): LanebarError => {
    const first = later.map((o) => o.effective).sort()[0];
    const when = first ? ` (${overridesPath} prices it only from ${first})` : '';
    const near = candidates.length ? `nearest known: ${nearestNames(model, candidates).join(', ')}; ` : '';
    return new LanebarError(`no price for ${provider}/${model}: ${why}${when}`, { file: sheetPath }, near + ADD_HINT);
  };

  function resolve(provider: string, model: string, at: Date): ModelPrice {
    if (!(at instanceof Date) || Number.isNaN(at.getTime())) {
      throw new LanebarError(`invalid date for the price of ${provider}/${model}`, { file: sheetPath });
    }
    const name = model.trim();
    const lower = name.toLowerCase();
    const mine = overrides.filter((o) => o.provider === provider);
    if (!index.known(provider) && provider !== OPENAI_COMPATIBLE && mine.length === 0) {
      throw new LanebarError(
        `unknown provider "${provider}" for model ${name}: not in the price sheet ${sheetPath}${overridesPath ? ` nor in ${overridesPath}` : ''}`,
        { file: sheetPath },
        `known providers: ${nearestNames(provider, [...index.ids, OPENAI_COMPATIBLE], 5).join(', ')}`,
      );
    }
    const byName = mine.filter((o) => o.model.toLowerCase() === lower);
    // Overrides first for OpenAI-compatible endpoints: a model they fully price is self-hosted or
    // contracted, and a namesake's price on some other provider's API would be wrong for it.
    const ownedByOverrides = provider === OPENAI_COMPATIBLE && complete(byName);
    const hit = ownedByOverrides ? undefined : index.hit(provider, name);
    const key = index.keyOf(hit);
    const relevant = mine.filter((o) => o.model.toLowerCase() === lower || (key !== null && o.sheetKey === key));
    const applied = relevant.filter((o) => o.from <= at).sort((a, b) => a.from.getTime() - b.from.getTime());
    // Only an error names them, and for openai-compatible they are every provider's models.
    const candidates = () => [...index.modelsOf(provider), ...mine.map((o) => o.model)];

    const slots: Partial<Record<PriceField, Slot>> = {};
    const put = (field: PriceField, value: PriceValue | undefined, kind: Slot['kind'], source: string) => {
      if (value !== undefined) slots[field] = { value, kind, source };
    };
    if (hit) {
      const { prices, constraint } = pickPrices(hit.model, at);
      const where = `sheet ${sheetPath}: ${hit.provider.id}/${hit.model.id}${describe(constraint)}`;
      put('input_mtok', prices.input_mtok, 'sheet', where);
      put('cache_read_mtok', prices.cache_read_mtok, 'sheet', where);
      put('cache_write_5m_mtok', prices.cache_write_mtok, 'sheet', `${where} (cache_write_mtok)`);
      put('cache_write_5m_mtok', prices.cache_write_5m_mtok, 'sheet', `${where} (cache_write_5m_mtok)`);
      put('cache_write_1h_mtok', prices.cache_write_1h_mtok, 'sheet', where);
      put('output_mtok', prices.output_mtok, 'sheet', where);
    }
    for (const o of applied) {
      const where = `overrides ${overridesPath}${o.line ? `:${o.line}` : ''} (effective ${o.effective}): ${o.source}`;
      for (const field of PriceField.options) put(field, o.prices[field], 'override', where);
    }
    const gpu = slots.gpu_hour_usd;
    const throughput = slots.throughput_tokens_per_s;
    if (gpu && throughput) {
      const mtok = ((gpu.value as number) / 3600 / (throughput.value as number)) * 1e6;
      const source = `derived: ${gpu.value as number} USD per GPU-hour / 3600 s / ${throughput.value as number} tokens/s = ${mtok} USD per million tokens (${gpu.source})`;
      // Token prices set in overrides win, so that prefill can be priced below decode.
      for (const field of ['input_mtok', 'output_mtok'] as const) if (slots[field]?.kind !== 'override') put(field, mtok, 'derived', source);
    }

    const input = slots.input_mtok;
    const output = slots.output_mtok;
    if (!input || !output) {
      const missing = [!input && 'input_mtok', !output && 'output_mtok'].filter(Boolean).join(' and ');
      const why = hit
        ? `the sheet's ${hit.provider.id}/${hit.model.id} has no ${missing} (it is not priced per token)`
        : `not in the price sheet of ${sheet.snapshot_date}${overridesPath ? ` nor priced in ${overridesPath}` : ''}`;
      throw noPrice(provider, name, why, hit ? [] : candidates(), relevant.filter((o) => o.from > at));
    }

    const defaulted: PriceField[] = [];
    const fallback = (field: PriceField, from: Slot, source: string) => {
      if (slots[field]) return;
      put(field, from.value, 'default', source);
      defaulted.push(field);
    };
    fallback('cache_read_mtok', input, 'default: no cache-read price known, cache reads billed at the input price');
    fallback(
      'cache_write_5m_mtok',
      input,
      'default: no cache-write price known, cache writes billed at the input price (OpenAI and Gemini implicit caching charge no write premium)',
    );
    fallback('cache_write_1h_mtok', slots.cache_write_5m_mtok!, 'default: no 1-hour cache-write price known, billed at the 5-minute cache-write price');

    const number = (field: PriceField) => (slots[field]?.value as number | undefined) ?? null;
    const token = (field: (typeof TOKEN_FIELDS)[number]) => slots[field]!.value;
    return ModelPrice.parse({
      provider,
      model: name,
      matched: hit ? { provider: hit.provider.id, model_id: hit.model.id } : null,
      ...Object.fromEntries(TOKEN_FIELDS.map((f) => [f, token(f)])),
      batch_discount: number('batch_discount'),
      gpu_hour_usd: number('gpu_hour_usd'),
      throughput_tokens_per_s: number('throughput_tokens_per_s'),
      cache_storage_mtok_hour: number('cache_storage_mtok_hour'),
      defaulted,
      sources: Object.fromEntries(PriceField.options.map((f) => [f, slots[f]?.source ?? 'not set'])),
      provenance: { sheet_hash: sheet.hash, overrides_hash: overridesInfo?.hash ?? null, at: at.toISOString() },
    });
  }

  return {
    sheet: { path: displayPath(sheetPath), date: sheet.snapshot_date, hash: sheet.hash },
    source: sheet.source,
    overrides: overridesInfo,
    resolve,
  };
}
