import type { Row } from '../core/template.js';
import type { GraderSpec } from '../schema/suite.js';
import type { GradeResult } from '../schema/grade.js';

/** What a grader sees: the model's output and the dataset row (inputs and expected columns). */
export interface GradeContext {
  output: string;
  row: Row;
}

export type Grader = (ctx: GradeContext) => GradeResult | Promise<GradeResult>;

export type GraderType = GraderSpec['type'];
export type SpecOf<T extends GraderType> = Extract<GraderSpec, { type: T }>;

/** Where a spec came from, so that compile errors can name the suite file and the field. */
export interface CompileContext {
  suiteFile: string;
  /** The dotted path of one of this spec's fields, e.g. `graders.2.pattern`. */
  field(name: string): string;
}

/** Turns a spec into a grader once per suite; the slow or failing work (regex, schema, module) happens here. */
export type GraderFactory<T extends GraderType> = (spec: SpecOf<T>, ctx: CompileContext) => Grader | Promise<Grader>;

export const graderName = (spec: GraderSpec): string => spec.name ?? spec.type;
