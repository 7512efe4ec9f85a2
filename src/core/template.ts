import { LanebarError } from './errors.js';

const SLOT = /\{\{\s*([A-Za-z_][A-Za-z0-9_.-]*)\s*\}\}/g;

/** The `{{name}}` slots a template reads, in order of first use. */
export function templateVariables(template: string): string[] {
  const names = new Set<string>();
  for (const m of template.matchAll(SLOT)) names.add(m[1]!);
  return [...names];
}

export type Row = Readonly<Record<string, string>>;

/**
 * Fills `{{name}}` slots from a row. A slot with no value is an error rather than an empty
 * string, because a silently blank prompt would still be sent and billed.
 */
export function renderTemplate(template: string, row: Row, where: { file?: string; field?: string; line?: number } = {}): string {
  return template.replace(SLOT, (_m, name: string) => {
    const value = row[name];
    if (value === undefined) {
      throw new LanebarError(`template slot {{${name}}} has no value in this row`, where, `add a "${name}" column to the dataset or remove the slot`);
    }
    return value;
  });
}
