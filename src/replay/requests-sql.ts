import { firstMatchSql } from '../core/gate/index.js';
import type { MappingViews } from './mapping-sql.js';
import { attributeColumn, signalColumn } from './mapping-sql.js';
import { gateColumns, laneModelsOf, planModels, type LanePlan } from './plan.js';
import { quoteIdent, type Params } from './sql-text.js';

/*
 * The replay as SQL, up to one row per request (`per_request`). Standard SQL except where noted:
 *   - FILTER (WHERE ...) on aggregates is SQL:2003 (PostgreSQL has it; some warehouses spell it
 *     SUM(CASE WHEN ... END));
 *   - min_by / max_by (DuckDB; also Trino, Spark, Snowflake) pick the first call's attributes and
 *     the last call's acceptance.
 * Every lane, model and gate value is a bound parameter.
 */

/** The legs of a request: one set of columns per model the plan reads. */
const LEG_AGGREGATES: [string, (m: string) => string][] = [
  ['n', (m) => `count(*) FILTER (WHERE c.model = ${m})`],
  ['cost', (m) => `sum(c.cost) FILTER (WHERE c.model = ${m})`],
  ['log', (m) => `sum(c.log_cost_usd) FILTER (WHERE c.model = ${m})`],
  ['log_n', (m) => `count(c.log_cost_usd) FILTER (WHERE c.model = ${m})`],
  ['in', (m) => `sum(c.input_all) FILTER (WHERE c.model = ${m})`],
  ['read', (m) => `sum(c.cache_read) FILTER (WHERE c.model = ${m})`],
  ['done', (m) => `sum(c.completion_ms) FILTER (WHERE c.model = ${m})`],
  ['ttft', (m) => `min_by(c.ttft_ms, c.ts) FILTER (WHERE c.model = ${m})`],
  ['acc', (m) => `max_by(c.accepted, c.ts) FILTER (WHERE c.model = ${m})`],
];

/** Per-token price of one bucket, by the request's input size (one long-context tier at most). */
const price = (bucket: string) => `CASE WHEN pr.tier_start IS NOT NULL AND c.uncached_input + c.cache_read + c.cache_write > pr.tier_start THEN pr.${bucket}_tier ELSE pr.${bucket}_base END`;

export const COST_SQL = `c.uncached_input * ${price('input')} + c.cache_read * ${price('read')} + c.cache_write * ${price('write')} + c.output * ${price('output')}`;

/** The model-dependent value of a role (small, routed, strong): a CASE over the plan's models. */
function pick(modelExpr: string, models: { param: string; k: number }[], value: (k: number) => string): string {
  return `CASE ${modelExpr} ${models.map(({ param, k }) => `WHEN ${param} THEN ${value(k)}`).join(' ')} END`;
}

function roleColumns(prefix: string, modelExpr: string, models: { param: string; k: number }[]): string[] {
  const leg = (k: number, f: string) => `x.__m${k}_${f}`;
  const present = (k: number) => `${leg(k, 'n')} > 0`;
  // A call the log lacks takes the eval run's estimate; a call it has keeps its own values.
  const orEstimate = (f: string, est: string) => (k: number) => `CASE WHEN ${present(k)} THEN ${leg(k, f)} ELSE e${k}.${est} END`;
  return [
    `${pick(modelExpr, models, orEstimate('cost', 'cost_usd'))} AS ${prefix}_cost`,
    `${pick(modelExpr, models, (k) => `COALESCE(CAST(${leg(k, 'acc')} AS DOUBLE), e${k}.pass_rate)`)} AS ${prefix}_acc`,
    `${pick(modelExpr, models, (k) => `${leg(k, 'acc')} IS NULL`)} AS ${prefix}_acc_est`,
    `${pick(modelExpr, models, (k) => `NOT (${present(k)})`)} AS ${prefix}_call_est`,
    `${pick(modelExpr, models, orEstimate('in', 'input_tokens'))} AS ${prefix}_in`,
    `${pick(modelExpr, models, orEstimate('read', 'cache_read_tokens'))} AS ${prefix}_read`,
    `${pick(modelExpr, models, orEstimate('done', 'completion_ms'))} AS ${prefix}_done`,
    `${pick(modelExpr, models, orEstimate('ttft', 'first_token_ms'))} AS ${prefix}_ttft`,
    `${pick(modelExpr, models, (k) => `CASE WHEN ${present(k)} AND ${leg(k, 'log_n')} = ${leg(k, 'n')} THEN ${leg(k, 'log')} END`)} AS ${prefix}_log`,
  ];
}

/** A cascade pays for the small call and, when escalated, the strong one; a route pays for one. */
const blended = (f: string) => `CASE WHEN __cascade THEN s_${f} + CASE WHEN esc THEN r_${f} ELSE 0 END ELSE r_${f} END`;

