import { spawn } from 'node:child_process';
import { existsSync, openSync, closeSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

/** One run of one contender, measured from outside it. */
export interface RunMeasure {
  wall_ms: number;
  /** user + sys of the contender's process and every child it waited for. */
  cpu_ms: number;
  user_ms: number;
  sys_ms: number;
  /** Largest resident set of the process (or of its largest child), bytes. */
  peak_rss_bytes: number;
}

/**
 * How CPU and memory are read. GNU time reports the rusage that wait4() returns for the child:
 * user and sys of the process and its reaped descendants, and the largest max RSS among them
 * (10 ms clock resolution, ample for runs of seconds). Without it (macOS, minimal images), a
 * module preloaded into the node process reports process.resourceUsage() at exit: the same
 * figures for that one process only, which is all our contenders are.
 */
export const MEASURED_BY = existsSync('/usr/bin/time') ? 'gnu-time' : 'resource-usage-probe';

const PROBE = new URL('./usage-probe.ts', import.meta.url).pathname;

export interface Command {
  /** Flags for node itself (e.g. --cpu-prof), before the script. */
  nodeArgs?: string[];
  script: string;
  args: string[];
  cwd: string;
  env?: Record<string, string>;
  /** stdout and stderr go to <logs>.out and <logs>.err. */
  logs: string;
  /** Killed after this long (default 30 min): a benchmark never hangs. */
  timeoutMs?: number;
}

export interface Finished extends RunMeasure {
  stdout: string;
  stderr: string;
}

/** Runs `node [nodeArgs] script args` to completion and measures it; a non-zero exit is an error. */
export async function measure(cmd: Command): Promise<Finished> {
  const usageFile = `${cmd.logs}.usage`;
  rmSync(usageFile, { force: true });
  const nodeArgv = [...(cmd.nodeArgs ?? []), cmd.script, ...cmd.args];
  const [file, argv] =
    MEASURED_BY === 'gnu-time'
      ? ['/usr/bin/time', ['-f', '%U %S %M', '-o', usageFile, process.execPath, ...nodeArgv]]
      : [process.execPath, ['--import', PROBE, ...nodeArgv]];
  const out = openSync(`${cmd.logs}.out`, 'w');
  const err = openSync(`${cmd.logs}.err`, 'w');
  const t0 = performance.now();
  const code = await new Promise<number | null>((resolve, reject) => {
    const child = spawn(file, argv, {
      cwd: cmd.cwd,
      env: { ...process.env, ...cmd.env, LANEBAR_BENCH_USAGE_FILE: usageFile },
      stdio: ['ignore', out, err],
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), cmd.timeoutMs ?? 30 * 60_000);
    child.once('error', reject);
    child.once('exit', (c) => {
      clearTimeout(timer);
      resolve(c);
    });
  });
  const wall = performance.now() - t0;
  closeSync(out);
  closeSync(err);
  const stdout = readFileSync(`${cmd.logs}.out`, 'utf8');
  const stderr = readFileSync(`${cmd.logs}.err`, 'utf8');
  if (code !== 0) throw new Error(`${cmd.script} exited ${code}:\n${stderr.slice(-2000)}`);
  return { ...readUsage(usageFile), wall_ms: wall, stdout, stderr };
}

function readUsage(file: string): Omit<RunMeasure, 'wall_ms'> {
  const text = readFileSync(file, 'utf8').trim();
  if (MEASURED_BY === 'gnu-time') {
    // GNU time may prefix a "Command exited with non-zero status" line; the figures are last.
    const [u, s, kb] = text.split('\n').at(-1)!.trim().split(/\s+/).map(Number) as [number, number, number];
    return { user_ms: u * 1000, sys_ms: s * 1000, cpu_ms: (u + s) * 1000, peak_rss_bytes: kb * 1024 };
  }
  const r = JSON.parse(text) as { user_ms: number; sys_ms: number; peak_rss_bytes: number };
  return { ...r, cpu_ms: r.user_ms + r.sys_ms };
}

export const logsIn = (dir: string, name: string): string => join(dir, name);
