import type { CaseRecord } from '../schema/journal.js';
import type { PairTable } from './mcnemar.js';

const key = (a: string, b: string) => `${a}\u0000${b}`;

/**
 * Each candidate's pass or fail per sample, read from the journal's case records, so that two
 * candidates of one suite can be compared on the very samples both finished. The first result of
 * a sample counts, as in the summary.
 */
export class PassPairs {
  private readonly results = new Map<string, Map<string, boolean>>();

  add(c: Pick<CaseRecord, 'suite' | 'candidate' | 'case_id' | 'repeat' | 'pass'>): void {
    const id = key(c.suite, c.candidate);
    let m = this.results.get(id);
    if (!m) this.results.set(id, (m = new Map()));
    const sample = key(c.case_id, String(c.repeat));
    if (!m.has(sample)) m.set(sample, c.pass);
  }

  table(suite: string, first: string, second: string): PairTable {
    const a = this.results.get(key(suite, first)) ?? new Map<string, boolean>();
    const b = this.results.get(key(suite, second)) ?? new Map<string, boolean>();
    const t: PairTable = { pairs: 0, both: 0, onlyFirst: 0, onlySecond: 0, neither: 0 };
    for (const [sample, passA] of a) {
      const passB = b.get(sample);
      if (passB === undefined) continue;
      t.pairs += 1;
      if (passA && passB) t.both += 1;
      else if (passA) t.onlyFirst += 1;
      else if (passB) t.onlySecond += 1;
      else t.neither += 1;
    }
    return t;
  }
}