/** How a threshold sweep sees one lane's gate: its signal rules give way to `signal < t`. */
export interface SweepLanePlan {
  signal: string;
  /** The gate's other rules, which keep escalating whatever the threshold. */
  fixed: LanePlan['rules'];
  /** The model a request goes to when its signal crosses the threshold. */
  model: string;
}

/** firstMatchSql needs a default model; a rule-less request gets this, read back as NULL. */
const NO_RULE = '\u0001no rule';

/**
 * `WITH ... picked AS (...)`: one row per replayed request with, for each role, the model's
 * cost, expected acceptance, latency and tokens (from the log, or estimated when the log lacks
 * the call): s_ the small model, r_ the model the gate routes to, t_ the all-strong baseline; with
 * a sweep, also w_ (the sweep's model) and f_ (the model a fixed rule routes to, if any).
 */
export function pickedSql(plans: readonly LanePlan[], views: MappingViews, p: Params, sweep?: ReadonlyMap<string, SweepLanePlan>): string {
  const names = planModels(plans);
  const models = names.map((m, k) => ({ param: p.add(m), k }));
  const param = new Map(models.map((m, i) => [names[i]!, m.param]));
  const planRows = plans.map((l) => `(${p.add(l.lane)}, ${param.get(l.small)!}, ${param.get(l.strong)!}, ${p.add(l.mode === 'cascade')})`);
  // A lane reads only its own gate's models: another lane's model in its traffic is not a leg of it.
  const laneModels = plans.flatMap((l) => laneModelsOf(l).map((m) => `(${p.add(l.lane)}, ${param.get(m)!})`));
  const signals = views.signals.map((s) => `c.${quoteIdent(signalColumn(s))}`);
  const attributes = views.attributes.map((a) => `c.${quoteIdent(attributeColumn(a.name))}`);
  const types = gateColumns(views);
  const columns = (name: string) => `r.${quoteIdent(name)}`;
  const options = { types: (name: string) => types.get(name)?.type };
  const byLane = (value: (l: LanePlan) => string) => `CASE r.lane ${plans.map((l) => `WHEN ${p.add(l.lane)} THEN ${value(l)}`).join(' ')} END`;
  const routing = [`${byLane((l) => p.splice(firstMatchSql(l.rules, l.small, columns, options)))} AS __routed`];
  const roles = [...roleColumns('s', 'x.__small', models), ...roleColumns('r', 'x.__routed', models), ...roleColumns('t', 'x.__strong', models)];
  if (sweep) {
    const sw = (l: LanePlan) => sweep.get(l.lane);
    routing.push(
      `NULLIF(${byLane((l) => p.splice(firstMatchSql(sw(l)?.fixed ?? [], NO_RULE, columns, options)))}, ${p.add(NO_RULE)}) AS __fixed`,
      `${byLane((l) => param.get(sw(l)?.model ?? l.strong)!)} AS __sweep_model`,
      `${byLane((l) => (sw(l) ? `CAST(${columns(sw(l)!.signal)} AS DOUBLE)` : 'CAST(NULL AS DOUBLE)'))} AS __sig`,
    );
    roles.push(...roleColumns('w', 'x.__sweep_model', models), ...roleColumns('f', 'COALESCE(x.__fixed, x.__small)', models));
  }
  const legColumns = models.flatMap(({ param, k }) => LEG_AGGREGATES.map(([f, agg]) => `${agg(param)} AS __m${k}_${f}`));
  const estimateJoins = models.map(({ param, k }) => `LEFT JOIN lanebar_estimates e${k} ON e${k}.lane = x.lane AND e${k}.model = ${param}`);
  return `WITH lanebar_plan(lane, small, strong, cascade) AS (
  VALUES ${planRows.join(', ')}
), lanebar_plan_models(lane, model) AS (
  VALUES ${laneModels.join(', ')}
), priced AS (
  SELECT c.request_id, c.ts, c.lane, c.scenario, c.customer, c.model, c.simulated,
    c.uncached_input + c.cache_read + c.cache_write AS input_all, c.cache_read, c.completion_ms, c.ttft_ms, c.accepted, c.log_cost_usd,
    ${[...signals, ...attributes, ''].join(', ')}p.small, p.strong, p.cascade,
    ${COST_SQL} AS cost
  FROM lanebar_calls c
  JOIN lanebar_plan p ON p.lane = c.lane
  JOIN lanebar_plan_models pm ON pm.lane = c.lane AND pm.model = c.model
  LEFT JOIN lanebar_prices pr ON pr.provider = c.provider AND pr.model = c.model AND pr.day = CAST(c.ts AS DATE)
), req AS (
  SELECT c.request_id, min(c.lane) AS lane, min(c.ts) AS ts,
    min_by(c.customer, c.ts) AS customer, min_by(c.scenario, c.ts) AS scenario,
    ${[
      ...views.attributes.map((a) => `min_by(c.${quoteIdent(attributeColumn(a.name))}, c.ts) AS ${quoteIdent(a.name)}`),
      ...views.signals.map((s) => `max_by(c.${quoteIdent(signalColumn(s))}, c.ts) FILTER (WHERE c.model = c.small) AS ${quoteIdent(s)}`),
      '',
    ].join(',\n    ')}bool_or(c.simulated) AS __simulated, min(c.small) AS __small, min(c.strong) AS __strong, bool_and(c.cascade) AS __cascade,
    ${legColumns.join(',\n    ')}
  FROM priced c
  GROUP BY c.request_id
), routed AS (
  SELECT r.*, ${routing.join(',\n    ')}
  FROM req r
), picked AS (
  SELECT x.request_id, x.lane, x.ts, x.customer, x.__simulated, x.__cascade, x.__small, x.__routed, x.__routed <> x.__small AS esc,${sweep ? ' x.__fixed, x.__sig,' : ''}
    ${roles.join(',\n    ')}
  FROM routed x
  ${estimateJoins.join('\n  ')}
)`;
}

