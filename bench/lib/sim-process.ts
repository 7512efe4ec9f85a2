import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { ROOT } from './dist.ts';

export interface SimProcess {
  url: string;
  pid: number;
  stop(): Promise<void>;
}

export interface SimProcessOptions {
  suites: string[];
  models: string;
  latencyScale: number;
}

/**
 * Starts bench/sim-server.ts in its own process and waits for its URL. A fresh simulator per
 * measured run: its prefix cache and per-request counters start cold every time, so every run of
 * every contender sees the same replies.
 */
export async function startSimProcess(o: SimProcessOptions): Promise<SimProcess> {
  const args = [new URL('../sim-server.ts', import.meta.url).pathname, '--models', o.models, '--latency-scale', String(o.latencyScale)];
  for (const s of o.suites) args.push('--suite', s);
  // stdin stays a pipe: if the benchmark dies, the pipe closes and the simulator exits with it.
  const child: ChildProcess = spawn(process.execPath, args, { cwd: ROOT, stdio: ['pipe', 'pipe', 'inherit'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = await new Promise<string>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.once('line', (l) => resolve((JSON.parse(l) as { url: string }).url));
    child.once('exit', (code) => reject(new Error(`sim-server exited ${code} before listening`)));
  });
  return {
    url,
    pid: child.pid!,
    stop: async () => {
      child.kill('SIGTERM');
      await exited;
    },
  };
}
