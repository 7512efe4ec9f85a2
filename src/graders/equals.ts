import { renderTemplate } from '../core/template.js';
import { graderName, type GraderFactory } from './grader.js';
import { quote, verdict } from './reason.js';

/** The output must be the rendered `expected`, by default ignoring surrounding whitespace and case. */
export const equalsGrader: GraderFactory<'equals'> = (spec, ctx) => {
  const name = graderName(spec);
  const where = { file: ctx.suiteFile, field: ctx.field('expected') };
  const normalise = (s: string): string => {
    const t = spec.trim ? s.trim() : s;
    return spec.case_sensitive ? t : t.toLowerCase();
  };
  return ({ output, row }) => {
    const expected = renderTemplate(spec.expected, row, where);
    return normalise(output) === normalise(expected)
      ? verdict(name, true, `equals ${quote(expected)}`)
      : verdict(name, false, `expected ${quote(expected)}, got ${quote(output)}`);
  };
};
