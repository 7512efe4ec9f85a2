import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync, fstatSync, openSync, readFileSync, readSync } from 'node:fs';
import { join } from 'node:path';
import { newestSheet } from '../../src/load/prices.js';
import { readDataset } from '../../src/load/dataset.js';
import { loadSuite } from '../../src/load/suite.js';
import { loadSimModels, startSimulator, type Simulator } from '../../src/providers/sim/index.js';
import type { ErrorClass } from '../../src/schema/attempt.js';
import type { SimLedgerEntry, SimModelsFile } from '../../src/schema/sim.js';
import { JournalRecord, type AttemptRecord, type AttemptStarted, type CaseRecord } from '../../src/schema/journal.js';

export const ROOT = join(import.meta.dirname, '..', '..');
export const CLI = join(ROOT, 'dist', 'cli', 'main.js');
export const PRICES = ['--prices', newestSheet(ROOT), '--overrides', join(ROOT, 'prices', 'overrides.yaml')];

export { seeded } from '../helpers/random.js';

/**
 * The simulator in the test's own process, serving the suites' cases: it outlives every lanebar
 * child process, so its ledger holds every request any of them sent, killed or not.
 */
export async function simulatorFor(suiteFiles: readonly string[], models: string | SimModelsFile, latencyScale: number): Promise<Simulator> {
  const tasks = [];
  for (const file of suiteFiles) {
    const loaded = await loadSuite(file);
    const rows = [];
    for await (const { row } of readDataset({ path: loaded.datasetPath, format: loaded.datasetFormat })) rows.push(row);
    tasks.push({ lane: loaded.suite.lane.id, tailTemplate: loaded.suite.prompt.template, idColumn: loaded.suite.dataset.id_column, rows });
  }
  return startSimulator({ models: typeof models === 'string' ? await loadSimModels(models) : models, tasks, latencyScale });
}

export interface Child {
  process: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** `lanebar <args>` from the built binary, its output collected. */
export function lanebarChild(args: readonly string[], cwd: string, env: NodeJS.ProcessEnv = {}): Child {
  const child = spawn(process.execPath, [CLI, ...args, ...PRICES], {
    cwd,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, OPENAI_API_KEY: '', ANTHROPIC_API_KEY: '', GEMINI_API_KEY: '', GOOGLE_API_KEY: '', ...env },
  });
  let out = '';
  let err = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString('utf8')));
  child.stderr!.on('data', (d: Buffer) => (err += d.toString('utf8')));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('close', (code, signal) => resolve({ code, signal })));
  return { process: child, stdout: () => out, stderr: () => err, exited };
}

/**
 * Reads a journal as it grows, without reading it again from the start: counts records by type and
 * keeps the calls started and not yet finished (in flight, or left so by a kill).
 */
export class JournalTail {
  readonly #path: string;
  #pos = 0;
  #partial = '';
  readonly #counts = new Map<string, number>();
  /** attemptKey -> the start of a call with no attempt record yet. */
  readonly open = new Map<string, AttemptStarted>();

  constructor(path: string) {
    this.#path = path;
  }

