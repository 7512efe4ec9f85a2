import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { parse } from 'csv-parse/sync';
import pMap from 'p-map';
import { messagesFor, type RequestSpec } from './workload.ts';
import { nearestRank } from './stats.ts';

/** What a floor contender learned about one call, measured the way lanebar measures it. */
export interface FloorCall {
  output: string;
  ttftMs: number | null;
  completionMs: number;
}

export type Messages = ReturnType<typeof messagesFor>;

/**
 * The loop every floor shares: read the workload, send every case at the given concurrency with
 * p-map, compare the answer to the expected label, print one JSON line of totals and latency
 * percentiles. Only `call` differs between floors. No journal, no pricing, no summary: a floor.
 */
export async function runFloor(call: (url: string, spec: RequestSpec, messages: Messages) => Promise<FloorCall>): Promise<void> {
  const { values } = parseArgs({ options: { workload: { type: 'string' }, url: { type: 'string' }, concurrency: { type: 'string', default: '16' } } });
  const dir = values.workload!;
  const spec = JSON.parse(readFileSync(join(dir, 'request.json'), 'utf8')) as RequestSpec;
  const rows = parse(readFileSync(join(dir, 'cases.csv')), { columns: true }) as Record<string, string>[];
  let passed = 0;
  let errors = 0;
  const ttft: number[] = [];
  const completion: number[] = [];
  await pMap(
    rows,
    async (row) => {
      try {
        const r = await call(values.url!, spec, messagesFor(spec, row));
        if (r.output.trim().toLowerCase() === (row[spec.expected] ?? '').toLowerCase()) passed++;
        if (r.ttftMs !== null) ttft.push(r.ttftMs);
        completion.push(r.completionMs);
      } catch {
        errors++;
      }
    },
    { concurrency: Number(values.concurrency) },
  );
  process.stdout.write(
    JSON.stringify({
      cases: rows.length,
      passed,
      errors,
      ttft_ms: { p50: nearestRank(ttft, 0.5), p95: nearestRank(ttft, 0.95) },
      completion_ms: { p50: nearestRank(completion, 0.5), p95: nearestRank(completion, 0.95) },
    }) + '\n',
  );
}
