import { Ajv, type ErrorObject, type Options, type ValidateFunction } from 'ajv';
import { Ajv2019 } from 'ajv/dist/2019.js';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { LanebarError } from '../core/errors.js';
import { renderTemplate } from '../core/template.js';
import { graderName, type CompileContext, type GraderFactory } from './grader.js';
import { parseJsonOutput, resolvePointer } from './json-extract.js';
import { quote, verdict } from './reason.js';

// strictSchema turns a misspelt keyword ("requird") into a compile error instead of a schema that
// accepts everything. Formats are not checked: ajv-formats is not a dependency, and an unknown
// format must not fail a suite.
const AJV_OPTIONS: Options = { allErrors: true, strictSchema: true, validateFormats: false, logger: false };

function compileSchema(schema: Record<string, unknown>, ctx: CompileContext): ValidateFunction {
  const dialect = typeof schema.$schema === 'string' ? schema.$schema : '';
  // A fresh instance per grader, so two suites may reuse the same $id.
  const ajv = dialect.includes('2020-12') ? new Ajv2020(AJV_OPTIONS) : dialect.includes('2019-09') ? new Ajv2019(AJV_OPTIONS) : new Ajv(AJV_OPTIONS);
  try {
    return ajv.compile(schema);
  } catch (e) {
    throw new LanebarError(
      `invalid JSON Schema: ${(e as Error).message}`,
      { file: ctx.suiteFile, field: ctx.field('schema') },
      'draft-07 unless "$schema" names 2019-09 or 2020-12; unknown keywords are errors',
    );
  }
}

function describeSchemaErrors(errors: readonly ErrorObject[]): string {
  const shown = errors.slice(0, 2).map((e) => {
    const values = e.keyword === 'enum' ? (e.params as { allowedValues: unknown[] }).allowedValues : undefined;
    const allowed = values ? ` (${values.map((v) => JSON.stringify(v)).join(', ')})` : '';
    return `${e.instancePath || '/'} ${e.message ?? e.keyword}${allowed}`;
  });
  const more = errors.length > 2 ? ` (+${errors.length - 2} more)` : '';
  return `schema: ${shown.join('; ')}${more}`;
}

// Objects and arrays compare as JSON: String() would make every object "[object Object]".
const asText = (v: unknown): string => (v !== null && typeof v === 'object' ? JSON.stringify(v) : String(v));
const fold = (s: string): string => s.trim().toLowerCase();

/**
 * The output must be JSON, satisfy `schema`, and hold the expected value at each pointer in
 * `fields`. Score is the share of those checks passed, so a reply with the right shape but one
 * wrong field scores higher than one that does not parse.
 */
export const jsonGrader: GraderFactory<'json'> = (spec, ctx) => {
  const name = graderName(spec);
  const validate = spec.schema ? compileSchema(spec.schema, ctx) : undefined;
  const fields = Object.entries(spec.fields);
  for (const [pointer] of fields) {
    if (pointer !== '' && !pointer.startsWith('/')) {
      throw new LanebarError(
        `field key ${quote(pointer)} is not a JSON pointer`,
        { file: ctx.suiteFile, field: ctx.field('fields') },
        `JSON pointers start with "/", e.g. "/${pointer}"`,
      );
    }
  }
  const total = 1 + (validate ? 1 : 0) + fields.length;
  const where = { file: ctx.suiteFile, field: ctx.field('fields') };

  return ({ output, row }) => {
    const parsed = parseJsonOutput(output);
    if (!parsed.ok) return verdict(name, false, parsed.reason, 0);
    const failures: string[] = [];
    if (validate && !validate(parsed.value)) failures.push(describeSchemaErrors(validate.errors ?? []));
    for (const [pointer, template] of fields) {
      const expected = renderTemplate(template, row, where);
      const at = resolvePointer(parsed.value, pointer);
      if (!at.found) failures.push(`${pointer}: missing`);
      else if (fold(asText(at.value)) !== fold(expected)) failures.push(`${pointer}: expected ${quote(expected)}, got ${quote(asText(at.value))}`);
    }
    const score = (total - failures.length) / total;
    if (failures.length > 0) return verdict(name, false, failures.join('; '), score);
    const parts = ['valid JSON', validate ? 'schema ok' : '', fields.length ? `${fields.length}/${fields.length} fields match` : ''];
    return verdict(name, true, parts.filter(Boolean).join('; '), 1);
  };
};
