import type { CallFields, FieldSource, LogFormat, Mapping, ValueType } from '../schema/replay.js';
import { columnSql, jsonColumnSql, sourceSelect } from './source-sql.js';
import { quoteIdent, sqlNumber, sqlString } from './sql-text.js';

/*
 * A mapping file becomes four views:
 *   lanebar_source   the file as DuckDB reads it, with __row
 *   lanebar_typed    every lanebar field parsed to its type, next to its raw text
 *   lanebar_checked  plus __problem: why the row cannot be used (NULL when it can)
 *   lanebar_calls    the good rows, in lanebar's field names and units
 */

type SqlType = 'VARCHAR' | 'DOUBLE' | 'BOOLEAN' | 'TIMESTAMPTZ';
type Kind = 'text' | 'count' | 'duration' | 'usd' | 'flag' | 'time';

const KIND: Record<keyof CallFields, Kind> = {
  request_id: 'text',
  call_id: 'text',
  ts: 'time',
  lane: 'text',
  scenario: 'text',
  customer: 'text',
  provider: 'text',
  model: 'text',
  input_tokens: 'count',
  cache_read_tokens: 'count',
  cache_write_tokens: 'count',
  output_tokens: 'count',
  first_token: 'duration',
  completion: 'duration',
  retries: 'count',
  accepted: 'flag',
  cost_usd: 'usd',
  simulated: 'flag',
};

export const REQUIRED: readonly (keyof CallFields)[] = ['request_id', 'ts', 'lane', 'provider', 'model', 'input_tokens', 'output_tokens'];

const SQL_TYPE: Record<Kind, SqlType> = { text: 'VARCHAR', count: 'DOUBLE', duration: 'DOUBLE', usd: 'DOUBLE', flag: 'BOOLEAN', time: 'TIMESTAMPTZ' };
const VALUE_TYPE: Record<ValueType, SqlType> = { string: 'VARCHAR', number: 'DOUBLE', boolean: 'BOOLEAN' };
const WHAT: Record<SqlType, string> = { VARCHAR: 'text', DOUBLE: 'a number', BOOLEAN: 'true or false', TIMESTAMPTZ: 'a timestamp' };

interface Parsed {
  /** The value as the file holds it; NULL when absent. Null for constants. */
  raw: string | null;
  typed: string;
  /** The source column's own type: 'cast' always succeeds, 'whole' also holds whole numbers only. */
  safe?: 'cast' | 'whole';
}

function constSql(value: string | number | boolean, type: SqlType): string {
  const literal = typeof value === 'string' ? sqlString(value) : typeof value === 'number' ? sqlNumber(value) : value ? 'TRUE' : 'FALSE';
  return `CAST(${literal} AS ${type})`;
}

