import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LanebarError } from '../../../src/core/errors.js';
import { compileGateConfig, routeOf } from '../../../src/core/gate/config.js';
import { GateSyntaxError } from '../../../src/core/gate/errors.js';
import { loadGateConfig, parseGateConfig } from '../../../src/load/gate-config.js';
import { RoutingBlock } from '../../../src/schema/gate.js';
import { shape } from './shape.js';

const SEED = `ROUTING:
  default_model: "gpt-4o-mini"
  escalate_if:
    - condition: "confidence < 0.72"
      model: "claude-3-5-sonnet"
    - condition: "account_tier == 'enterprise' and sentiment == 'high_risk'"
      model: "gpt-4o"
`;

function errorOf(text: string): LanebarError {
  try {
    parseGateConfig(text, 'router.yaml');
  } catch (e) {
    expect(e).toBeInstanceOf(LanebarError);
    return e as LanebarError;
  }
  throw new Error('no error');
}

describe('gate config: reading', () => {
  it("reads the seed article's ROUTING block as written", async () => {
    const dir = await mkdtemp(join(tmpdir(), 'lanebar-gate-'));
    const file = join(dir, 'router.yaml');
    await writeFile(file, SEED);
    const config = await loadGateConfig(file);
    expect({ ...config, rules: config.rules.map((r) => ({ condition: r.condition, model: r.model, expr: shape(r.expr) })) }).toEqual({
      mode: 'cascade',
      default_model: 'gpt-4o-mini',
      rules: [
        { condition: 'confidence < 0.72', model: 'claude-3-5-sonnet', expr: '(< confidence 0.72)' },
        { condition: "account_tier == 'enterprise' and sentiment == 'high_risk'", model: 'gpt-4o', expr: '(and (== account_tier "enterprise") (== sentiment "high_risk"))' },
      ],
    });
    expect(routeOf(config, { confidence: 0.5 })).toBe('claude-3-5-sonnet');
    expect(routeOf(config, { confidence: 0.9, account_tier: 'enterprise', sentiment: 'high_risk' })).toBe('gpt-4o');
    expect(routeOf(config, { confidence: 0.9, account_tier: 'enterprise', sentiment: 'calm' })).toBe('gpt-4o-mini');
  });

  it('reads the block among the other sections of a production config, which it ignores', () => {
    const text = `TASK_BUDGETS:
  support_reply:
    max_model_calls: 5
    p95_latency_slo_ms: 6000
${SEED}CACHING:
  semantic_cache:
    enabled: true
    similarity_threshold: 0.92
`;
    expect(parseGateConfig(text, 'router.yaml').rules.map((r) => r.model)).toEqual(['claude-3-5-sonnet', 'gpt-4o']);
  });

  it('reads routing: in lower case, or the bare block, with lanebar fields', () => {
    const bare = `lane: support-reply
mode: route
signal: usage.confidence
default_model: small
rules:
  - { condition: "tier in ['pro', 'enterprise']", model: big }
`;
    const config = parseGateConfig(bare, 'router.yaml');
    expect({ lane: config.lane, mode: config.mode, signal: config.signal, default_model: config.default_model, models: config.rules.map((r) => r.model) }).toEqual({
      lane: 'support-reply',
      mode: 'route',
      signal: 'usage.confidence',
      default_model: 'small',
      models: ['big'],
    });
    const lower = parseGateConfig(SEED.replace('ROUTING:', 'routing:'), 'router.yaml');
    expect(lower.rules).toHaveLength(2);
    expect(parseGateConfig('default_model: small\n', 'router.yaml')).toEqual({ mode: 'cascade', default_model: 'small', rules: [] });
  });

  it('compiles a block validated elsewhere, without a file', () => {
    const config = compileGateConfig(RoutingBlock.parse({ default_model: 's', escalate_if: [{ condition: 'x', model: 'b' }] }));
    expect(routeOf(config, { x: true })).toBe('b');
    expect(() => compileGateConfig(RoutingBlock.parse({ default_model: 's', escalate_if: [{ condition: 'x ==', model: 'b' }] }))).toThrow(GateSyntaxError);
  });
});

