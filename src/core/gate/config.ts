import type { Location } from '../errors.js';
import type { GateMode, RoutingBlock } from '../../schema/gate.js';
import type { GateExpr } from './ast.js';
import { GateSyntaxError } from './errors.js';
import { firstMatch } from './interpret.js';
import { parseGate } from './parser.js';

export interface GateRule {
  /** The condition as written. */
  condition: string;
  expr: GateExpr;
  model: string;
}

/** A router's config, its conditions parsed: what a replay runs. */
export interface GateConfig {
  lane?: string;
  mode: GateMode;
  default_model: string;
  /** Ordered: the first rule whose condition holds decides the model. */
  rules: GateRule[];
  /** The numeric column a threshold sweep varies. */
  signal?: string;
}

/** Where in its file a field of the routing block is, given its path inside the block. */
export type Locator = (path: (string | number)[], error: GateSyntaxError) => Location;

/**
 * Parses every condition of a validated routing block. A bad condition is a GateSyntaxError
 * placed by `locate` (the loader maps it to the file's line and column).
 */
export function compileGateConfig(block: RoutingBlock, locate: Locator = () => ({})): GateConfig {
  const key = block.rules ? 'rules' : 'escalate_if';
  const rules = (block.rules ?? block.escalate_if ?? []).map((rule, i) => {
    try {
      return { condition: rule.condition, expr: parseGate(rule.condition), model: rule.model };
    } catch (e) {
      if (e instanceof GateSyntaxError) throw e.locatedAt(locate([key, i, 'condition'], e));
      throw e;
    }
  });
  const config: GateConfig = { mode: block.mode, default_model: block.default_model, rules };
  if (block.lane !== undefined) config.lane = block.lane;
  if (block.signal !== undefined) {
    checkSignal(block.signal, locate);
    config.signal = block.signal;
  }
  return config;
}

/** The signal must be a column name of the gate language, so that a sweep can put it in a condition. */
function checkSignal(signal: string, locate: Locator): void {
  let expr: GateExpr;
  try {
    expr = parseGate(signal);
  } catch (e) {
    if (e instanceof GateSyntaxError) throw e.locatedAt(locate(['signal'], e));
    throw e;
  }
  if (expr.kind !== 'flag' || expr.operand.kind !== 'ident') {
    const error = new GateSyntaxError('signal must be a column name, such as confidence or usage.score', signal, 0);
    throw error.locatedAt(locate(['signal'], error));
  }
}

/** The model a config routes a record to. */
export function routeOf(config: GateConfig, record: Record<string, unknown>): string {
  return firstMatch(config.rules, config.default_model, record);
}
