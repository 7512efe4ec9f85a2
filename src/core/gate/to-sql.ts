import { literalType, type GateExpr, type Literal, type Operand } from './ast.js';
import type { CompareOp } from './lexer.js';
import type { GateType } from './values.js';

/**
 * Compiles a gate to a SQL predicate with the interpreter's semantics (see interpret.ts).
 *
 * Every literal is a bound parameter (`?`), cast to its type so that no engine has to guess
 * one; a column reference comes from the caller's `columns` (quote it with `quoteIdent`). No text
 * from the condition is ever spliced into the SQL.
 *
 * Standard SQL throughout: CAST, IN / NOT IN, IS [NOT] NULL, CASE, TRUE/FALSE, three-valued
 * AND / OR / NOT. Behaviour the interpreter copies from DuckDB rather than from the standard:
 * NaN equals NaN and sorts above every number (as in PostgreSQL), and strings compare by code
 * point (DuckDB's default binary collation; a warehouse with another default collation would
 * order text differently). `?` placeholders are the JDBC/ODBC convention, which DuckDB accepts.
 *
 * Column types: a column holds one type, so "a value of the wrong type is unknown" is decided
 * when compiling. Pass `types` (for DuckDB, `gateTypeOfSql` of each column's DESCRIBE type) and a
 * comparison between a column and a value of another type compiles to an unknown
 * (`CAST(NULL AS BOOLEAN)`), as the interpreter finds for every record. Without `types` the
 * columns are taken to hold the types they are compared with; if they do not, DuckDB refuses the
 * query or converts values, and the two sides can disagree. `typeProblems` lists such mismatches
 * so that a caller can warn.
 */

export interface SqlOptions {
  /** The gate type of a column; `undefined` for a column whose type is not known. */
  types?: (name: string) => GateType | undefined;
}

/** The SQL type of each parameter, for drivers that guess a type from the JS value. */
export type SqlParamType = 'DOUBLE' | 'VARCHAR' | 'BOOLEAN';

export interface SqlPredicate {
  sql: string;
  params: unknown[];
  /**
   * `paramTypes[i]` is the type `params[i]` is cast to. Bind with it where the driver infers types
   * from values: DuckDB's node API binds an integral JS number as an integer and fails on one
   * beyond int64 (`x < 1e20`); `bind(params, paramTypes.map(...))` with DuckDB's DOUBLE, VARCHAR
   * and BOOLEAN types avoids that.
   */
  paramTypes: SqlParamType[];
}

/** A double-quoted SQL identifier, embedded quotes doubled: `usage.output_tokens` -> `"usage.output_tokens"`. */
export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

const SQL_OP: Record<CompareOp, string> = { '==': '=', '!=': '<>', '<': '<', '<=': '<=', '>': '>', '>=': '>=' };
const SQL_TYPE = { number: 'DOUBLE', string: 'VARCHAR', boolean: 'BOOLEAN' } as const;
const UNKNOWN = 'CAST(NULL AS BOOLEAN)';

export function toSql(expr: GateExpr, columns: (name: string) => string, options: SqlOptions = {}): SqlPredicate {
  const compiler = new Compiler(columns, options.types ?? (() => undefined));
  const sql = compiler.expr(expr);
  return { sql, params: compiler.params, paramTypes: compiler.paramTypes };
}

/**
 * The model each row is routed to, as one SQL expression: the first rule whose condition is true
 * wins (an unknown condition does not), else the default. Mirrors `firstMatch`.
 */
export function firstMatchSql(
  rules: readonly { expr: GateExpr; model: string }[],
  defaultModel: string,
  columns: (name: string) => string,
  options: SqlOptions = {},
): SqlPredicate {
  const compiler = new Compiler(columns, options.types ?? (() => undefined));
  const parts: string[] = [];
  for (const rule of rules) {
    const condition = compiler.expr(rule.expr);
    parts.push(`WHEN ${condition} THEN ${compiler.param(rule.model, 'VARCHAR')}`);
  }
  const otherwise = compiler.param(defaultModel, 'VARCHAR');
  // CASE needs at least one WHEN: with no rules every row takes the default.
  const sql = parts.length === 0 ? otherwise : `CASE ${parts.join(' ')} ELSE ${otherwise} END`;
  return { sql, params: compiler.params, paramTypes: compiler.paramTypes };
}

type StaticType = GateType | 'null' | undefined;

class Compiler {
  readonly params: unknown[] = [];
  readonly paramTypes: SqlParamType[] = [];
  private readonly columns: (name: string) => string;
  private readonly types: (name: string) => GateType | undefined;

  constructor(columns: (name: string) => string, types: (name: string) => GateType | undefined) {
    this.columns = columns;
    this.types = types;
  }

  param(value: unknown, type: SqlParamType): string {
    this.params.push(value);
    this.paramTypes.push(type);
    return `CAST(? AS ${type})`;
  }

  expr(e: GateExpr): string {
    switch (e.kind) {
      case 'or':
        return `(${e.args.map((a) => this.expr(a)).join(' OR ')})`;
      case 'and':
        return `(${e.args.map((a) => this.expr(a)).join(' AND ')})`;
      case 'not':
        return `(NOT ${this.expr(e.arg)})`;
      case 'compare':
        return this.compare(e.op, e.left, e.right);
      case 'in': {
        const listType = literalType(e.list[0]!.value);
        if (!compatible(this.typeOf(e.operand), listType)) return UNKNOWN;
        const operand = this.operand(e.operand);
        const items = e.list.map((item) => this.literal(item));
        return `(${operand} ${e.negated ? 'NOT IN' : 'IN'} (${items.join(', ')}))`;
      }
      case 'flag': {
        const o = e.operand;
        if (o.kind === 'literal') return o.value === true ? 'TRUE' : 'FALSE';
        return compatible(this.typeOf(o), 'boolean') ? this.columns(o.name) : UNKNOWN;
      }
    }
  }

  private compare(op: CompareOp, left: Operand, right: Operand): string {
    const l = this.typeOf(left);
    const r = this.typeOf(right);
    if (l === 'null' || r === 'null') {
      if (l === 'null' && r === 'null') return op === '==' ? 'TRUE' : 'FALSE';
      const column = this.operand(l === 'null' ? right : left);
      return `(${column} ${op === '==' ? 'IS NULL' : 'IS NOT NULL'})`;
    }
    const ordering = op !== '==' && op !== '!=';
    if (l === 'other' || r === 'other' || (l !== undefined && r !== undefined && l !== r) || (ordering && (l === 'boolean' || r === 'boolean'))) {
      return UNKNOWN;
    }
    return `(${this.operand(left)} ${SQL_OP[op]} ${this.operand(right)})`;
  }

  private typeOf(o: Operand): StaticType {
    return o.kind === 'literal' ? literalType(o.value) : this.types(o.name);
  }

  private operand(o: Operand): string {
    return o.kind === 'ident' ? this.columns(o.name) : this.literal(o);
  }

  private literal(l: Literal): string {
    const type = literalType(l.value);
    if (type === 'null') return 'NULL';
    return this.param(l.value, SQL_TYPE[type]);
  }
}

/** Whether a column of type `column` (undefined: not known) can be compared with a `wanted` value. */
function compatible(column: StaticType, wanted: GateType | 'null'): boolean {
  return column === undefined || column === wanted;
}
