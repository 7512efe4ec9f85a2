import type { Authorization, Bar, CandidateVerdict, LaneBar, ModelRef, PairedTest, Provenance } from '../schema/bar.js';
import { BAR_SCHEMA, PriceFigures } from '../schema/bar.js';
import type { ModelPrice } from '../schema/prices.js';
import type { RunStart, SuiteManifest } from '../schema/journal.js';
import type { Summary } from '../schema/summary.js';
import { DEFAULT_MAX_ERROR_RATE } from '../schema/suite.js';
import { verdictOf, type ResolvedBudget } from './bar-verdict.js';
import { candidatesHash, gradersHash } from './bar-fingerprint.js';
import { comparePaired } from './mcnemar.js';
import type { PassPairs } from './pass-pairs.js';

export const ALPHA = 0.05;

export const POLICY: Bar['policy'] = {
  quality: 'admitted when the lower bound of the Wilson 95% interval of the pass rate is at or above the lane minimum',
  confidence: 0.95,
  assigned: 'the admitted candidate with the lowest cost per accepted outcome (ties: higher pass rate, then suite order)',
  stronger: 'a higher observed pass rate on the same suite',
  escalation: 'the next-stronger admitted candidate: the lowest pass rate above the assigned model (ties: cheaper per accepted outcome)',
  paired_test: "McNemar's exact two-sided test on the samples both candidates finished, paired on (case, repeat)",
  alpha: ALPHA,
};

export const SIMULATED_BAR_NOTICE =
  'SIMULATED: candidates marked SIMULATED were answered by lanebar\'s deterministic simulator, not by the real model named beside them. Their verdicts show how the bar works; they authorize no real model for any traffic.';

export interface BarInput {
  start: RunStart;
  summary: Summary;
  pairs: PassPairs;
  generatedAt: string;
  generatedBy: string;
}

/** The billing figures of a resolved price, without its sources and provenance. */
export const priceFigures = (p: ModelPrice): PriceFigures =>
  Object.fromEntries(Object.keys(PriceFigures.shape).map((k) => [k, p[k as keyof PriceFigures]])) as PriceFigures;

const rate = (v: CandidateVerdict): number => v.evidence.pass_rate ?? -1;
const cost = (v: CandidateVerdict): number => v.evidence.cost_per_accepted_usd ?? Infinity;
const ref = (v: CandidateVerdict): ModelRef => ({ candidate: v.candidate, provider: v.provider, model: v.model, served_by: v.served_by, simulated: v.simulated });

/** Sorts stably (suite order breaks the last tie) by the given keys, smallest first. */
const by = <T>(items: readonly T[], ...keys: ((x: T) => number)[]): T[] =>
  items
    .map((x, i) => ({ x, i }))
    .sort((a, b) => {
      for (const k of keys) {
        const d = k(a.x) - k(b.x);
        if (d !== 0) return d;
      }
      return a.i - b.i;
    })
    .map((e) => e.x);

function decideLane(suite: SuiteManifest, input: BarInput): LaneBar {
  const { summary, start } = input;
  const budget: ResolvedBudget = { ...suite.lane.budget, max_error_rate: suite.lane.budget.max_error_rate ?? DEFAULT_MAX_ERROR_RATE };
  const candidates = suite.candidates.flatMap((c) => {
    const row = summary.rows.find((r) => r.suite === suite.name && r.candidate === c.id);
    return row ? [verdictOf(row, budget, summary.status, priceFigures(c.price))] : [];
  });
  const provenance: Provenance = {
    run_id: start.run_id,
    run_started_at: start.started_at,
    run_status: summary.status,
    suite: { name: suite.name, version: suite.version, file: suite.file, hash: suite.hash },
    dataset: suite.dataset,
    prompt: suite.prompt,
    graders_hash: gradersHash(suite.graders),
    candidates_hash: candidatesHash(suite.candidates),
    price_sheet: start.price_sheet,
    price_overrides: start.price_overrides,
    lanebar_version: start.lanebar_version,
    simulated: candidates.some((c) => c.simulated),
  };
  const lane = { lane: { ...suite.lane, budget }, suite: suite.name, provenance, candidates };
  const admitted = candidates.filter((v) => v.verdict === 'admitted');
  const assigned = by(admitted, cost, (v) => -rate(v))[0];
  if (!assigned) return { ...lane, authorization: null };

  const stronger = by(
    admitted.filter((v) => rate(v) > rate(assigned)),
    rate,
    cost,
  );
  const paired = stronger.map((s): PairedTest => {
    const t = comparePaired(input.pairs.table(suite.name, assigned.candidate, s.candidate), ALPHA);
    return {
      cheaper: assigned.candidate,
      stronger: s.candidate,
      pairs: t.pairs,
      both_pass: t.both,
      cheaper_only: t.onlyFirst,
      stronger_only: t.onlySecond,
      neither: t.neither,
      p_value: t.pValue,
      alpha: ALPHA,
      cheaper_significantly_worse: t.firstWorse,
    };
  });
  const next = stronger[0];
  const authorization: Authorization = {
    traffic: suite.lane.id,
    model: ref(assigned),
    escalation: next ? { ...ref(next), pass_rate: next.evidence.pass_rate, pass_ci: next.evidence.pass_ci } : null,
    paired_tests: paired,
    provenance: { ...provenance, simulated: assigned.simulated },
  };
  return { ...lane, authorization };
}

/**
 * The eval bar of a run: a verdict for every candidate of every lane, and for each lane the
 * model it authorizes (or none), taken from the run's summary and per-sample results only.
 */
export function decideBar(input: BarInput): Bar {
  const lanes = input.start.suites.map((s) => decideLane(s, input));
  const simulated = lanes.some((l) => l.candidates.some((c) => c.simulated));
  return {
    schema: BAR_SCHEMA,
    run_id: input.start.run_id,
    run_started_at: input.start.started_at,
    run_status: input.summary.status,
    generated_at: input.generatedAt,
    generated_by: input.generatedBy,
    simulated,
    notice: simulated ? SIMULATED_BAR_NOTICE : null,
    policy: POLICY,
    lanes,
  };
}
