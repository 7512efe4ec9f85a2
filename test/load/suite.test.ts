import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LanebarError } from '../../src/core/errors.js';
import { loadSuite } from '../../src/load/suite.js';

const VALID = `name: triage
version: "1"
lane:
  id: ticket-triage
  description: Sort tickets
  latency_class: interactive
  budget:
    first_token_p95_ms: 800
    completion_p95_ms: 1500
    cost_per_accepted_usd: 0.001
    min_pass_rate: 0.8
prompt:
  version: "1.0.0"
  system: You sort tickets.
  template: "Subject: {{subject}}"
dataset:
  path: cases.csv
  inputs: [subject]
  expected: [label]
graders:
  - type: label
    labels: [billing, bug]
    expected: "{{label}}"
candidates:
  - provider: openai
    model: gpt-4.1-nano
    sim: sim-small
`;

async function suiteFile(text: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'lanebar-suite-'));
  const file = join(dir, 'suite.yaml');
  await writeFile(file, text);
  return file;
}

async function errorOf(text: string): Promise<LanebarError> {
  const file = await suiteFile(text);
  try {
    await loadSuite(file);
  } catch (e) {
    expect(e).toBeInstanceOf(LanebarError);
    return e as LanebarError;
  }
  throw new Error('expected an error');
}

describe('loadSuite', () => {
  it('loads a valid suite with defaults applied and hashes', async () => {
    const file = await suiteFile(VALID);
    const s = await loadSuite(file);
    expect(s.suite.run.max_retries).toBe(4);
    expect(s.suite.candidates[0]!.repeats).toBe(1);
    expect(s.datasetFormat).toBe('csv');
    expect(s.datasetPath).toBe(join(file, '..', 'cases.csv'));
    expect(s.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(s.promptHash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('changes the prompt hash when the prompt changes, not when the budget does', async () => {
    const a = await loadSuite(await suiteFile(VALID));
    const b = await loadSuite(await suiteFile(VALID.replace('You sort tickets.', 'You sort tickets carefully.')));
    const c = await loadSuite(await suiteFile(VALID.replace('min_pass_rate: 0.8', 'min_pass_rate: 0.9')));
    expect(b.promptHash).not.toBe(a.promptHash);
    expect(c.promptHash).toBe(a.promptHash);
    expect(c.hash).not.toBe(a.hash);
  });

  it('names the line and field of a wrong grader type', async () => {
    const e = await errorOf(VALID.replace('- type: label', '- type: labelz'));
    expect(e.location.field).toBe('graders.0.type');
    expect(e.location.line).toBe(21);
    expect(e.message).toBe(`unknown type "labelz"`);
    expect(e.hint).toContain("equals, contains, regex, label, json, number, custom");
    expect(e.format()).toContain('suite.yaml:21');
  });

  it('names an unknown field', async () => {
    const e = await errorOf(VALID.replace('  latency_class: interactive', '  latency_class: interactive\n  colour: red'));
    expect(e.message).toContain('unknown field "colour"');
    expect(e.location.field).toBe('lane');
  });

  it('names a value of the wrong kind', async () => {
    const e = await errorOf(VALID.replace('min_pass_rate: 0.8', 'min_pass_rate: 1.8'));
    expect(e.location.field).toBe('lane.budget.min_pass_rate');
    expect(e.location.line).toBe(11);
  });

  it('rejects a template slot that is not a dataset input', async () => {
    const e = await errorOf(VALID.replace('"Subject: {{subject}}"', '"Subject: {{subject}} {{body}}"'));
    expect(e.message).toContain('{{body}}');
    expect(e.location.field).toBe('prompt.template');
  });

  it('rejects a grader template reading an undeclared column', async () => {
    const e = await errorOf(VALID.replace('expected: "{{label}}"', 'expected: "{{answer}}"'));
    expect(e.location.field).toBe('graders.0.expected');
  });

  it('reports YAML syntax errors with their line', async () => {
    const e = await errorOf(VALID.replace('  latency_class: interactive', '  latency_class: [interactive'));
    expect(e.message).toMatch(/^YAML syntax/);
    expect(e.location.line).toBeGreaterThanOrEqual(6);
  });

  it('rejects duplicate candidate ids', async () => {
    const e = await errorOf(VALID + '  - provider: openai\n    model: gpt-4.1-nano\n');
    expect(e.message).toContain('duplicate candidate id');
    expect(e.location.field).toBe('candidates.1');
  });

  it('says when the file is missing', async () => {
    await expect(loadSuite('/nonexistent/suite.yaml')).rejects.toThrow(/cannot read suite/);
  });
});