function parse(format: LogFormat, source: FieldSource, type: SqlType, types: ColumnTypes): Parsed {
  if (typeof source === 'string') source = { column: source };
  if ('const' in source) return { raw: null, typed: constSql(source.const, type) };
  if ('ms_between' in source) {
    const [a, b] = source.ms_between.map((c) => `TRY_CAST(${columnSql(format, c)} AS TIMESTAMPTZ)`) as [string, string];
    const [ra, rb] = source.ms_between.map((c) => `CAST(${columnSql(format, c)} AS VARCHAR)`) as [string, string];
    return {
      raw: `CASE WHEN ${ra} IS NULL OR ${rb} IS NULL THEN NULL ELSE ${ra} || ' to ' || ${rb} END`,
      typed: `CAST(epoch_ms(${b}) - epoch_ms(${a}) AS DOUBLE)`,
    };
  }
  const as = source.type ? VALUE_TYPE[source.type] : type;
  if ('json' in source) {
    const doc = jsonColumnSql(format, source.json);
    const text = source.paths.map((p) => `json_extract_string(${doc}, ${sqlString(p)})`);
    const raw = text.length === 1 ? text[0]! : `COALESCE(${text.join(', ')})`;
    if (!source.sum) return { raw, typed: `TRY_CAST(${raw} AS ${as})` };
    // A value present but unparseable makes the sum unreadable (a bad row), never a silent 0.
    const broken = text.map((t) => `(${t} IS NOT NULL AND TRY_CAST(${t} AS DOUBLE) IS NULL)`).join(' OR ');
    const sum = text.map((t) => `COALESCE(TRY_CAST(${t} AS DOUBLE), 0)`).join(' + ');
    return { raw, typed: `CASE WHEN ${broken} OR ${raw} IS NULL THEN NULL ELSE CAST(${sum} AS ${as}) END` };
  }
  if ('coalesce' in source) {
    const raw = `COALESCE(${source.coalesce.map((c) => `CAST(${columnSql(format, c)} AS VARCHAR)`).join(', ')})`;
    return { raw, typed: `TRY_CAST(${raw} AS ${as})` };
  }
  const col = columnSql(format, source.column);
  // The column as stored: only tested for NULL, and cast to text only in a bad row's message.
  const raw = col;
  if (source.epoch) {
    const seconds = source.epoch === 'ms' ? `TRY_CAST(${col} AS DOUBLE) / 1000` : `TRY_CAST(${col} AS DOUBLE)`;
    return { raw, typed: `to_timestamp(${seconds})` };
  }
  return { raw, typed: `TRY_CAST(${col} AS ${as})`, safe: safeCast(types.get(source.column), as) };
}

/** The DuckDB type of each column of the log, as DESCRIBE names it (typed formats: Parquet). */
export type ColumnTypes = ReadonlyMap<string, string>;

const INTEGER = /^(U?(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT))$/;
const NUMBER = /^(FLOAT|DOUBLE|REAL|DECIMAL(\(\d+,\s*\d+\))?)$/;

/**
 * Whether a column of `source` type can only cast to `target` successfully: a Parquet log's
 * columns often already are what lanebar wants, and checking them row by row would be wasted work.
 */
function safeCast(source: string | undefined, target: SqlType): Parsed['safe'] {
  if (!source) return undefined;
  const t = source.toUpperCase();
  if (target === 'DOUBLE') return INTEGER.test(t) ? 'whole' : NUMBER.test(t) ? 'cast' : undefined;
  if (target === 'VARCHAR') return t === 'VARCHAR' || INTEGER.test(t) ? 'cast' : undefined;
  if (target === 'BOOLEAN') return t === 'BOOLEAN' ? 'cast' : undefined;
  return t === 'TIMESTAMP' || t === 'TIMESTAMP WITH TIME ZONE' || t === 'DATE' || t.startsWith('TIMESTAMP_') ? 'cast' : undefined;
}

/** Column names in the typed view: lanebar's fields as they are, signals and attributes prefixed. */
export const signalColumn = (name: string) => `s_${name}`;
export const attributeColumn = (name: string) => `a_${name}`;

interface Entry {
  name: string;
  label: string;
  parsed: Parsed;
  type: SqlType;
  kind: Kind | 'signal' | 'attribute';
  required: boolean;
}

function entries(mapping: Mapping, format: LogFormat, types: ColumnTypes): Entry[] {
  const out: Entry[] = [];
  for (const [name, source] of Object.entries(mapping.fields) as [keyof CallFields, FieldSource | undefined][]) {
    if (source === undefined) continue;
    const kind = KIND[name];
    out.push({ name, label: name, parsed: parse(format, source, SQL_TYPE[kind], types), type: SQL_TYPE[kind], kind, required: REQUIRED.includes(name) });
  }
  for (const [name, source] of Object.entries(mapping.signals)) {
    out.push({ name: signalColumn(name), label: `signals.${name}`, parsed: parse(format, source, 'DOUBLE', types), type: 'DOUBLE', kind: 'signal', required: false });
  }
  for (const [name, source] of Object.entries(mapping.attributes)) {
    const type = typeof source === 'object' && 'type' in source && source.type ? VALUE_TYPE[source.type] : 'VARCHAR';
    out.push({ name: attributeColumn(name), label: `attributes.${name}`, parsed: parse(format, source, type, types), type, kind: 'attribute', required: false });
  }
  return out;
}