describe('gate config: a bad condition names the file, the line of the condition and the column', () => {
  it('in a double-quoted condition', () => {
    const e = errorOf(SEED.replace('"confidence < 0.72"', '"confidence < < 0.72"'));
    expect(e).toBeInstanceOf(GateSyntaxError);
    const g = e as GateSyntaxError;
    expect(g.column).toBe(14);
    expect(g.location).toEqual({ file: 'router.yaml', line: 4, column: 32, field: 'ROUTING.escalate_if.0.condition' });
    expect(g.format()).toBe(
      "router.yaml:4:32 (ROUTING.escalate_if.0.condition): expected a value, found '<' (column 14 of the condition)\n    confidence < < 0.72\n                 ^",
    );
    // Column 32 of line 4 of the file is the second '<'.
    expect(SEED.replace('"confidence < 0.72"', '"confidence < < 0.72"').split('\n')[3]!.slice(31)).toBe('< 0.72"');
  });

  it('in the second rule, with escapes before the error in the YAML quoting', () => {
    const text = SEED.replace(`"account_tier == 'enterprise' and sentiment == 'high_risk'"`, String.raw`"account_tier == \"ent\" and = 1"`);
    const e = errorOf(text) as GateSyntaxError;
    expect(e.column).toBe(27);
    expect(e.location).toMatchObject({ line: 6, field: 'ROUTING.escalate_if.1.condition' });
    expect(text.split('\n')[5]!.slice(e.location.column! - 1)).toBe('= 1"');
  });

  it("in a single-quoted or plain condition, YAML's '' counted as one quote", () => {
    const single = `default_model: s\nescalate_if:\n  - condition: 'tier == ''x'' and <'\n    model: b\n`;
    const e = errorOf(single) as GateSyntaxError;
    expect(e.column).toBe(17);
    expect(e.location).toMatchObject({ line: 3, field: 'escalate_if.0.condition' });
    expect(single.split('\n')[2]!.slice(e.location.column! - 1)).toBe("<'");

    const plain = `default_model: s\nescalate_if:\n  - { model: b, condition: confidence =< 0.5 }\n`;
    const p = errorOf(plain) as GateSyntaxError;
    expect(p.reason).toBe("'=' is not an operator: write == to compare");
    expect(plain.split('\n')[2]!.slice(p.location.column! - 1)).toBe('=< 0.5 }');
  });

  it('in a condition over several lines: the line where it starts, and the line and column inside it', () => {
    const block = `default_model: s\nescalate_if:\n  - model: b\n    condition: |\n      confidence < 0.72\n      and tier === 'x'\n`;
    const e = errorOf(block) as GateSyntaxError;
    expect(e.message).toBe("'=' is not an operator: write == to compare (line 2, column 12 of the condition)");
    expect(e.location).toMatchObject({ file: 'router.yaml', line: 4, field: 'escalate_if.0.condition' });
    expect(e.caret).toBe("and tier === 'x'\n           ^");
  });

  it('for a signal that is not a column name', () => {
    const e = errorOf('default_model: s\nsignal: "confidence < 1"\n') as GateSyntaxError;
    expect(e.reason).toBe('signal must be a column name, such as confidence or usage.score');
    expect(e.location).toMatchObject({ line: 2, field: 'signal' });
  });
});

describe('gate config: other mistakes are located too', () => {
  const cases: [what: string, text: string, expected: { line: number; field?: string; message: RegExp }][] = [
    ['a missing default model', 'ROUTING:\n  escalate_if: []\n', { line: 2, field: 'ROUTING.default_model', message: /expected string/ }],
    ['a misspelt field', SEED.replace('escalate_if', 'escalate_iff'), { line: 2, field: 'ROUTING', message: /unknown field "escalate_iff"/ }],
    ['an unknown mode', SEED + '  mode: fallback\n', { line: 8, field: 'ROUTING.mode', message: /cascade|route/ }],
    ['a rule without a model', 'default_model: s\nescalate_if:\n  - condition: "x < 1"\n', { line: 3, field: 'escalate_if.0.model', message: /expected string/ }],
    ['a condition that is not text', 'default_model: s\nescalate_if:\n  - condition: true\n    model: b\n', { line: 3, field: 'escalate_if.0.condition', message: /condition must be a string \(quote it\)/ }],
    ['an empty condition', 'default_model: s\nescalate_if:\n  - condition: ""\n    model: b\n', { line: 3, field: 'escalate_if.0.condition', message: /empty condition/ }],
    ['rules given twice', 'default_model: s\nescalate_if: []\nrules: []\n', { line: 3, field: 'rules', message: /give the rules once/ }],
    ['both ROUTING and routing', `${SEED}routing:\n  default_model: x\n`, { line: 8, field: 'routing', message: /both ROUTING and routing/ }],
    ['broken YAML', 'ROUTING:\n  default_model: "gpt\n', { line: 3, message: /YAML syntax/ }],
  ];
  it.each(cases)('%s', (_what, text, expected) => {
    const e = errorOf(text);
    expect(e.location.file).toBe('router.yaml');
    expect(e.location.line).toBe(expected.line);
    if (expected.field) expect(e.location.field).toBe(expected.field);
    expect(e.message).toMatch(expected.message);
  });

  it('names a file it cannot read', async () => {
    await expect(loadGateConfig('/nonexistent/router.yaml')).rejects.toThrow(/cannot read gate config: ENOENT/);
  });
});
