import type { GraderSpec } from '../schema/suite.js';
import type { CaseGrade, GradeResult } from '../schema/grade.js';
import { containsGrader } from './contains.js';
import { customGrader } from './custom.js';
import { equalsGrader } from './equals.js';
import { graderName, type GradeContext, type GraderFactory, type GraderType } from './grader.js';
import { jsonGrader } from './json.js';
import { labelGrader } from './label.js';
import { numberGrader } from './number.js';
import { oneLine, verdict } from './reason.js';
import { regexGrader } from './regex.js';

/** Every grader type and its factory; the mapped type makes a missing entry a type error. */
const FACTORIES: { [T in GraderType]: GraderFactory<T> } = {
  equals: equalsGrader,
  contains: containsGrader,
  regex: regexGrader,
  label: labelGrader,
  json: jsonGrader,
  number: numberGrader,
  custom: customGrader,
};

export interface CompiledGrader {
  name: string;
  grade(c: GradeContext): Promise<GradeResult>;
}

/**
 * Compiles a suite's graders once, before any case runs: bad patterns, schemas and modules are
 * LanebarErrors naming `suiteFile` and `graders.<i>.<field>` (or `<fieldPath>.<i>.<field>`).
 */
export async function compileGraders(specs: readonly GraderSpec[], ctx: { suiteFile: string; fieldPath?: string }): Promise<CompiledGrader[]> {
  const prefix = ctx.fieldPath ?? 'graders';
  return Promise.all(
    specs.map(async (spec, i) => {
      // TypeScript cannot correlate spec.type with the factory's parameter type; the map above guarantees it.
      const factory = FACTORIES[spec.type] as GraderFactory<GraderType>;
      const grader = await factory(spec, { suiteFile: ctx.suiteFile, field: (name) => `${prefix}.${i}.${name}` });
      const name = graderName(spec);
      return {
        name,
        async grade(c: GradeContext): Promise<GradeResult> {
          try {
            return await grader(c);
          } catch (e) {
            // E.g. a row missing the column a template reads: that case fails, the run goes on.
            return verdict(name, false, `grader error: ${oneLine(e instanceof Error ? e.message : String(e))}`);
          }
        },
      };
    }),
  );
}

/**
 * A case passes only when every grader passes; its score is the graders' mean score. With no
 * graders there is no evidence, and no evidence is not a pass.
 */
export async function gradeCase(graders: readonly CompiledGrader[], ctx: GradeContext): Promise<CaseGrade> {
  const grades = await Promise.all(graders.map((g) => g.grade(ctx)));
  if (grades.length === 0) return { pass: false, score: 0, grades };
  const score = grades.reduce((sum, g) => sum + g.score, 0) / grades.length;
  return { pass: grades.every((g) => g.pass), score, grades };
}
