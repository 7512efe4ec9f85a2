import { readFile } from 'node:fs/promises';
import { LanebarError } from '../core/errors.js';
import { Bar, BAR_SCHEMA } from '../schema/bar.js';
import { fieldPath } from './yaml.js';

/** Reads a `bar.json` written by `lanebar bar`; anything else is an error naming the field. */
export async function readBarFile(file: string): Promise<Bar> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    throw new LanebarError(`cannot read authorization: ${(e as NodeJS.ErrnoException).code ?? String(e)}`, { file }, 'pass the bar.json that `lanebar bar <run-id>` wrote');
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new LanebarError(`not valid JSON: ${(e as Error).message}`, { file });
  }
  const parsed = Bar.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const schema = (data as { schema?: unknown } | null)?.schema;
    const hint = schema === BAR_SCHEMA ? undefined : `expected a ${BAR_SCHEMA} file (this one says ${JSON.stringify(schema ?? null)})`;
    throw new LanebarError(`not a lanebar authorization: ${issue.message}`, { file, field: fieldPath(issue.path) || undefined }, hint);
  }
  return parsed.data;
}
