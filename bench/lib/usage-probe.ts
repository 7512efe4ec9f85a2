/**
 * Preloaded with `node --import` when GNU time is missing: writes this process's own CPU time and
 * peak RSS to $LANEBAR_BENCH_USAGE_FILE as it exits. process.resourceUsage() gives microseconds
 * of user and system CPU and maxRSS in kilobytes (getrusage RUSAGE_SELF).
 */
import { writeFileSync } from 'node:fs';

const file = process.env.LANEBAR_BENCH_USAGE_FILE;
if (file) {
  process.on('exit', () => {
    const u = process.resourceUsage();
    writeFileSync(file, JSON.stringify({ user_ms: u.userCPUTime / 1000, sys_ms: u.systemCPUTime / 1000, peak_rss_bytes: u.maxRSS * 1024 }));
  });
}
