import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { soak } from './soak.js';

/*
 * `npm run soak` (never part of `npm test`): 10,000 cases on all three protocols, 20% of requests
 * faulted across every class, 100 SIGKILLs. Prints one table (and writes it to reports/soak-latest.md
 * from the working folder); fails when a case is lost, a call is off the books, the journal and the
 * ledger differ, or any process ends in an uncaught error. SOAK_CASES, SOAK_KILLS and SOAK_SEED
 * change the size and the moments.
 */

const env = (name: string, fallback: number) => Number(process.env[name] ?? fallback);

it('soak: faults, kills and resumes at scale keep the books straight', { timeout: 3 * 60 * 60 * 1000 }, async () => {
  const cases = env('SOAK_CASES', 10_000);
  const kills = env('SOAK_KILLS', 100);
  const seed = env('SOAK_SEED', 13);
  const { table, failures } = await soak({ cases, kills, seed, protocols: ['openai', 'anthropic', 'google'], faultShare: 0.2, tearEvery: 10 });
  const text = `lanebar soak, ${new Date().toISOString().slice(0, 10)}, seed ${seed}\n\n${table}\n`;
  writeFileSync(join(process.cwd(), 'reports', 'soak-latest.md'), text);
  process.stdout.write(`\n${text}\n`);
  expect(failures).toEqual([]);
});
