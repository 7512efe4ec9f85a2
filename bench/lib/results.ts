import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { arch, cpus, freemem, loadavg, platform, release, totalmem } from 'node:os';
import { join } from 'node:path';
import { ROOT } from './dist.ts';
import { median, min } from './stats.ts';

/**
 * The shape of every bench/results/<name>-<date>.json: which machine, which versions, when, every
 * raw run, min and median per contender, the ratios and each target's verdict. Ratios are taken
 * between contenders measured in the same run, so they survive a noisy or slower machine.
 */
export const RESULT_SCHEMA = 'lanebar.bench/1';

export interface Machine {
  cpus: number;
  cpu_model: string;
  memory_bytes: number;
  free_memory_bytes: number;
  os: string;
  arch: string;
  /** 1, 5 and 15 minute load averages when the result was written: a busy machine shows here. */
  load_average: number[];
}

export interface Target {
  name: string;
  /** What was measured, in `unit`. */
  value: number | null;
  limit: number;
  /** `max`: value must be at most limit; `min`: at least. */
  kind: 'max' | 'min';
  unit: string;
  pass: boolean;
  note?: string;
}

export interface BenchResult {
  schema: typeof RESULT_SCHEMA;
  name: string;
  date: string;
  command: string;
  machine: Machine;
  versions: Record<string, string | null>;
  settings: Record<string, unknown>;
  contenders: Record<string, unknown>[];
  ratios: Record<string, number | null>;
  /** Benchmark-specific figures beyond the ratios. */
  [extra: string]: unknown;
  targets: Target[];
  notes: string[];
}

export function machine(): Machine {
  const c = cpus();
  return {
    cpus: c.length,
    cpu_model: c[0]?.model ?? 'unknown',
    memory_bytes: totalmem(),
    free_memory_bytes: freemem(),
    os: `${platform()} ${release()}`,
    arch: arch(),
    load_average: loadavg().map((l) => Number(l.toFixed(2))),
  };
}

const packageVersion = (dir: string): string | null => {
  try {
    return (JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return null;
  }
};

export function versions(extra: Record<string, string | null> = {}): Record<string, string | null> {
  return {
    node: process.version,
    lanebar: packageVersion(ROOT),
    openai: packageVersion(join(ROOT, 'node_modules', 'openai')),
    ...extra,
  };
}

export function target(name: string, value: number | null, limit: number, kind: 'max' | 'min', unit: string, note?: string): Target {
  const pass = value !== null && (kind === 'max' ? value <= limit : value >= limit);
  return { name, value, limit, kind, unit, pass, ...(note ? { note } : {}) };
}

/** min and median of each numeric field over a contender's runs. */
export function summarizeRuns<T extends object>(runs: readonly T[]): { min: T; median: T } {
  const keys = Object.keys(runs[0] ?? {}) as (keyof T)[];
  const pick = (f: (v: number[]) => number) => Object.fromEntries(keys.map((k) => [k, f(runs.map((r) => r[k] as number))])) as T;
  return { min: pick(min), median: pick(median) };
}

export function writeResult(r: BenchResult): string {
  const dir = join(ROOT, 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${r.name}-${r.date.slice(0, 10)}.json`);
  writeFileSync(file, JSON.stringify(r, null, 2) + '\n');
  return file;
}

/** A plain text table: first column left-aligned, the rest right-aligned. */
export function table(header: string[], rows: (string | number)[][]): string {
  const cells = [header, ...rows.map((r) => r.map(String))];
  const widths = header.map((_h, i) => Math.max(...cells.map((r) => (r[i] ?? '').length)));
  return cells
    .map((r) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  '))
    .join('\n');
}

export const verdictLines = (targets: readonly Target[]): string[] =>
  targets.map((t) => `${t.pass ? 'MET ' : 'MISS'}  ${t.name}: ${t.value === null ? 'n/a' : round(t.value)} ${t.unit} (target ${t.kind === 'max' ? '≤' : '≥'} ${t.limit})${t.note ? ` — ${t.note}` : ''}`);

export const round = (v: number, digits = 3): number => Number(v.toPrecision(digits));