/**
 * `WITH ... per_request AS (...)`: one row per replayed request with the gate's path (g_), the
 * all-small baseline (s_) and the all-strong baseline (t_). Append a SELECT over per_request.
 */
export function perRequestSql(plans: readonly LanePlan[], views: MappingViews, p: Params): string {
  return `${pickedSql(plans, views, p)}, per_request AS (
  SELECT lane, ts, CAST(ts AS DATE) AS day, customer, __simulated AS simulated, esc,
    -- the model whose figures a request lacks, when it lacks some
    CASE WHEN __cascade AND (s_cost IS NULL OR (NOT esc AND s_acc IS NULL)) THEN __small ELSE __routed END AS g_needs,
    ${blended('cost')} AS g_cost, r_acc AS g_acc, r_acc_est AS g_acc_est,
    CASE WHEN __cascade THEN s_call_est OR (esc AND r_call_est) ELSE r_call_est END AS g_call_est,
    ${blended('done')} AS g_done,
    CASE WHEN __cascade AND esc THEN s_done + r_ttft ELSE r_ttft END AS g_ttft,
    ${blended('in')} AS g_in, ${blended('read')} AS g_read, ${blended('log')} AS g_log,
    s_cost, s_acc, s_acc_est, s_call_est, s_done, s_ttft, s_in, s_read, s_log,
    t_cost, t_acc, t_acc_est, t_call_est, t_done, t_ttft, t_in, t_read, t_log
  FROM picked
)`;
}

/** The sums of one traffic path (prefix g, s or t) that `figures()` turns into ratios. */
export function figureSumsSql(prefix: 'g' | 's' | 't', withPercentiles: boolean): string[] {
  const ok = `${prefix}_cost IS NOT NULL AND ${prefix}_acc IS NOT NULL`;
  const escalated = prefix === 'g' ? 'sum(CAST(esc AS INTEGER))' : prefix === 's' ? '0' : 'count(*)';
  const cols = [
    `${escalated} AS ${prefix}_escalated`,
    `count(*) FILTER (WHERE NOT (${ok})) AS ${prefix}_unresolved`,
    `COALESCE(sum(${prefix}_cost) FILTER (WHERE ${ok}), 0) AS ${prefix}_cost`,
    `COALESCE(sum(${prefix}_acc) FILTER (WHERE ${ok}), 0) AS ${prefix}_accepted`,
    `COALESCE(sum(${prefix}_log), 0) AS ${prefix}_log_cost`,
    `count(${prefix}_log) AS ${prefix}_log_known`,
    `COALESCE(sum(${prefix}_read), 0) AS ${prefix}_cache_read`,
    `COALESCE(sum(${prefix}_in), 0) AS ${prefix}_input`,
    `count(*) FILTER (WHERE ${prefix}_acc_est) AS ${prefix}_est_outcome`,
    `count(*) FILTER (WHERE ${prefix}_call_est) AS ${prefix}_est_call`,
    `count(${prefix}_done) AS ${prefix}_latency_n`,
  ];
  if (withPercentiles) {
    // quantile_disc is DuckDB's nearest-rank percentile (standard: PERCENTILE_DISC ... WITHIN GROUP);
    // the list form computes both from one sorted state.
    cols.push(`quantile_disc(${prefix}_done, [0.5, 0.95]) AS ${prefix}_done_q`, `quantile_disc(${prefix}_ttft, [0.5, 0.95]) AS ${prefix}_ttft_q`);
  }
  return cols;
}
