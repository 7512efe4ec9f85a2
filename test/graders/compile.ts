import { fileURLToPath } from 'node:url';
import { compileGraders, type CompiledGrader } from '../../src/graders/registry.js';
import { GraderSpec } from '../../src/schema/suite.js';

/** A suite file beside the fixtures, so custom module paths resolve to test/graders/fixtures/. */
export const SUITE_FILE = fileURLToPath(new URL('./fixtures/suite.yaml', import.meta.url));

/** Parses a spec as the suite loader would (defaults applied) and compiles it alone. */
export async function compileOne(spec: unknown): Promise<CompiledGrader> {
  const [grader] = await compileGraders([GraderSpec.parse(spec)], { suiteFile: SUITE_FILE });
  return grader!;
}

/** Grades one output against one row with a freshly compiled spec. */
export async function gradeWith(spec: unknown, output: string, row: Record<string, string> = {}) {
  return (await compileOne(spec)).grade({ output, row });
}

/** The LanebarError a compile throws, for asserting on its location. */
export async function compileError(specs: unknown[], fieldPath?: string) {
  try {
    await compileGraders(specs.map((s) => GraderSpec.parse(s)), fieldPath === undefined ? { suiteFile: SUITE_FILE } : { suiteFile: SUITE_FILE, fieldPath });
  } catch (e) {
    return e as import('../../src/core/errors.js').LanebarError;
  }
  throw new Error('expected compileGraders to throw');
}
