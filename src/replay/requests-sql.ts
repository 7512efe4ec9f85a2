import { firstMatchSql } from '../core/gate/index.js';
import type { MappingViews } from './mapping-sql.js';
import { attributeColumn, signalColumn } from './mapping-sql.js';
import { gateColumns, type LanePlan } from './plan.js';
import { Params, quoteIdent } from './sql-text.js';

/*
 * The replay as SQL: the log's calls priced and routed, pivoted into one row per request, and
 * replayed in a view (lanebar_replayed). Standard SQL except where noted: FILTER (WHERE ...) on
 * aggregates is SQL:2003 (PostgreSQL has it; some warehouses spell it SUM(CASE WHEN ... END));
 * bool_or / bool_and are PostgreSQL's (EVERY / ANY elsewhere); hash() and CREATE OR REPLACE are
 * DuckDB's. Every lane, model and gate value is a bound parameter.
 */

/**
 * A lane's models as slots: 0 the small (default) model, 1 the all-strong baseline model, then
 * any other model a rule routes to. A request's calls are pivoted into one set of columns per
 * slot, so the SQL is as wide as the busiest lane's gate, not as the number of models in the log.
 */
export function slotsOf(plan: LanePlan): string[] {
  return [...new Set([plan.small, plan.strong, ...plan.rules.map((r) => r.model)])];
}

/**
 * What one slot of a request aggregates over its calls. Several calls of one model in a request
 * are retries: their cost, tokens and completion times add up, the request is accepted on that
 * model when one of them was, and the first token is the quickest one's.
 */
const LEG_AGGREGATES: [string, string][] = [
  ['n', 'count(*)'],
  ['cost', 'sum(c.cost)'],
  ['log', 'sum(c.log_cost_usd)'],
  ['log_ok', 'bool_and(c.log_cost_usd IS NOT NULL)'],
  ['in', 'sum(c.input_all)'],
  ['read', 'sum(c.cache_read)'],
  ['done', 'sum(c.completion_ms)'],
  ['ttft', 'min(c.ttft_ms)'],
  ['acc', 'bool_or(c.accepted)'],
];

/** Per-token price of one bucket, by the request's input size (one long-context tier at most). */
const price = (bucket: string) => `CASE WHEN pr.tier_start IS NOT NULL AND c.uncached_input + c.cache_read + c.cache_write > pr.tier_start THEN pr.${bucket}_tier ELSE pr.${bucket}_base END`;

export const COST_SQL = `c.uncached_input * ${price('input')} + c.cache_read * ${price('read')} + c.cache_write * ${price('write')} + c.output * ${price('output')}`;

const FIELDS = ['cost', 'acc', 'acc_est', 'call_est', 'in', 'read', 'done', 'ttft', 'log'] as const;

/** A slot's values: the log's where it has the call, else the eval run's estimate. */
function slotColumns(k: number): string[] {
  const leg = (f: string) => `x.__m${k}_${f}`;
  const present = `COALESCE(${leg('n')}, 0) > 0`;
  const orEstimate = (f: string, est: string) => `CASE WHEN ${present} THEN ${leg(f)} ELSE e${k}.${est} END`;
  return [
    `${orEstimate('cost', 'cost_usd')} AS o${k}_cost`,
    `COALESCE(CAST(${leg('acc')} AS DOUBLE), e${k}.pass_rate) AS o${k}_acc`,
    `${leg('acc')} IS NULL AS o${k}_acc_est`,
    `NOT (${present}) AS o${k}_call_est`,
    `${orEstimate('in', 'input_tokens')} AS o${k}_in`,
    `${orEstimate('read', 'cache_read_tokens')} AS o${k}_read`,
    `${orEstimate('done', 'completion_ms')} AS o${k}_done`,
    `${orEstimate('ttft', 'first_token_ms')} AS o${k}_ttft`,
    `CASE WHEN ${present} AND ${leg('log_ok')} THEN ${leg('log')} END AS o${k}_log`,
  ];
}

