import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance, JSDuckDBValueConverter, type DuckDBConnection, type DuckDBValue } from '@duckdb/node-api';
import { LanebarError } from '../core/errors.js';

/** With one thread, this keeps a replay of ten million rows, Node included, near 300 MB. */
export const DEFAULT_MEMORY_LIMIT = '48MB';

/** A row as lanebar reads it: BIGINTs come back as numbers, timestamps as Dates. */
export type Row = Record<string, string | number | boolean | Date | null | unknown>;

export interface DbOptions {
  /** DuckDB's buffer pool; past it, sorts and joins spill to a temporary folder. Default 48MB. */
  memoryLimit?: string;
  /**
   * Default 1: each thread of DuckDB's aggregation holds its own hash tables, and one thread
   * keeps the pivot's buckets inside a 48 MB pool. Raise both together on a larger machine.
   */
  threads?: number;
}

export interface Db {
  /** Runs statements that return nothing useful (views, settings). */
  exec(sql: string, params?: readonly unknown[]): Promise<void>;
  all(sql: string, params?: readonly unknown[]): Promise<Row[]>;
  /** Streams a large result chunk by chunk (2,048 rows), so it is never held whole. */
  each(sql: string, params: readonly unknown[], onRows: (rows: Row[]) => void): Promise<void>;
  close(): Promise<void>;
}

const plain = (v: unknown): unknown => (typeof v === 'bigint' ? Number(v) : v);

function objects(names: string[], rows: unknown[][]): Row[] {
  return rows.map((r) => Object.fromEntries(names.map((n, i) => [n, plain(r[i])])));
}

/** DuckDB's messages name the problem well; the first line is the useful one. */
function wrap(e: unknown, what: string): never {
  if (e instanceof LanebarError) throw e;
  const message = e instanceof Error ? e.message.split('\n')[0]! : String(e);
  throw new LanebarError(`${what}: ${message}`);
}

/**
 * A throwaway DuckDB database in a folder of its own (removed on close), with a bounded buffer
 * pool: a replay of ten million rows aggregates out of core, and its one-row-per-request table
 * lives in the database file, compressed, instead of in memory (an in-memory database cannot
 * evict a table it is still writing). Timestamps are read and bucketed into days in UTC.
 */
export async function openDb(options: DbOptions = {}): Promise<Db> {
  const spill = await mkdtemp(join(tmpdir(), 'lanebar-duckdb-'));
  let instance: DuckDBInstance;
  let conn: DuckDBConnection;
  try {
    instance = await DuckDBInstance.create(':memory:', {
      memory_limit: options.memoryLimit ?? DEFAULT_MEMORY_LIMIT,
      threads: String(options.threads ?? 1),
      temp_directory: spill,
      preserve_insertion_order: 'false',
      // jemalloc keeps freed memory for reuse up to this much: return it, so the bound holds for the process.
      allocator_flush_threshold: '8MB',
    });
    conn = await instance.connect();
    // ICU (built in) must be loaded before TimeZone can be set, so this cannot go in the config.
    await conn.run("SET TimeZone = 'UTC'");
    // Tables live in a database file with small row groups: a wide table's row group is buffered
    // whole before it is compressed, per thread, and the default (122,880 rows) would not fit.
    await conn.run(`ATTACH '${join(spill, 'replay.duckdb').replaceAll("'", "''")}' AS lanebar (ROW_GROUP_SIZE 16384)`);
    await conn.run('USE lanebar');
  } catch (e) {
    await rm(spill, { recursive: true, force: true });
    wrap(e, 'cannot start DuckDB');
  }
  const values = (params: readonly unknown[] | undefined) => (params?.length ? (params as DuckDBValue[]) : undefined);
  return {
    async exec(sql, params) {
      try {
        await conn.run(sql, values(params));
      } catch (e) {
        wrap(e, 'DuckDB');
      }
    },
    async all(sql, params) {
      try {
        const reader = await conn.runAndReadAll(sql, values(params));
        return objects(reader.columnNames(), reader.getRowsJS() as unknown[][]);
      } catch (e) {
        wrap(e, 'DuckDB');
      }
    },
    async each(sql, params, onRows) {
      try {
        const result = await conn.stream(sql, values(params));
        const names = result.columnNames();
        for (;;) {
          const chunk = await result.fetchChunk();
          if (!chunk || chunk.rowCount === 0) break;
          onRows(objects(names, chunk.convertRows(JSDuckDBValueConverter) as unknown[][]));
        }
      } catch (e) {
        wrap(e, 'DuckDB');
      }
    },
    async close() {
      conn.closeSync();
      instance.closeSync();
      await rm(spill, { recursive: true, force: true });
    },
  };
}
