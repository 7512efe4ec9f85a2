import { renderTemplate } from '../core/template.js';
import { graderName, type GraderFactory } from './grader.js';
import { quote, verdict } from './reason.js';

/** The rendered `value` must appear in the output (or, with `negate`, must not). */
export const containsGrader: GraderFactory<'contains'> = (spec, ctx) => {
  const name = graderName(spec);
  const where = { file: ctx.suiteFile, field: ctx.field('value') };
  const fold = (s: string): string => (spec.case_sensitive ? s : s.toLowerCase());
  return ({ output, row }) => {
    const value = renderTemplate(spec.value, row, where);
    const found = fold(output).includes(fold(value));
    if (spec.negate) {
      return found
        ? verdict(name, false, `must not contain ${quote(value)}, but does: ${quote(output)}`)
        : verdict(name, true, `does not contain ${quote(value)}`);
    }
    return found
      ? verdict(name, true, `contains ${quote(value)}`)
      : verdict(name, false, `${quote(value)} not found in ${quote(output)}`);
  };
};
