import type { Usage } from '../schema/attempt.js';
import { ZERO_USAGE } from '../schema/attempt.js';
import type { AttemptRecord, CaseRecord, JournalRecord, RunStart } from '../schema/journal.js';
import { sampleKey } from '../schema/journal.js';
import type { Summary, SummaryRow } from '../schema/summary.js';
import { SUMMARY_SCHEMA } from '../schema/summary.js';
import { rawCost } from './cost.js';
import { ExactSum } from './exact-sum.js';
import { interruptedAttempt, OpenAttempts } from './interrupted.js';
import { percentiles, wilson } from './stats.js';

export const PERCENTILE_METHOD =
  'nearest-rank over successful attempts (rank ceil(p*n)); first token = first streamed content, completion = end of stream';

interface Bucket {
  row: Pick<SummaryRow, 'suite' | 'lane' | 'candidate' | 'provider' | 'model' | 'served_by' | 'simulated' | 'samples'>;
  price: RunStart['suites'][number]['candidates'][number]['price'];
  completed: number;
  passed: number;
  errored: number;
  attempts: number;
  failedAttempts: number;
  retries: number;
  ttft: number[];
  completion: number[];
  tokens: Usage;
  /** Exact sums, so the same attempts give the same figures in any journal order. */
  rawUsd: ExactSum;
  totalUsd: ExactSum;
  failedUsd: ExactSum;
}

const bucketKey = (suite: string, candidate: string) => `${suite}\u0000${candidate}`;

function addUsage(into: Usage, u: Usage): void {
  into.uncached_input += u.uncached_input;
  into.cache_read += u.cache_read;
  into.cache_write_5m += u.cache_write_5m;
  into.cache_write_1h += u.cache_write_1h;
  into.output += u.output;
  into.reasoning += u.reasoning;
}

/**
 * Folds a run journal into its summary one record at a time, so that a 100k-case journal is
 * summarised without holding its records: only latencies (numbers) are kept per row.
 */
export class SummaryAccumulator {
  private readonly buckets = new Map<string, Bucket>();
  private readonly seenCases = new Set<string>();
  readonly warnings: string[] = [];
  private ended = false;
  private readonly start: RunStart;
  /** Calls sent but never finished: a killed run's last calls, until a resume books them. */
  private readonly open = new OpenAttempts();

  constructor(start: RunStart) {
    this.start = start;
    for (const suite of start.suites) {
      for (const c of suite.candidates) {
        this.buckets.set(bucketKey(suite.name, c.id), {
          row: {
            suite: suite.name,
            lane: suite.lane.id,
            candidate: c.id,
            provider: c.provider,
            model: c.model,
            served_by: c.served_by,
            simulated: c.simulated,
            samples: suite.dataset.rows * c.repeats,
          },
          price: c.price,
          completed: 0,
          passed: 0,
          errored: 0,
          attempts: 0,
          failedAttempts: 0,
          retries: 0,
          ttft: [],
          completion: [],
          tokens: { ...ZERO_USAGE },
          rawUsd: new ExactSum(),
          totalUsd: new ExactSum(),
          failedUsd: new ExactSum(),
        });
      }
    }
  }

  add(record: JournalRecord): void {
    switch (record.type) {
      case 'attempt_started':
        return this.open.started(record);
      case 'attempt':
        this.open.finished(record);
        return this.addAttempt(record);
      case 'case':
        return this.addCase(record);
      case 'run_end':
        this.ended = record.status === 'complete';
        return;
      default:
        return;
    }
  }

  private bucket(r: { suite: string; candidate: string }): Bucket | undefined {
    const b = this.buckets.get(bucketKey(r.suite, r.candidate));
    if (!b) this.warnings.push(`record for unknown suite/candidate ${r.suite}/${r.candidate} ignored`);
    return b;
  }

  private addAttempt(a: AttemptRecord): void {
    const b = this.bucket(a);
    if (!b) return;
    b.attempts += 1;
    if (a.attempt > 1) b.retries += 1;
    addUsage(b.tokens, a.usage);
    b.totalUsd.add(a.cost_usd);
    b.rawUsd.add(rawCost(a.usage, b.price));
    if (a.ok) {
      if (a.ttft_ms !== null) b.ttft.push(a.ttft_ms);
      if (a.completion_ms !== null) b.completion.push(a.completion_ms);
    } else {
      b.failedAttempts += 1;
      b.failedUsd.add(a.cost_usd);
    }
  }

  private addCase(c: CaseRecord): void {
    const key = sampleKey(c);
    if (this.seenCases.has(key)) {
      this.warnings.push(`duplicate result for ${c.suite}/${c.candidate}/${c.case_id}#${c.repeat} ignored`);
      return;
    }
    this.seenCases.add(key);
    const b = this.bucket(c);
    if (!b) return;
    b.completed += 1;
    if (c.pass) b.passed += 1;
    if (c.status === 'errored') b.errored += 1;
  }

  /**
   * Once the whole journal is read: a call still open was in flight when lanebar was killed and a
   * provider may bill it, so it is booked as a resume would book it (core/interrupted.ts).
   */
  rows(): SummaryRow[] {
    for (const s of this.open.drain()) {
      const b = this.bucket(s);
      if (b) this.addAttempt(interruptedAttempt(s, b.price));
    }
    return [...this.buckets.values()].map(toRow);
  }

  summary(generatedAt: string, journalWarnings: readonly string[] = []): Summary {
    const rows = this.rows();
    const complete = this.ended && rows.every((r) => r.completed === r.samples);
    return {
      schema: SUMMARY_SCHEMA,
      run_id: this.start.run_id,
      status: complete ? 'complete' : 'partial',
      started_at: this.start.started_at,
      generated_at: generatedAt,
      lanebar_version: this.start.lanebar_version,
      simulated: rows.some((r) => r.simulated),
      percentile_method: PERCENTILE_METHOD,
      price_sheet: this.start.price_sheet,
      suites: this.start.suites.map(({ graders: _g, candidates: _c, ...rest }) => rest),
      rows,
      journal_warnings: [...journalWarnings, ...this.warnings],
    };
  }
}

const ratio = (num: number, den: number): number | null => (den > 0 ? num / den : null);

function toRow(b: Bucket): SummaryRow {
  const inputTokens = b.tokens.uncached_input + b.tokens.cache_read + b.tokens.cache_write_5m + b.tokens.cache_write_1h;
  const total = b.totalUsd.value();
  return {
    ...b.row,
    completed: b.completed,
    passed: b.passed,
    errored: b.errored,
    pass_rate: ratio(b.passed, b.completed),
    pass_ci: wilson(b.passed, b.completed),
    error_rate: ratio(b.errored, b.completed),
    attempts: b.attempts,
    failed_attempts: b.failedAttempts,
    retry_rate: ratio(b.retries, b.completed),
    latency_ms: { first_token: percentiles(b.ttft), completion: percentiles(b.completion) },
    tokens: b.tokens,
    cache_hit_rate: ratio(b.tokens.cache_read, inputTokens),
    cost: {
      raw_usd: b.rawUsd.value(),
      total_usd: total,
      failed_attempts_usd: b.failedUsd.value(),
      per_task_usd: ratio(total, b.completed),
      per_accepted_usd: ratio(total, b.passed),
    },
  };
}

export function summarize(records: Iterable<JournalRecord>, generatedAt: string): Summary {
  let acc: SummaryAccumulator | undefined;
  for (const r of records) {
    if (r.type === 'run_start') acc = new SummaryAccumulator(r);
    else acc?.add(r);
  }
  if (!acc) throw new Error('journal has no run_start record');
  return acc.summary(generatedAt);
}
