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
