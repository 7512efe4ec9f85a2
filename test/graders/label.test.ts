import { describe, expect, it } from 'vitest';
import { normaliseLabel } from '../../src/graders/label.js';
import { compileError, gradeWith } from './compile.js';

const spec = { type: 'label', labels: ['billing', 'bug', 'feature_request', 'other'], expected: '{{category}}' };

describe('normaliseLabel', () => {
  it.each([
    ['  Billing\n', 'billing'],
    ['"billing"', 'billing'],
    ['**Billing**', 'billing'],
    ['`billing`.', 'billing'],
    ['Billing.', 'billing'],
    ['Label: billing', 'billing'],
    ['**Category:** Billing!', 'billing'],
    ['category = "bug"', 'bug'],
    ['Feature-Request', 'feature request'],
    ['feature_request', 'feature request'],
    ['feature   request', 'feature request'],
    ['“Other”', 'other'],
  ])('%j -> %j', (input, expected) => {
    expect(normaliseLabel(input)).toBe(expected);
  });
});

describe('label', () => {
  it('passes on the expected label despite wrapping and spelling', async () => {
    const r = await gradeWith(spec, '**Category:** Feature-Request.', { category: 'feature_request' });
    expect(r).toEqual({ grader: 'label', pass: true, score: 1, reason: 'label "feature request"' });
  });

  it('fails on another valid label', async () => {
    const r = await gradeWith(spec, 'Bug', { category: 'billing' });
    expect(r).toMatchObject({ pass: false, score: 0, reason: 'expected "billing", got "bug"' });
  });

  it('fails when the output names more than one label, saying which', async () => {
    const r = await gradeWith(spec, 'billing or bug', { category: 'billing' });
    expect(r.pass).toBe(false);
    expect(r.reason).toBe('more than one label in output: "billing", "bug"');
  });

  it('fails when the output names no label', async () => {
    const r = await gradeWith(spec, 'refund', { category: 'billing' });
    expect(r.pass).toBe(false);
    expect(r.reason).toBe('no label in output: "refund"');
  });

  it('fails when the right label is buried in a sentence, saying so', async () => {
    const r = await gradeWith(spec, 'I think this is billing', { category: 'billing' });
    expect(r.pass).toBe(false);
    expect(r.reason).toBe('output is not just a label (it mentions "billing"): "I think this is billing"');
  });

  it('does not count a label found inside a longer one or inside a word', async () => {
    const s = { type: 'label', labels: ['request', 'feature request', 'bug'], expected: '{{c}}' };
    const r = await gradeWith(s, 'a feature request, debugging later', { c: 'request' });
    expect(r.reason).toBe('output is not just a label (it mentions "feature request"): "a feature request, debugging later"');
  });

  it('fails the case when the dataset expects a label that is not in the list', async () => {
    const r = await gradeWith(spec, 'billing', { category: 'refunds' });
    expect(r.pass).toBe(false);
    expect(r.reason).toBe('expected label "refunds" from the dataset is not one of the labels');
  });

  it('rejects labels that are the same once normalised, naming the field', async () => {
    const e = await compileError([{ type: 'label', labels: ['feature_request', 'Feature Request'], expected: 'x' }]);
    expect(e.location.field).toBe('graders.0.labels.1');
    expect(e.message).toContain('the same once normalised');
  });

  it('rejects a label that normalises to nothing', async () => {
    const e = await compileError([{ type: 'label', labels: ['ok', '**'], expected: 'x' }]);
    expect(e.location.field).toBe('graders.0.labels.1');
  });
});
