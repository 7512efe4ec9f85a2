import { LanebarError } from '../core/errors.js';
import { renderTemplate } from '../core/template.js';
import { graderName, type GraderFactory } from './grader.js';
import { quote, verdict } from './reason.js';

// Quotes, punctuation and markdown emphasis a model wraps around an otherwise correct label.
const WRAPPING = /^[\s"'`“”‘’*_.,;:!?()[\]{}<>]+|[\s"'`“”‘’*_.,;:!?()[\]{}<>]+$/gu;
const PREFIX = /^(?:label|category)\s*[:=]/u;

/**
 * `**Category:** Billing.` -> `billing`; `feature_request`, `feature-request` and `Feature Request`
 * all become `feature request`, so label spelling in the suite and in the output need not agree.
 */
export function normaliseLabel(text: string): string {
  let s = text.trim().toLowerCase().replace(WRAPPING, '');
  if (PREFIX.test(s)) s = s.replace(PREFIX, '').replace(WRAPPING, '');
  return s.replace(/[\s_-]+/gu, ' ');
}

const escapeRegExp = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Labels mentioned as whole words, minus those only mentioned inside a longer one ("request" in "feature request"). */
function mentionedLabels(normalisedOutput: string, labels: readonly string[]): string[] {
  const found = labels.filter((l) => new RegExp(`(?<![\\p{L}\\p{N}])${escapeRegExp(l)}(?![\\p{L}\\p{N}])`, 'u').test(normalisedOutput));
  return found.filter((l) => !found.some((other) => other !== l && other.includes(l)));
}

/** The output must be exactly one of `labels`, and the one the row expects. */
export const labelGrader: GraderFactory<'label'> = (spec, ctx) => {
  const name = graderName(spec);
  const labels = spec.labels.map(normaliseLabel);
  labels.forEach((label, i) => {
    const where = { file: ctx.suiteFile, field: ctx.field(`labels.${i}`) };
    if (label === '') throw new LanebarError(`label ${quote(spec.labels[i] ?? '')} is empty once normalised`, where);
    const first = labels.indexOf(label);
    if (first !== i) {
      throw new LanebarError(
        `labels ${quote(spec.labels[first] ?? '')} and ${quote(spec.labels[i] ?? '')} are the same once normalised`,
        where,
        'case, "_", "-" and spaces are ignored when comparing labels; remove one of them',
      );
    }
  });
  const known = new Set(labels);
  const where = { file: ctx.suiteFile, field: ctx.field('expected') };

  return ({ output, row }) => {
    const expectedRaw = renderTemplate(spec.expected, row, where);
    const expected = normaliseLabel(expectedRaw);
    if (!known.has(expected)) {
      return verdict(name, false, `expected label ${quote(expectedRaw)} from the dataset is not one of the labels`);
    }
    const got = normaliseLabel(output);
    if (known.has(got)) {
      return got === expected
        ? verdict(name, true, `label ${quote(got)}`)
        : verdict(name, false, `expected ${quote(expected)}, got ${quote(got)}`);
    }
    const mentioned = mentionedLabels(got, labels);
    if (mentioned.length > 1) {
      return verdict(name, false, `more than one label in output: ${mentioned.map((l) => quote(l)).join(', ')}`);
    }
    if (mentioned.length === 1) {
      return verdict(name, false, `output is not just a label (it mentions ${quote(mentioned[0] ?? '')}): ${quote(output)}`);
    }
    return verdict(name, false, `no label in output: ${quote(output)}`);
  };
};