const rawName = (name: string) => quoteIdent(`__raw_${name}`);

/** The first reason a row cannot be used, as text naming the field and the value; NULL if none. */
function problemSql(list: Entry[], mapping: Mapping, format: LogFormat): string {
  const when: string[] = [];
  if (format === 'jsonl') when.push(`WHEN __json IS NULL THEN 'the line is not valid JSON'`);
  const col = (e: Entry) => quoteIdent(e.name);
  for (const e of list.filter((x) => x.required)) {
    when.push(`WHEN ${e.parsed.raw === null ? col(e) : rawName(e.name)} IS NULL THEN ${sqlString(`missing ${e.label}`)}`);
  }
  for (const e of list) {
    if (e.parsed.raw === null || e.parsed.safe) continue;
    when.push(
      `WHEN ${rawName(e.name)} IS NOT NULL AND ${col(e)} IS NULL THEN ${sqlString(`${e.label}: cannot read "`)} || left(CAST(${rawName(e.name)} AS VARCHAR), 80) || ${sqlString(`" as ${WHAT[e.type]}`)}`,
    );
  }
  for (const e of list) {
    if (e.kind === 'count') {
      when.push(`WHEN ${col(e)} < 0 THEN ${sqlString(`${e.label} is negative (`)} || ${col(e)} || ')'`);
      if (e.parsed.safe !== 'whole') when.push(`WHEN ${col(e)} <> floor(${col(e)}) THEN ${sqlString(`${e.label} is not a whole number (`)} || ${col(e)} || ')'`);
    } else if (e.kind === 'duration' || e.kind === 'usd') {
      when.push(`WHEN ${col(e)} < 0 THEN ${sqlString(`${e.label} is negative (`)} || ${col(e)} || ')'`);
    }
  }
  if (mapping.token_basis === 'inclusive') {
    when.push(
      `WHEN ${cached(list)} > "input_tokens" THEN 'cache_read_tokens + cache_write_tokens (' || ${cached(list)} || ') exceed input_tokens (' || "input_tokens" || '), which token_basis: inclusive says contains them'`,
    );
  }
  return `CASE ${when.join('\n    ')} END`;
}

const has = (list: Entry[], name: string) => list.some((e) => e.name === name);
const orZero = (list: Entry[], name: string) => (has(list, name) ? `COALESCE(${quoteIdent(name)}, 0)` : '0');
const cached = (list: Entry[]) => `(${orZero(list, 'cache_read_tokens')} + ${orZero(list, 'cache_write_tokens')})`;
const orNull = (list: Entry[], name: string, type: string) => (has(list, name) ? quoteIdent(name) : `CAST(NULL AS ${type})`);

export interface MappingViews {
  /** CREATE VIEW statements, in order. */
  statements: string[];
  signals: string[];
  attributes: { name: string; type: SqlType }[];
  /** Which optional fields the mapping provides. */
  provides: Set<keyof CallFields>;
}

/** The views for one log file read through one mapping. */
export function mappingViews(mapping: Mapping, path: string, format: LogFormat, types: ColumnTypes = new Map()): MappingViews {
  const list = entries(mapping, format, types);
  const typed = list.flatMap((e) => [
    ...(e.parsed.raw === null ? [] : [`${e.parsed.raw} AS ${rawName(e.name)}`]),
    `${e.parsed.typed} AS ${quoteIdent(e.name)}`,
  ]);
  // Every log has a simulated flag, so that the scan of the log can always ask for it.
  if (!has(list, 'simulated')) typed.push('CAST(NULL AS BOOLEAN) AS "simulated"');
  const scale = mapping.latency_unit === 's' ? ' * 1000' : '';
  const latency = (name: 'first_token' | 'completion') => {
    const source = mapping.fields[name];
    if (!source) return 'CAST(NULL AS DOUBLE)';
    const msAlready = typeof source === 'object' && 'ms_between' in source;
    return `${quoteIdent(name)}${msAlready ? '' : scale}`;
  };
  const uncached = mapping.token_basis === 'inclusive' ? `"input_tokens" - ${cached(list)}` : `"input_tokens"`;
  const calls = [
    '__row',
    '"request_id"',
    `${orNull(list, 'call_id', 'VARCHAR')} AS call_id`,
    '"ts"',
    '"lane"',
    `${orNull(list, 'scenario', 'VARCHAR')} AS scenario`,
    `${orNull(list, 'customer', 'VARCHAR')} AS customer`,
    '"provider"',
    '"model"',
    `CAST(${uncached} AS BIGINT) AS uncached_input`,
    `CAST(${orZero(list, 'cache_read_tokens')} AS BIGINT) AS cache_read`,
    `CAST(${orZero(list, 'cache_write_tokens')} AS BIGINT) AS cache_write`,
    'CAST("output_tokens" AS BIGINT) AS output',
    `${latency('first_token')} AS ttft_ms`,
    `${latency('completion')} AS completion_ms`,
    `CAST(${orZero(list, 'retries')} AS BIGINT) AS retries`,
    `${orNull(list, 'accepted', 'BOOLEAN')} AS accepted`,
    `${orNull(list, 'cost_usd', 'DOUBLE')} AS log_cost_usd`,
    `${has(list, 'simulated') ? 'COALESCE("simulated", FALSE)' : 'FALSE'} AS simulated`,
    ...Object.keys(mapping.signals).map((n) => quoteIdent(signalColumn(n))),
    ...Object.keys(mapping.attributes).map((n) => quoteIdent(attributeColumn(n))),
  ];
  const statements = [
    `CREATE OR REPLACE TEMP VIEW lanebar_source AS\n  ${sourceSelect(path, format)}`,
    `CREATE OR REPLACE TEMP VIEW lanebar_typed AS\n  SELECT __row,${format === 'jsonl' ? ' __json,' : ''}\n    ${typed.join(',\n    ')}\n  FROM lanebar_source`,
    `CREATE OR REPLACE TEMP VIEW lanebar_checked AS\n  SELECT *,\n    ${problemSql(list, mapping, format)} AS __problem\n  FROM lanebar_typed`,
    `CREATE OR REPLACE TEMP VIEW lanebar_calls AS\n  SELECT ${calls.join(',\n    ')}\n  FROM lanebar_checked\n  WHERE __problem IS NULL`,
  ];
  return {
    statements,
    signals: Object.keys(mapping.signals),
    attributes: list.filter((e) => e.kind === 'attribute').map((e) => ({ name: e.label.slice('attributes.'.length), type: e.type })),
    provides: new Set(list.filter((e) => e.kind !== 'signal' && e.kind !== 'attribute').map((e) => e.name as keyof CallFields)),
  };
}

/** Every column of the log a mapping reads, with the field that reads it. */
export function mappingColumns(mapping: Mapping): { field: string; column: string }[] {
  const out: { field: string; column: string }[] = [];
  const visit = (field: string, source: FieldSource | undefined) => {
    if (source === undefined) return;
    if (typeof source === 'string') out.push({ field, column: source });
    else if ('column' in source) out.push({ field, column: source.column });
    else if ('json' in source) out.push({ field, column: source.json });
    else if ('coalesce' in source) source.coalesce.forEach((column) => out.push({ field, column }));
    else if ('ms_between' in source) source.ms_between.forEach((column) => out.push({ field, column }));
  };
  for (const [name, source] of Object.entries(mapping.fields)) visit(`fields.${name}`, source as FieldSource | undefined);
  for (const [name, source] of Object.entries(mapping.signals)) visit(`signals.${name}`, source);
  for (const [name, source] of Object.entries(mapping.attributes)) visit(`attributes.${name}`, source);
  return out;
}
