import { LanebarError } from '../core/errors.js';
import { identifiers, type GateConfig, type GateRule, type GateType } from '../core/gate/index.js';
import type { GateMode } from '../schema/gate.js';
import type { MappingViews } from './mapping-sql.js';

/** A gate file as the replay got it: its path and what it says. */
export interface GateInput {
  file: string;
  config: GateConfig;
}

/** What the replay does on one lane. */
export interface LanePlan {
  lane: string;
  file: string;
  mode: GateMode;
  /** The default model: the small model of a cascade. */
  small: string;
  /** The all-strong baseline: the first rule's model (the gate's main escalation target). */
  strong: string;
  rules: GateRule[];
  signal: string | undefined;
}

/** The request-level names a gate condition may use, with their gate types. */
export function gateColumns(views: MappingViews): Map<string, { type: GateType; source: 'request' | 'attribute' | 'signal' }> {
  const cols = new Map<string, { type: GateType; source: 'request' | 'attribute' | 'signal' }>();
  for (const name of ['lane', 'scenario', 'customer']) cols.set(name, { type: 'string', source: 'request' });
  for (const a of views.attributes) {
    cols.set(a.name, { type: a.type === 'DOUBLE' ? 'number' : a.type === 'BOOLEAN' ? 'boolean' : a.type === 'VARCHAR' ? 'string' : 'other', source: 'attribute' });
  }
  for (const s of views.signals) cols.set(s, { type: 'number', source: 'signal' });
  return cols;
}

function checkNames(g: GateInput, views: MappingViews): void {
  const cols = gateColumns(views);
  const key = 'escalate_if';
  g.config.rules.forEach((rule, i) => {
    for (const name of identifiers(rule.expr)) {
      const col = cols.get(name);
      const field = `${key}.${i}.condition`;
      if (!col) {
        throw new LanebarError(
          `the condition "${rule.condition}" reads "${name}", which the mapping does not provide`,
          { file: g.file, field },
          `known names: ${[...cols.keys()].join(', ')}; add it to the mapping's attributes or signals`,
        );
      }
      if (col.source === 'signal' && g.config.mode === 'route') {
        throw new LanebarError(
          `the condition "${rule.condition}" reads the signal "${name}", but a route gate decides before any model answers`,
          { file: g.file, field },
          'use mode: cascade, or route on request attributes only',
        );
      }
    }
  });
  if (g.config.signal !== undefined && cols.get(g.config.signal)?.source !== 'signal') {
    throw new LanebarError(`signal "${g.config.signal}" is not a signal of the mapping`, { file: g.file, field: 'signal' }, `the mapping's signals: ${views.signals.join(', ') || 'none'}`);
  }
}

/**
 * One plan per lane of the log that a gate covers: a gate naming its lane wins over a gate
 * without one, which covers every other lane.
 */
export function planLanes(gates: readonly GateInput[], views: MappingViews, logLanes: readonly string[]): LanePlan[] {
  if (gates.length === 0) throw new LanebarError('no gate to replay', {}, 'pass --gate <file>, or --budget with escalation_gate paths in its routing plan');
  const named = new Map<string, GateInput>();
  let fallback: GateInput | undefined;
  for (const g of gates) {
    checkNames(g, views);
    const lane = g.config.lane;
    if (lane === undefined) {
      if (fallback) throw new LanebarError('two gates without a lane', { file: g.file, field: 'lane' }, `${fallback.file} has none either; name each gate's lane`);
      fallback = g;
    } else {
      const prev = named.get(lane);
      if (prev) throw new LanebarError(`a second gate for lane ${lane}`, { file: g.file, field: 'lane' }, `${prev.file} covers it already`);
      named.set(lane, g);
    }
  }
  for (const [lane, g] of named) {
    if (!logLanes.includes(lane)) {
      throw new LanebarError(`the gate's lane "${lane}" has no traffic in the log`, { file: g.file, field: 'lane' }, `lanes in the log: ${logLanes.join(', ') || 'none'}`);
    }
  }
  const lanes = [...new Set(logLanes)].sort();
  return lanes.flatMap((lane) => {
    const g = named.get(lane) ?? fallback;
    if (!g) return [];
    const c = g.config;
    return [{ lane, file: g.file, mode: c.mode, small: c.default_model, strong: c.rules[0]?.model ?? c.default_model, rules: c.rules, signal: c.signal }];
  });
}

/** The models one lane's gate can send a request to. */
export const laneModelsOf = (p: LanePlan): string[] => [...new Set([p.small, p.strong, ...p.rules.map((r) => r.model)])].sort();

/** Every model whose calls a plan reads, in a stable order. */
export const planModels = (plans: readonly LanePlan[]): string[] => [...new Set(plans.flatMap(laneModelsOf))].sort();