/** A role's values (s, r, t, w, f) from the slot it points at. */
function roleColumns(prefix: string, slotExpr: string, slots: number): string[] {
  return FIELDS.map((f) =>
    slots === 1 || /^\d+$/.test(slotExpr)
      ? `o${/^\d+$/.test(slotExpr) ? slotExpr : 0}_${f} AS ${prefix}_${f}`
      : `CASE ${slotExpr} ${Array.from({ length: slots }, (_, k) => `WHEN ${k} THEN o${k}_${f}`).join(' ')} END AS ${prefix}_${f}`,
  );
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

/** The plan as two small tables: lanes (mode, strong and sweep slots) and each lane's models by slot. */
export function planTablesSql(plans: readonly LanePlan[], sweep?: ReadonlyMap<string, SweepLanePlan>): { sql: string; params: unknown[] }[] {
  const a = new Params();
  const lanes = plans.map((l) => {
    const slots = slotsOf(l);
    return `(${a.add(l.lane)}, ${a.add(l.mode === 'cascade')}, ${slots.indexOf(l.strong)}, ${slots.indexOf(sweep?.get(l.lane)?.model ?? l.strong)})`;
  });
  const b = new Params();
  const models = plans.flatMap((l) => slotsOf(l).map((m, k) => `(${b.add(l.lane)}, ${b.add(m)}, ${k})`));
  return [
    { sql: `CREATE OR REPLACE TEMP TABLE lanebar_plan AS SELECT * FROM (VALUES ${lanes.join(', ')}) t(lane, cascade, strong_slot, sweep_slot)`, params: a.values },
    { sql: `CREATE OR REPLACE TEMP TABLE lanebar_plan_models AS SELECT * FROM (VALUES ${models.join(', ')}) t(lane, model, slot)`, params: b.values },
  ];
}

/**
 * How the pivot is cut to fit DuckDB's memory: a bucket's GROUP BY must fit in memory without
 * spilling (about 1 KB a request, measured), and a pass's priced calls are a table the buckets
 * scan (about 50 bytes of memory a call). With the default 48 MB: passes of a million calls,
 * buckets of 50,000 requests; with 2 GB a ten-million-row log is one pass and one bucket.
 */
export function pivotShape(memoryBytes: number, calls: number): { passes: number; buckets: number } {
  const requestsPerBucket = Math.max(10_000, Math.floor(memoryBytes / 1000));
  const callsPerPass = Math.max(200_000, Math.floor(memoryBytes / 48));
  const passes = Math.max(1, Math.ceil(calls / callsPerPass));
  return { passes, buckets: Math.max(1, Math.ceil(calls / passes / requestsPerBucket)) };
}

/**
 * One pass over the log: the calls the plan reads whose request id hashes to this pass, priced
 * and routed (lanebar_priced), each with the bucket its request is pivoted in. Routing is
 * decided on the call rows, where the attributes and the small call's signal are. A log of more
 * calls than fit one pass (pivotShape) is read in several, so that no pass needs a sort or an
 * aggregate larger than memory. Every lane, model and gate value is a bound parameter.
 */
export function pricedSql(
  plans: readonly LanePlan[],
  views: MappingViews,
  pass: { index: number; of: number },
  buckets: number,
  sweep?: ReadonlyMap<string, SweepLanePlan>,
): { sql: string; params: unknown[] } {
  const p = new Params();
  const types = gateColumns(views);
  const columns = (name: string) => {
    const source = types.get(name)?.source;
    return `c.${quoteIdent(source === 'signal' ? signalColumn(name) : source === 'attribute' ? attributeColumn(name) : name)}`;
  };
  const options = { types: (name: string) => types.get(name)?.type };
  const byLane = (value: (l: LanePlan) => string) => `CASE c.lane ${plans.map((l) => `WHEN ${p.add(l.lane)} THEN ${value(l)}`).join(' ')} END`;
  // The slot a model expression of lane l points at (NULL for no rule).
  const slotOf = (l: LanePlan, modelSql: string) => `CASE ${modelSql} ${slotsOf(l).map((m, j) => `WHEN ${p.add(m)} THEN ${j}`).join(' ')} END`;
  const routing = [`${byLane((l) => slotOf(l, p.splice(firstMatchSql(l.rules, l.small, columns, options))))} AS rslot`];
  if (sweep) {
    const sw = (l: LanePlan) => sweep.get(l.lane);
    routing.push(
      `${byLane((l) => slotOf(l, p.splice(firstMatchSql(sw(l)?.fixed ?? [], NO_RULE, columns, options))))} AS fslot`,
      `${byLane((l) => (sw(l) ? `CAST(${columns(sw(l)!.signal)} AS DOUBLE)` : 'CAST(NULL AS DOUBLE)'))} AS sig`,
    );
  }
  const sql = `CREATE OR REPLACE TABLE lanebar_priced AS
SELECT c.request_id, c.lane, c.customer, CAST(c.ts AS DATE) AS day, c.simulated, pm.slot,
  -- a cascade decides on its small call (slot 0), which carries the signal; a route on any call
  pm.slot = 0 OR NOT p.cascade AS decides,
  ${COST_SQL} AS cost, c.log_cost_usd, CAST(c.uncached_input + c.cache_read + c.cache_write AS DOUBLE) AS input_all,
  CAST(c.cache_read AS DOUBLE) AS cache_read, c.completion_ms, c.ttft_ms, c.accepted,
  ${routing.join(',\n  ')},
  ${buckets > 1 ? `CAST(hash(c.request_id, 7) % ${buckets} AS INTEGER)` : '0'} AS bucket
FROM lanebar_calls c
JOIN lanebar_plan p ON p.lane = c.lane
JOIN lanebar_plan_models pm ON pm.lane = c.lane AND pm.model = c.model
LEFT JOIN lanebar_prices pr ON pr.provider = c.provider AND pr.model = c.model AND pr.day = CAST(c.ts AS DATE)${pass.of > 1 ? `\nWHERE hash(c.request_id) % ${pass.of} = ${pass.index}` : ''}`;
  return { sql, params: p.values };
}

/**
 * One bucket of the pivot: its calls into one row per request (lanebar_requests), with per slot
 * the calls' summed cost, tokens and completion time, quickest first token and acceptance, and
 * the slot the gate routes the request to. Lane and customer are the request's: grouping keys.
 */
export function bucketSql(plans: readonly LanePlan[], bucket: number, sweep: boolean, create: boolean, pricedInline?: string): string {
  const slots = Math.max(...plans.map((l) => slotsOf(l).length));
  // Decided on the small call when there is one; a request whose small call is missing is decided
  // on its other calls, where the signal is unknown. One state: the deciding call's slot + 1000.
  const decide = (col: string) => `max(CASE WHEN c.decides THEN c.${col} + 1000 ELSE c.${col} END) % 1000 AS __${col}`;
  const states = [decide('rslot'), ...(sweep ? [decide('fslot'), 'max(c.sig) FILTER (WHERE c.decides) AS __sig'] : [])];
  for (let k = 0; k < slots; k++) for (const [f, agg] of LEG_AGGREGATES) states.push(`${agg} FILTER (WHERE c.slot = ${k}) AS __m${k}_${f}`);
  return `${create ? 'CREATE OR REPLACE TABLE lanebar_requests AS' : 'INSERT INTO lanebar_requests'}${pricedInline ? `\nWITH lanebar_priced AS (\n${pricedInline}\n)` : ''}
SELECT c.request_id, c.lane, c.customer, min(c.day) AS day, bool_or(c.simulated) AS __simulated,
  ${states.join(',\n  ')}
FROM lanebar_priced c${pricedInline ? '' : `\nWHERE c.bucket = ${bucket}`}
GROUP BY c.request_id, c.lane, c.customer`;
}

/**
 * lanebar_replayed, a view over lanebar_requests: per request, for each role, the model's cost,
 * expected acceptance, latency and tokens (from the log, or the eval run's estimate when the log
 * lacks the call): s_ the small model, r_ the model the gate routes to, t_ the all-strong
 * baseline; g_ the gate's path through them. With a sweep, also what escalating the request at
 * the signal's threshold would change. It has no parameters: it reads the plan tables.
 */
export function replayedViewSql(plans: readonly LanePlan[], sweep: boolean): string {
  const slots = Math.max(...plans.map((l) => slotsOf(l).length));
  const roles = [...roleColumns('s', '0', slots), ...roleColumns('r', 'x.__rslot', slots), ...roleColumns('t', 'x.__tslot', slots)];
  if (sweep) roles.push(...roleColumns('w', 'x.__wslot', slots), ...roleColumns('f', 'COALESCE(x.__fslot, 0)', slots));
  const estimateJoins = Array.from({ length: slots }, (_, k) => `LEFT JOIN slot_estimates e${k} ON e${k}.lane = x.lane AND e${k}.slot = ${k}`);
  const swept = (f: (role: string) => string) => `CASE WHEN __fslot IS NOT NULL THEN ${f('f')} ELSE ${f('s')} END`;
  const blend = (role: string) => (role === 's' ? 's_cost' : `CASE WHEN __cascade THEN s_cost + ${role}_cost ELSE ${role}_cost END`);
  const sweepColumns = sweep
    ? [
        '__sig AS sig',
        '__fslot IS NOT NULL AS fixed',
        '__fslot IS NULL AND __sig IS NOT NULL AS movable',
        `${swept((r) => (r === 's' ? 's_cost' : blend('f')))} AS base_cost`,
        `${swept((r) => `${r}_acc`)} AS base_acc`,
        `CASE WHEN __fslot IS NOT NULL THEN ${blend('f')} ELSE ${blend('w')} END AS esc_cost`,
        'CASE WHEN __fslot IS NOT NULL THEN f_acc ELSE w_acc END AS esc_acc',
        'CASE WHEN __fslot IS NOT NULL THEN f_acc_est ELSE s_acc_est OR (__sig IS NOT NULL AND w_acc_est) END AS sweep_est',
        'CASE WHEN __cascade THEN t_cost ELSE t_cost - s_cost END AS t_extra',
        `${blend('t')} AS t_path_cost`,
      ]
    : [];
  return `CREATE OR REPLACE TEMP VIEW lanebar_replayed AS
WITH slot_estimates AS (
  SELECT pm.lane, pm.slot, e.* EXCLUDE (lane, model) FROM lanebar_plan_models pm JOIN lanebar_estimates e ON e.lane = pm.lane AND e.model = pm.model
), slotted AS (
  SELECT x.*, p.cascade AS __cascade, p.strong_slot AS __tslot, p.sweep_slot AS __wslot,
    ${Array.from({ length: slots }, (_, k) => slotColumns(k)).flat().join(',\n    ')}
  FROM lanebar_requests x
  JOIN lanebar_plan p ON p.lane = x.lane
  ${estimateJoins.join('\n  ')}
), picked AS (
  SELECT x.request_id, x.lane, x.day, x.customer, x.__simulated, x.__cascade, x.__rslot, x.__rslot <> 0 AS esc,${sweep ? ' x.__fslot, x.__sig,' : ''}
    ${roles.join(',\n    ')}
  FROM slotted x
)
SELECT request_id, lane, day, customer, __simulated AS simulated, esc,
  -- the slot of the model whose figures a request lacks, when it lacks some
  CASE WHEN __cascade AND (s_cost IS NULL OR (NOT esc AND s_acc IS NULL)) THEN 0 ELSE __rslot END AS g_needs,
  ${blended('cost')} AS g_cost, r_acc AS g_acc, r_acc_est AS g_acc_est,
  CASE WHEN __cascade THEN s_call_est OR (esc AND r_call_est) ELSE r_call_est END AS g_call_est,
  ${blended('done')} AS g_done,
  CASE WHEN __cascade AND esc THEN s_done + r_ttft ELSE r_ttft END AS g_ttft,
  ${blended('in')} AS g_in, ${blended('read')} AS g_read, ${blended('log')} AS g_log,
  s_cost, s_acc, s_acc_est, s_call_est, s_done, s_ttft, s_in, s_read, s_log,
  t_cost, t_acc, t_acc_est, t_call_est, t_done, t_ttft, t_in, t_read, t_log${sweepColumns.length ? ',\n  ' + sweepColumns.join(',\n  ') : ''}
FROM picked`;
}

/** The sums of one traffic path (prefix g, s or t) that `figures()` turns into ratios. */
export function figureSumsSql(prefix: 'g' | 's' | 't'): string[] {
  const ok = `${prefix}_cost IS NOT NULL AND ${prefix}_acc IS NOT NULL`;
  const escalated = prefix === 'g' ? 'sum(CAST(esc AS INTEGER))' : prefix === 's' ? '0' : 'count(*)';
  return [
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
}

const LATENCIES = ['g_done', 'g_ttft', 's_done', 's_ttft', 't_done', 't_ttft'] as const;

/**
 * How many requests took each latency value, per lane and overall, for each latency column: one
 * scan of lanebar_replayed into a small table (a histogram per column), from which
 * PERCENTILES_SQL reads the percentiles.
 */
export const HISTOGRAMS_SQL = `CREATE OR REPLACE TEMP TABLE lanebar_latency_counts AS
SELECT grouping(lane) AS __all, ${LATENCIES.map((m, i) => `grouping(${m}) AS __x${i}`).join(', ')}, lane, ${LATENCIES.join(', ')}, count(*) AS k
FROM lanebar_replayed
GROUP BY GROUPING SETS (${LATENCIES.map((m) => `(lane, ${m}), (${m})`).join(', ')})`;

/** The sums of each path, per lane and overall. */
export const MAIN_SQL = `SELECT grouping(lane) AS __all, lane, bool_or(simulated) AS simulated, count(*) AS requests,
  ${[...figureSumsSql('g'), ...figureSumsSql('s'), ...figureSumsSql('t')].join(',\n  ')}
FROM lanebar_replayed
GROUP BY GROUPING SETS ((lane), ())
ORDER BY __all, lane`;

/**
 * Nearest-rank p50 and p95 of every latency column, per lane and overall, from its histogram:
 * the smallest value whose cumulative count reaches ceil(p × n). Exact, like DuckDB's
 * quantile_disc, but built from a GROUP BY and a window over the distinct values, both of which
 * spill to disk, where a holistic quantile must hold every value of every group in memory.
 * Standard SQL: UNION ALL, window SUM, FILTER.
 */
export const PERCENTILES_SQL = `WITH h AS (
  ${LATENCIES.map((m, i) => `SELECT __all, lane, '${m}' AS metric, ${m} AS value, k FROM lanebar_latency_counts WHERE __x${i} = 0 AND ${m} IS NOT NULL`).join('\n  UNION ALL ')}
), c AS (
  SELECT __all, lane, metric, value,
    sum(k) OVER (PARTITION BY __all, lane, metric ORDER BY value ROWS UNBOUNDED PRECEDING) AS cum,
    sum(k) OVER (PARTITION BY __all, lane, metric) AS n
  FROM h
)
SELECT __all, lane, metric, min(value) FILTER (WHERE cum >= ceil(0.5 * n)) AS p50, min(value) FILTER (WHERE cum >= ceil(0.95 * n)) AS p95
FROM c GROUP BY __all, lane, metric`;
