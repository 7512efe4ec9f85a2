import { LanebarError } from '../core/errors.js';
import { graderName, type GraderFactory } from './grader.js';
import { quote, verdict } from './reason.js';

/** The output must match `pattern`. The pattern is compiled once, so a typo fails the suite before any call is paid for. */
export const regexGrader: GraderFactory<'regex'> = (spec, ctx) => {
  const name = graderName(spec);
  let re: RegExp;
  try {
    re = new RegExp(spec.pattern, spec.flags);
  } catch (e) {
    throw new LanebarError(
      `invalid regular expression: ${(e as Error).message}`,
      { file: ctx.suiteFile, field: ctx.field('pattern') },
      'regex patterns use JavaScript syntax; in YAML, single-quote the pattern so backslashes survive',
    );
  }
  const shown = `/${spec.pattern}/${spec.flags}`;
  return ({ output }) => {
    const m = re.exec(output);
    return m
      ? verdict(name, true, `${shown} matched ${quote(m[0])}`)
      : verdict(name, false, `no match for ${shown} in ${quote(output)}`);
  };
};
