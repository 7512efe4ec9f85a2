/**
 * `npm run bench`: the harness benchmarks of issue #12, one after the other, each printing its
 * table and writing bench/results/<name>-<date>.json. Name some to run only those:
 *
 *   npm run bench                      overhead, latency, scale
 *   npm run bench -- overhead scale    just these
 *   npm run bench -- overhead --runs 5 flags after the names go to each benchmark
 *
 * Everything runs offline against the simulator; promptfoo is installed on first use into
 * bench/.contenders/ (git-ignored) from the npm registry, at the pinned version.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { ROOT } from './lib/dist.ts';

const ALL = ['overhead', 'latency', 'scale'];
const args = process.argv.slice(2);
const names = args.filter((a) => ALL.includes(a));
const flags = args.filter((a) => !ALL.includes(a));
let failed = 0;
for (const name of names.length ? names : ALL) {
  console.log(`\n=== ${name} ===`);
  const r = spawnSync(process.execPath, [join(ROOT, 'bench', `${name}.ts`), ...flags], { cwd: ROOT, stdio: 'inherit' });
  if (r.status !== 0) {
    console.error(`${name} failed (exit ${r.status ?? r.signal})`);
    failed += 1;
  }
}
// A missed target is a finding, printed and recorded; only a benchmark that could not run fails.
process.exitCode = failed ? 1 : 0;
