/**
 * Freezes the price data bundled in the installed @pydantic/genai-prices into
 * prices/sheet-YYYY-MM-DD.json, the only prices lanebar reads. The library is never allowed to
 * update itself at run time: a decision must be reproducible from a committed file and its hash.
 *
 *   node scripts/snapshot-prices.ts [--date YYYY-MM-DD] [--out prices] [--force]
 *
 * Node 24 runs this file by stripping its types. It imports nothing from src/ (whose `.js`
 * import paths Node cannot follow from a `.ts` file); test/prices checks its output against
 * the `PriceSheet` schema.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { findProvider, type ModelInfo, type Provider } from '@pydantic/genai-prices';

const PACKAGE = '@pydantic/genai-prices';

/** The providers lanebar calls, then those an OpenAI-compatible user is likely to point at. */
const PROVIDERS = [
  'openai',
  'anthropic',
  'google',
  'groq',
  'mistral',
  'deepseek',
  'together',
  'fireworks',
  'x-ai',
  'cerebras',
  'moonshotai',
  'zai',
  'perplexity',
  'novita',
  'azure',
  'openrouter',
];

function packageVersion(): string {
  const entry = fileURLToPath(import.meta.resolve(PACKAGE));
  const manifest = JSON.parse(readFileSync(join(dirname(entry), '..', 'package.json'), 'utf8')) as { name: string; version: string };
  if (manifest.name !== PACKAGE) throw new Error(`expected ${PACKAGE}'s package.json next to ${entry}`);
  return manifest.version;
}

/** Drops undefined fields so the JSON holds only what the library has. */
const defined = (o: Record<string, unknown>): Record<string, unknown> =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));

// Descriptions and usage extractors are left out: lanebar prices tokens and reads usage itself.
const model = (m: ModelInfo) =>
  defined({
    id: m.id,
    name: m.name,
    match: m.match,
    context_window: m.context_window,
    deprecated: m.deprecated,
    price_comments: m.price_comments,
    prices: m.prices,
  });

const provider = (p: Provider) =>
  defined({
    id: p.id,
    name: p.name,
    api_pattern: p.api_pattern,
    pricing_urls: p.pricing_urls,
    price_comments: p.price_comments,
    model_match: p.model_match,
    provider_match: p.provider_match,
    fallback_model_providers: p.fallback_model_providers,
    models: p.models.map(model),
  });

function collect(): Provider[] {
  const found: Provider[] = [];
  const missing: string[] = [];
  const wanted = [...PROVIDERS];
  for (let i = 0; i < wanted.length; i++) {
    const id = wanted[i]!;
    const p = findProvider({ providerId: id });
    if (!p || p.id !== id) {
      missing.push(id);
      continue;
    }
    found.push(p);
    // Keep the sheet closed under fallbacks: Google's sheet entry serves Anthropic models too.
    for (const f of p.fallback_model_providers ?? []) if (!wanted.includes(f)) wanted.push(f);
  }
  if (missing.length) console.warn(`${PACKAGE} does not know: ${missing.join(', ')} (left out)`);
  return found;
}

function main(): void {
  const { values } = parseArgs({
    options: { date: { type: 'string' }, out: { type: 'string', default: 'prices' }, force: { type: 'boolean', default: false } },
  });
  const date = values.date ?? new Date().toISOString().slice(0, 10);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || !new Date(`${date}T00:00:00Z`).toISOString().startsWith(date)) {
    throw new Error(`--date must be a calendar date written YYYY-MM-DD, got ${date}`);
  }
  const version = packageVersion();
  const providers = collect();
  const sheet = {
    schema: 'lanebar.price-sheet/1',
    comment:
      `Frozen snapshot of the price data bundled in ${PACKAGE} ${version}, taken ${date} by scripts/snapshot-prices.ts. ` +
      'lanebar never updates prices at run time and records this file\'s sha256 with every decision. ' +
      'Do not edit it: put corrections, batch discounts and self-hosted prices in prices/overrides.yaml, ' +
      'or take a new snapshot under a new date.',
    snapshot_date: date,
    source: { package: PACKAGE, version },
    providers: providers.map(provider),
  };
  const text = `${JSON.stringify(sheet, null, 2)}\n`;
  const file = join(values.out, `sheet-${date}.json`);
  // A committed sheet is evidence behind past decisions; changing it silently would change their hashes.
  if (existsSync(file) && readFileSync(file, 'utf8') !== text && !values.force) {
    throw new Error(`${file} exists with different content; take the snapshot under another --date, or pass --force`);
  }
  mkdirSync(values.out, { recursive: true });
  writeFileSync(file, text);
  const models = providers.reduce((n, p) => n + p.models.length, 0);
  console.log(`wrote ${file}: ${providers.length} providers, ${models} models, ${PACKAGE} ${version}`);
}

try {
  main();
} catch (e) {
  console.error(`snapshot-prices: ${(e as Error).message}`);
  process.exitCode = 1;
}
