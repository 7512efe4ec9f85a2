import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseYaml } from '../../src/load/yaml.js';
import { openDb, type Db } from '../../src/replay/duckdb.js';
import { Mapping } from '../../src/schema/replay.js';

export async function tempDir(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'lanebar-replay-'));
}

export async function writeText(dir: string, name: string, text: string): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, text);
  return path;
}

export const mappingFrom = (yaml: string): Mapping => parseYaml(yaml, 'test-mapping.yaml', Mapping);

/** An in-memory DuckDB for one test, closed by the caller. */
export const testDb = (): Promise<Db> => openDb({ memoryLimit: '64MB', threads: 1 });

/** Writes rows (objects) as a Parquet file through DuckDB itself. */
export async function writeParquet(db: Db, path: string, selectSql: string): Promise<string> {
  await db.exec(`COPY (${selectSql}) TO '${path.replaceAll("'", "''")}' (FORMAT parquet)`);
  return path;
}

import type { PriceBook } from '../../src/load/prices.js';
import { PriceField, type ModelPrice } from '../../src/schema/prices.js';
import { LanebarError } from '../../src/core/errors.js';

/** A price book for hand-worked tests: USD per million tokens, flat, cache writes at the input price. */
export function fakeBook(prices: Record<string, { input: number; read: number; output: number }>): PriceBook {
  return {
    sheet: { path: 'prices/test.json', date: '2026-10-01', hash: 'test' },
    source: { package: 'test', version: '0' },
    overrides: null,
    resolve(provider: string, model: string, at: Date): ModelPrice {
      const p = prices[model];
      if (!p) throw new LanebarError(`no price for ${provider}/${model}`);
      return {
        provider,
        model,
        matched: null,
        input_mtok: p.input,
        cache_read_mtok: p.read,
        cache_write_5m_mtok: p.input,
        cache_write_1h_mtok: p.input,
        output_mtok: p.output,
        batch_discount: null,
        gpu_hour_usd: null,
        throughput_tokens_per_s: null,
        cache_storage_mtok_hour: null,
        defaulted: [],
        sources: Object.fromEntries(PriceField.options.map((f) => [f, 'test'])) as ModelPrice['sources'],
        provenance: { sheet_hash: 'test', overrides_hash: null, at: at.toISOString() },
      };
    },
  };
}

/** CSV text from a header and rows; undefined and null cells are left empty. */
export function csv(header: string[], rows: (string | number | boolean | null | undefined)[][]): string {
  return [header.join(','), ...rows.map((r) => r.map((c) => (c === null || c === undefined ? '' : String(c))).join(','))].join('\n') + '\n';
}
