import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { z } from 'zod';
import { LanebarError } from '../core/errors.js';
import type { GradeResult } from '../schema/grade.js';
import { graderName, type GradeContext, type GraderFactory } from './grader.js';
import { oneLine, verdict } from './reason.js';

/** What a custom grader is called with: the case, plus the `options` from the suite. */
export interface CustomGradeContext extends GradeContext {
  options: Record<string, unknown>;
}

// The object form of a custom result; either of pass or score may be left for us to infer.
const CustomReturn = z.object({
  pass: z.boolean().optional(),
  score: z.number().min(0).max(1).optional(),
  reason: z.string().optional(),
});

const SHAPES = 'return a boolean, a number in [0, 1], or { pass, score, reason }';

/**
 * Booleans and numbers become a GradeResult. A bare number passes only at 1: lanebar does not
 * invent a threshold for someone else's score; return { pass, score } to choose one.
 */
export function normaliseCustomResult(name: string, value: unknown): GradeResult {
  if (typeof value === 'boolean') return verdict(name, value, `custom grader returned ${value}`);
  if (typeof value === 'number') {
    if (!(value >= 0 && value <= 1)) return verdict(name, false, `custom grader returned ${value}; ${SHAPES}`);
    return verdict(name, value === 1, `custom grader scored ${value}`, value);
  }
  const parsed = CustomReturn.safeParse(value);
  if (value === null || typeof value !== 'object' || !parsed.success) {
    return verdict(name, false, `custom grader returned ${oneLine(describe(value), 80)}; ${SHAPES}`);
  }
  const { pass, score, reason } = parsed.data;
  if (pass === undefined && score === undefined) return verdict(name, false, `custom grader returned neither pass nor score; ${SHAPES}`);
  const passed = pass ?? score === 1;
  return verdict(name, passed, oneLine(reason ?? `custom grader ${passed ? 'passed' : 'failed'}`), score ?? (passed ? 1 : 0));
}

function describe(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (typeof value === 'function') return 'a function';
  try {
    return JSON.stringify(value);
  } catch {
    return String(value); // cyclic objects
  }
}

type CustomFn = (ctx: CustomGradeContext) => unknown;

/** Loads the module once per suite; a missing file or export stops the suite before any model is called. */
export const customGrader: GraderFactory<'custom'> = async (spec, ctx) => {
  const name = graderName(spec);
  const path = resolve(dirname(ctx.suiteFile), spec.module);
  const at = (field: string) => ({ file: ctx.suiteFile, field: ctx.field(field) });
  if (!existsSync(path)) {
    throw new LanebarError(`custom grader module not found: ${path}`, at('module'), 'the path is relative to the suite file');
  }
  let mod: Record<string, unknown>;
  try {
    mod = (await import(pathToFileURL(path).href)) as Record<string, unknown>;
  } catch (e) {
    throw new LanebarError(`cannot load custom grader module ${path}: ${(e as Error).message}`, at('module'));
  }
  let fn = mod[spec.export];
  // A CommonJS module compiled from TypeScript puts its default export at module.exports.default.
  if (spec.export === 'default' && typeof fn === 'object' && fn !== null && typeof (fn as { default?: unknown }).default === 'function') {
    fn = (fn as { default: unknown }).default;
  }
  if (typeof fn !== 'function') {
    const exports = Object.keys(mod).join(', ') || 'none';
    throw new LanebarError(
      `export "${spec.export}" of ${path} is ${fn === undefined ? 'missing' : `a ${typeof fn}, not a function`} (exports: ${exports})`,
      at('export'),
      'export a function (ctx) => boolean | number | { pass, score, reason }',
    );
  }
  const grade = fn as CustomFn;
  return async ({ output, row }) => {
    try {
      return normaliseCustomResult(name, await grade({ output, row, options: spec.options }));
    } catch (e) {
      // One case's grader bug is that case's failure, not the end of a paid-for run.
      return verdict(name, false, `custom grader threw: ${oneLine(e instanceof Error ? e.message : String(e))}`);
    }
  };
};
