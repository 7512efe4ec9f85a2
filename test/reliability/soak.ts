import { appendFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkBooks } from './books.js';
import { FAULT_KINDS, makeFaultWorkspace, type Protocol } from './fault-suite.js';
import { attemptKey, JournalTail, lanebarChild, parseJournal, seeded, simulatorFor, waitFor, type Child } from './harness.js';

/*
 * The soak: `lanebar run` as a child process on a suite whose every protocol is faulted across
 * every class, SIGKILLed at seeded moments and resumed after each, with a torn last line left
 * behind now and then, against one simulator in this process that outlives them all. At the end
 * the journal is checked against the simulator's ledger, case by case and call by call.
 */

export interface SoakOptions {
  cases: number;
  kills: number;
  seed: number;
  protocols: Protocol[];
  faultShare: number;
  /** Leave a torn last line after every n-th kill. */
  tearEvery: number;
}

export interface SoakResult {
  table: string;
  /** Everything that must be zero (or equal) and is not, in words. */
  failures: string[];
}

const RUN = 'soak';

export async function soak(o: SoakOptions): Promise<SoakResult> {
  const t0 = Date.now();
  const ws = await makeFaultWorkspace({ cases: o.cases, protocols: o.protocols, faultShare: o.faultShare, timeoutMs: 1000, concurrency: 32, perProviderConcurrency: 12, seed: o.seed });
  const sim = await simulatorFor([ws.suite], ws.simModels, 0.2);
  try {
    const reports = join(ws.dir, 'reports');
    const journal = join(reports, RUN, 'run.jsonl');
    const common = ['--sim-models', ws.simModels, '--reports', reports, '--sim-url', sim.url];
    const random = seeded(o.seed);
    const tail = new JournalTail(journal);
    const samples = o.cases * o.protocols.length;
    // Spread the kills over the run: on average one per (expected attempts / kills) calls sent.
    const mean = Math.max(2, Math.round((samples * 1.3) / (o.kills + 1)));
    const children: Child[] = [];
    const inFlightAtKills = new Set<string>();
    let kills = 0;
    let torn = 0;
    let finishedEarly = false;

    for (let k = 0; k < o.kills && !finishedEarly; k++) {
      const child = lanebarChild(k === 0 ? ['run', ws.suite, '--run-id', RUN, ...common] : ['run', '--resume', RUN, ...common], ws.dir);
      children.push(child);
      tail.poll();
      const base = tail.count('attempt_started');
      const after = 1 + Math.floor(random() * 2 * mean);
      const reached = await waitFor(tail, child, () => tail.count('attempt_started') >= base + after, 600_000);
      if (!reached) {
        finishedEarly = true;
        await child.exited;
        break;
      }
      child.process.kill('SIGKILL');
      await child.exited;
      kills += 1;
      tail.poll();
      for (const key of tail.open.keys()) inFlightAtKills.add(key);
      if ((k + 1) % o.tearEvery === 0) {
        appendFileSync(journal, '{"type":"case","suite":"faults","candidate":"gpt","case_id":"t1","repeat":0,"status":"gra');
        torn += 1;
      }
    }
    const last = lanebarChild(['run', '--resume', RUN, ...common], ws.dir);
    children.push(last);
    const lastExit = await last.exited;

    const j = parseJournal(journal);
    const start = j.records.find((r) => r.type === 'run_start')!;
    const books = checkBooks(j, sim.ledger(), start);
    const results = new Map<string, number>();
    for (const c of j.cases) results.set(`${c.candidate}/${c.case_id}#${c.repeat}`, (results.get(`${c.candidate}/${c.case_id}#${c.repeat}`) ?? 0) + 1);
    const lost = samples - results.size;
    const doubled = [...results.values()].filter((n) => n > 1).length;
    const interrupted = new Set(j.attempts.filter((a) => a.interrupted).map(attemptKey));
    const uncaught = children.filter((c) => /internal error|\n\s+at /.test(c.stderr())).length + (lastExit.code === 0 ? 0 : 1);
    const usdDiff = Math.abs(books.journalUsd - books.ledgerUsd);
    const minutes = ((Date.now() - t0) / 60_000).toFixed(1);

    const failures: string[] = [];
    if (lost !== 0) failures.push(`${lost} case(s) lost`);
    if (doubled !== 0) failures.push(`${doubled} case(s) with two results`);
    if (books.ledgerOnly !== 0 || books.journalOnly !== 0) failures.push(`${books.ledgerOnly} call(s) billed and not journalled, ${books.journalOnly} journalled and never seen`);
    if (interrupted.size !== inFlightAtKills.size || [...inFlightAtKills].some((k) => !interrupted.has(k))) {
      failures.push(`${inFlightAtKills.size} call(s) in flight at kills, ${interrupted.size} booked as interrupted`);
    }
    if (books.tokenDifference !== 0 || usdDiff >= 1e-9) failures.push(`journal and ledger differ: ${books.tokenDifference} tokens, $${usdDiff}`);
    if (uncaught !== 0) failures.push(`${uncaught} process(es) ended in an uncaught error`);
    if (j.badLines.length !== torn) failures.push(`${j.badLines.length} unreadable journal line(s), ${torn} torn on purpose`);
    failures.push(...books.problems.slice(0, 20));

    const n = (x: number) => x.toLocaleString('en-US');
    const faults = FAULT_KINDS.map((kind) => `${kind.replaceAll('_', ' ')} ${n(books.faults[kind] ?? 0)}`).join(', ');
    const rows: [string, string, string][] = [
      ['cases × candidates (OpenAI, Anthropic, Gemini protocols)', `${n(o.cases)} × ${o.protocols.length} = ${n(samples)} samples`, ''],
      ['attempts journalled', n(books.attempts), ''],
      ['faults by class (simulator ledger)', `${n(Object.values(books.faults).reduce((a, b) => a + b, 0))}: ${faults}`, `≈ ${Math.round(o.faultShare * 100)}% of requests`],
      ['errors by class (journal)', Object.entries(books.classes).filter(([c]) => c !== 'ok').map(([c, v]) => `${c} ${n(v)}`).join(', '), ''],
      ['kills (SIGKILL, seeded moments), each resumed', n(kills), `${o.kills}${finishedEarly ? ' (the run finished first)' : ''}`],
      ['torn last lines left, reported and skipped', `${n(torn)}; unreadable lines in the journal: ${n(j.badLines.length)}`, 'equal'],
      ['calls in flight at the kills', n(inFlightAtKills.size), `= interrupted attempts booked: ${n(interrupted.size)}`],
      ['attempts paid twice (billed, lost to a kill, sent again)', n(books.interruptedPaid), `≤ calls in flight at kills`],
      ['calls in flight at kills that never reached the simulator, or that it refused', `${n(books.interrupted - books.interruptedPaid)}, booked at $${books.interruptedOverUsd.toFixed(6)} for those refused`, 'booked by estimate'],
      ['cases lost / cases with two results', `${n(lost)} / ${n(doubled)}`, '0 / 0'],
      ['calls billed but not journalled / journalled, never seen (beyond kills)', `${n(books.ledgerOnly)} / ${n(books.journalOnly)}`, '0 / 0'],
      ['journal − ledger over finished attempts: tokens / USD', `${n(books.tokenDifference)} / $${usdDiff.toExponential(1)} (of $${books.ledgerUsd.toFixed(4)})`, '0 / < 1e-9'],
      ['uncaught errors (stack traces, internal errors, bad exits)', n(uncaught), '0'],
      ['wall time', `${minutes} min`, ''],
    ];
    const table = ['| measure | value | must be |', '| --- | --- | --- |', ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');
    return { table, failures };
  } finally {
    await sim.close();
  }
}

/** For a failed soak, the journal is where to look. */
export const journalOf = (dir: string): string => readFileSync(join(dir, 'reports', RUN, 'run.jsonl'), 'utf8');