  poll(): void {
    if (!existsSync(this.#path)) return;
    const fd = openSync(this.#path, 'r');
    try {
      const size = fstatSync(fd).size;
      if (size <= this.#pos) return;
      const buf = Buffer.alloc(size - this.#pos);
      readSync(fd, buf, 0, buf.length, this.#pos);
      this.#pos = size;
      const parts = (this.#partial + buf.toString('utf8')).split('\n');
      this.#partial = parts.pop()!;
      for (const line of parts) this.#take(line);
    } finally {
      closeSync(fd);
    }
  }

  #take(line: string): void {
    let r: { type?: string } & Partial<AttemptStarted>;
    try {
      r = JSON.parse(line) as typeof r;
    } catch {
      return; // a torn line: the reader's business
    }
    if (typeof r.type !== 'string') return;
    this.#counts.set(r.type, (this.#counts.get(r.type) ?? 0) + 1);
    if (r.type === 'attempt_started') this.open.set(attemptKey(r as AttemptStarted), r as AttemptStarted);
    else if (r.type === 'attempt') this.open.delete(attemptKey(r as AttemptStarted));
  }

  count(type: string): number {
    return this.#counts.get(type) ?? 0;
  }
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Waits until `ready` holds, polling the journal; false when the child exited or time ran out first. */
export async function waitFor(tail: JournalTail, child: Child, ready: () => boolean, ms = 30_000): Promise<boolean> {
  let gone = false;
  void child.exited.then(() => (gone = true));
  const until = Date.now() + ms;
  for (;;) {
    tail.poll();
    if (ready()) return true;
    if (gone || Date.now() > until) return false;
    await sleep(2);
  }
}

export interface ParsedJournal {
  starts: AttemptStarted[];
  attempts: AttemptRecord[];
  cases: CaseRecord[];
  records: JournalRecord[];
  /** 1-based numbers of the lines that are not a journal record. */
  badLines: number[];
}

export function parseJournal(path: string): ParsedJournal {
  const out: ParsedJournal = { starts: [], attempts: [], cases: [], records: [], badLines: [] };
  readFileSync(path, 'utf8')
    .split('\n')
    .forEach((line, i) => {
      if (line.trim() === '') return;
      let record: JournalRecord;
      try {
        record = JournalRecord.parse(JSON.parse(line));
      } catch {
        out.badLines.push(i + 1);
        return;
      }
      out.records.push(record);
      if (record.type === 'attempt_started') out.starts.push(record);
      else if (record.type === 'attempt') out.attempts.push(record);
      else if (record.type === 'case') out.cases.push(record);
    });
  return out;
}

export const attemptKey = (r: { suite: string; candidate: string; case_id: string; repeat: number; attempt: number }): string =>
  `${r.suite}/${r.candidate}/${r.case_id}#${r.repeat}@${r.attempt}`;

/** Starts with no attempt record: the calls in flight when the writer died. */
export function openStarts(j: ParsedJournal): AttemptStarted[] {
  const finished = new Set(j.attempts.map(attemptKey));
  return j.starts.filter((s) => !finished.has(attemptKey(s)));
}

export interface Reconciled {
  /** Each journal attempt with the ledger entry of the same request. */
  pairs: { attempt: AttemptRecord; entry: SimLedgerEntry }[];
  /** Requests the simulator answered (and billed) that no journal attempt accounts for. */
  ledgerOnly: SimLedgerEntry[];
  /** Journal attempts the simulator never saw (an interrupted call that had not reached it yet). */
  journalOnly: AttemptRecord[];
}

/** The error class the provider seam must report for what the simulator did. */
export function expectedClass(e: SimLedgerEntry): ErrorClass | null {
  // The simulator saw the client hang up: a timeout, scripted (a slow first byte) or not (a slow machine).
  if (e.outcome === 'client_closed') return 'timeout';
  switch (e.fault) {
    case 'rate_limited':
      return 'rate_limited';
    case 'server_error':
      return e.http_status === 503 ? 'overloaded' : 'server_error';
    case 'overloaded':
      return 'overloaded';
    case 'reset':
      return 'connection';
    case 'slow_first_byte':
      return 'timeout';
    case 'stream_cut':
    case 'malformed_event':
      return 'stream_cut';
    case 'content_filtered':
      return 'content_filtered';
    case 'no_usage':
    case null:
      return null;
  }
}

/** The ids a response carries for a ledger entry: the x-request-id header, or (Gemini) the responseId the simulator derives from it. */
const idsOf = (e: SimLedgerEntry): string[] => [e.request_id, Buffer.from(e.request_id.slice(4, 22), 'hex').toString('base64url')];

/**
 * Pairs journal attempts with the simulator's ledger entries: by request id where the attempt saw
 * one; then, per simulated model and case, in order of time, each finished attempt with the first
 * entry left of the same HTTP status whose fault explains its class (a reset and a timeout before
 * any header both have no status); then the calls cut by a kill with what is left.
 */
export function reconcile(j: ParsedJournal, ledger: readonly SimLedgerEntry[], servedBy: (a: AttemptRecord) => string): Reconciled {
  const byId = new Map(ledger.flatMap((e) => idsOf(e).map((id) => [id, e] as const)));
  const used = new Set<number>();
  const pairs: Reconciled['pairs'] = [];
  const rest: AttemptRecord[] = [];
  for (const a of [...j.attempts].sort((x, y) => x.attempt - y.attempt)) {
    const e = a.request_id ? byId.get(a.request_id) : undefined;
    if (e && !used.has(e.seq) && !a.interrupted) {
      used.add(e.seq);
      pairs.push({ attempt: a, entry: e });
    } else rest.push(a);
  }
  const queue = new Map<string, SimLedgerEntry[]>();
  for (const e of ledger) {
    if (used.has(e.seq)) continue;
    const k = `${e.model}\u0000${e.case_id}`;
    queue.set(k, [...(queue.get(k) ?? []), e]);
  }
  const journalOnly: AttemptRecord[] = [];
  const take = (a: AttemptRecord, fits: (e: SimLedgerEntry) => boolean) => {
    const q = queue.get(`${servedBy(a)}\u0000${a.case_id}`) ?? [];
    const i = q.findIndex(fits);
    if (i < 0) return journalOnly.push(a);
    pairs.push({ attempt: a, entry: q.splice(i, 1)[0]! });
  };
  // What the simulator did must explain the attempt's class; failing that, its status (a wrong class then shows as one).
  for (const a of rest.filter((x) => !x.interrupted)) {
    const q = queue.get(`${servedBy(a)}\u0000${a.case_id}`) ?? [];
    const explains = q.some((e) => e.http_status === a.http_status && expectedClass(e) === a.error_class);
    take(a, (e) => e.http_status === a.http_status && (!explains || expectedClass(e) === a.error_class));
  }
  for (const a of rest.filter((x) => x.interrupted)) take(a, () => true);
  return { pairs, ledgerOnly: [...queue.values()].flat(), journalOnly };
}
