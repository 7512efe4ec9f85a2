import { renderTemplate } from '../core/template.js';
import { graderName, type GraderFactory } from './grader.js';
import { quote, showNumber, verdict } from './reason.js';

// `1,234.50`, `$1234.5`, `-3`, `1e3`, `.5`. The lookbehind keeps `5-3` from reading as 5 and -3,
// and `v1.2` from yielding `.2`.
const NUMBER = String.raw`(?<![\p{L}\p{N}.])(?:[-+−]?[$€£]\s?|[$€£]\s?[-+−]|[-+−])?(?:\d{1,3}(?:,\d{3})+|\d+)?(?:\.\d+)?(?<=\d)(?:[eE][-+]?\d+)?`;
const LABELLED = new RegExp(String.raw`\b(?:final answer|answer|total|result)\b[*_\s]*[:=][*_\s]*(${NUMBER})`, 'giu');
const AFTER_EQUALS = new RegExp(String.raw`=[*_\s]*(${NUMBER})`, 'gu');
const ANY = new RegExp(NUMBER, 'gu');

/** `$1,234.50` -> 1234.5; the text has already matched NUMBER. */
const toNumber = (text: string): number => Number(text.replace(/[$€£,\s]/g, '').replace(/−/g, '-'));

const lastMatch = (re: RegExp, text: string, group: number): string | undefined => [...text.matchAll(re)].at(-1)?.[group];

/**
 * The number a model answered with: after the last "Answer:"/"TOTAL:"/"Result:" label, else after
 * the last "=", else the last number in the output. Labels win over "=" because working often
 * follows the answer ("Total: 42 (= 40 + 2)").
 */
export function extractNumber(output: string): number | undefined {
  const text = lastMatch(LABELLED, output, 1) ?? lastMatch(AFTER_EQUALS, output, 1) ?? lastMatch(ANY, output, 0);
  return text === undefined ? undefined : toNumber(text);
}

/** A value from the dataset: the whole trimmed string must be one number, in any format the output may use. */
export function parseNumber(text: string): number | undefined {
  const m = new RegExp(`^${NUMBER}$`, 'u').exec(text.trim());
  return m ? toNumber(m[0]) : undefined;
}

/**
 * The output's number must be within `tolerance` of the expected one (a fraction of it when
 * `relative`). Score is 1 or 0: being near a wrong total is not partly right, and a partial score
 * would hide that in the mean.
 */
export const numberGrader: GraderFactory<'number'> = (spec, ctx) => {
  const name = graderName(spec);
  const where = { file: ctx.suiteFile, field: ctx.field('expected') };
  return ({ output, row }) => {
    const expectedText = renderTemplate(spec.expected, row, where);
    const expected = parseNumber(expectedText);
    if (expected === undefined) return verdict(name, false, `expected value ${quote(expectedText)} from the dataset is not a number`);
    const got = extractNumber(output);
    if (got === undefined) return verdict(name, false, `no number in output: ${quote(output)}`);
    const allowed = spec.relative ? spec.tolerance * Math.abs(expected) : spec.tolerance;
    const diff = Math.abs(got - expected);
    // Subtraction in binary floating point: 1.1 - 1.0 is 0.10000000000000009, which must still be within 0.1.
    const slack = 4 * Number.EPSILON * Math.max(Math.abs(got), Math.abs(expected));
    const tolerance = spec.relative ? `${showNumber(spec.tolerance * 100)}% = ${showNumber(allowed)}` : showNumber(allowed);
    if (diff === 0) return verdict(name, true, `${showNumber(got)} equals ${showNumber(expected)}`);
    return diff <= allowed + slack
      ? verdict(name, true, `${showNumber(got)} is within ${showNumber(allowed)} of ${showNumber(expected)}`)
      : verdict(name, false, `${showNumber(got)} is ${showNumber(diff)} away from ${showNumber(expected)} (tolerance ${tolerance})`);
  };
};
