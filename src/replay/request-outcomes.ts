import { mkdir, rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Db } from './duckdb.js';
import { sqlString } from './sql-text.js';

/*
 * A replay's per-request outcomes, written beside replay.json as requests.parquet: what
 * `lanebar compare` pairs when it tests whether a gate change lowered the accepted rate. One row
 * per request: its lane, id, whether the gate escalated it, its acceptance under the gate (0 or 1
 * from the log; the eval run's pass rate when estimated) and the gate path's cost.
 */

export const REQUESTS_FILE = 'requests.parquet';

export const REQUEST_OUTCOMES_SQL = `SELECT lane, CAST(request_id AS VARCHAR) AS request_id, esc AS escalated,
  CAST(g_acc AS DOUBLE) AS accepted, g_acc_est AS accepted_estimated, g_cost AS cost_usd
FROM lanebar_replayed`;

/** Written under a temporary name and renamed, so an interrupted replay never leaves half a file. */
export async function writeRequestOutcomes(db: Db, file: string): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  try {
    await db.exec(`COPY (${REQUEST_OUTCOMES_SQL}) TO ${sqlString(tmp)} (FORMAT parquet, COMPRESSION zstd)`);
    await rename(tmp, file);
  } catch (e) {
    await rm(tmp, { force: true });
    throw e;
  }
}

/** Per lane: the requests both files hold, paired on their logged (not estimated) acceptance. */
export interface LanePairs {
  lane: string;
  pairs: number;
  both: number;
  onlyFirst: number;
  onlySecond: number;
  neither: number;
  /** Shared requests left out because either side's acceptance was estimated. */
  estimated: number;
}

/**
 * Pairs two replays' requests.parquet on (lane, request id). An estimated acceptance is a pass
 * rate, not an outcome, so a request estimated on either side is counted apart, not paired.
 */
export async function pairRequestOutcomes(db: Db, baselineFile: string, currentFile: string): Promise<LanePairs[]> {
  const observed = 'NOT b.accepted_estimated AND NOT c.accepted_estimated';
  const rows = await db.all(
    `SELECT b.lane,
  count(*) FILTER (WHERE ${observed}) AS pairs,
  count(*) FILTER (WHERE ${observed} AND b.accepted = 1 AND c.accepted = 1) AS both,
  count(*) FILTER (WHERE ${observed} AND b.accepted = 1 AND c.accepted = 0) AS only_first,
  count(*) FILTER (WHERE ${observed} AND b.accepted = 0 AND c.accepted = 1) AS only_second,
  count(*) FILTER (WHERE ${observed} AND b.accepted = 0 AND c.accepted = 0) AS neither,
  count(*) FILTER (WHERE NOT (${observed})) AS estimated
FROM read_parquet(${sqlString(baselineFile)}) b
JOIN read_parquet(${sqlString(currentFile)}) c ON c.lane = b.lane AND c.request_id = b.request_id
GROUP BY b.lane ORDER BY b.lane`,
  );
  return rows.map((r) => ({
    lane: String(r.lane),
    pairs: Number(r.pairs),
    both: Number(r.both),
    onlyFirst: Number(r.only_first),
    onlySecond: Number(r.only_second),
    neither: Number(r.neither),
    estimated: Number(r.estimated),
  }));
}
