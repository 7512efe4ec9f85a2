import { attemptCost } from '../../src/core/cost.js';
import type { RunStart } from '../../src/schema/journal.js';
import type { SimLedgerEntry } from '../../src/schema/sim.js';
import { billedUsage } from '../helpers/ledger.js';
import { expectedClass, reconcile, type ParsedJournal } from './harness.js';

export { expectedClass };

/*
 * The journal against the simulator's ledger, the way an accountant checks books against a
 * supplier's invoice: every request billed must be an attempt journalled, with the error class its
 * fault calls for, the same tokens, and the same dollars at the run's recorded prices.
 */

export interface Books {
  attempts: number;
  /** Requests the simulator faulted, by fault kind (a 429 split by the form of its retry-after is not visible here). */
  faults: Record<string, number>;
  /** Journal attempts by error class ("ok" for none). */
  classes: Record<string, number>;
  /** Requests billed by the simulator that no journal attempt accounts for. */
  ledgerOnly: number;
  /** Journal attempts the simulator never saw that are not calls cut by a kill. */
  journalOnly: number;
  /** Calls in flight at a kill: booked on resume; those the simulator answered were paid twice. */
  interrupted: number;
  /** Of those, calls the simulator billed (they were then sent again on resume: paid twice). */
  interruptedPaid: number;
  /** What the interrupted calls the simulator had refused (billing nothing) were booked at: lanebar could not know. */
  interruptedOverUsd: number;
  problems: string[];
  /** Over every attempt that finished: the journal's cost and the ledger's, priced by the same sheet. */
  journalUsd: number;
  ledgerUsd: number;
  /** Tokens (all buckets) on which journal and ledger differ, over attempts that finished. */
  tokenDifference: number;
}

const bump = (m: Record<string, number>, k: string) => (m[k] = (m[k] ?? 0) + 1);

export function checkBooks(j: ParsedJournal, ledger: readonly SimLedgerEntry[], start: RunStart): Books {
  const books: Books = { attempts: j.attempts.length, faults: {}, classes: {}, ledgerOnly: 0, journalOnly: 0, interrupted: 0, interruptedPaid: 0, interruptedOverUsd: 0, problems: [], journalUsd: 0, ledgerUsd: 0, tokenDifference: 0 };
  for (const e of ledger) if (e.fault) bump(books.faults, e.fault);
  for (const a of j.attempts) bump(books.classes, a.error_class ?? 'ok');
  for (const suite of start.suites) {
    for (const c of suite.candidates) {
      const mine = { ...j, attempts: j.attempts.filter((a) => a.suite === suite.name && a.candidate === c.id) };
      const r = reconcile(mine, ledger.filter((e) => e.model === c.served_by), () => c.served_by);
      books.ledgerOnly += r.ledgerOnly.length;
      for (const e of r.ledgerOnly) books.problems.push(`${c.id}: request ${e.request_id} (${e.case_id}, ${e.fault ?? 'no fault'}) billed but not journalled`);
      for (const a of r.journalOnly) {
        if (a.interrupted) books.interrupted += 1;
        else {
          books.journalOnly += 1;
          books.problems.push(`${c.id}: ${a.case_id} attempt ${a.attempt} (${a.error_class ?? 'ok'}, HTTP ${a.http_status}) journalled but never seen by the simulator`);
        }
      }
      for (const { attempt: a, entry: e } of r.pairs) {
        const where = `${c.id}: ${a.case_id} attempt ${a.attempt} (${e.fault ?? 'no fault'}, HTTP ${e.http_status})`;
        if (a.interrupted) {
          books.interrupted += 1;
          if (e.billed.prompt_tokens === 0) {
            // Refused or reset before the kill: nothing was billed, the estimate books its input anyway.
            books.interruptedOverUsd += a.cost_usd;
          } else {
            books.interruptedPaid += 1;
            if (a.usage.uncached_input !== e.billed.prompt_tokens) books.problems.push(`${where}: interrupted, estimated ${a.usage.uncached_input} input tokens, billed ${e.billed.prompt_tokens}`);
          }
          continue;
        }
        const want = expectedClass(e);
        if (a.error_class !== want) books.problems.push(`${where}: error class ${a.error_class}, expected ${want}`);
        const billed = billedUsage(e);
        const diff = (Object.keys(billed) as (keyof typeof billed)[]).reduce((s, k) => s + Math.abs(billed[k] - a.usage[k]), 0);
        if (diff > 0) books.problems.push(`${where}: journal ${JSON.stringify(a.usage)} vs ledger ${JSON.stringify(billed)}`);
        books.tokenDifference += diff;
        books.journalUsd += a.cost_usd;
        books.ledgerUsd += attemptCost(billed, c.price).total_usd;
      }
    }
  }
  return books;
}
