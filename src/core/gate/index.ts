/** The escalation-gate language: parse, evaluate (the oracle), compile to SQL, read a router's config. */
export { identifiers, literalType, printGate, type GateExpr, type Ident, type Literal, type LiteralValue, type Operand } from './ast.js';
export { typeProblems, type TypeProblem } from './check-types.js';
export { compileGateConfig, routeOf, type GateConfig, type GateRule, type Locator } from './config.js';
export { GateSyntaxError } from './errors.js';
export { evaluate, evaluate3, firstMatch } from './interpret.js';
export type { CompareOp } from './lexer.js';
export { MAX_NESTING, parseGate } from './parser.js';
export { firstMatchSql, quoteIdent, toSql, type SqlOptions, type SqlParamType, type SqlPredicate } from './to-sql.js';
export { gateTypeOfSql, type GateType } from './values.js';
