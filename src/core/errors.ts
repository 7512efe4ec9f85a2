import { inert } from './inert.js';

/** Where in a user's file a problem was found. Every input error carries one. */
export interface Location {
  file?: string;
  line?: number;
  column?: number;
  /** Dotted path of the field, e.g. `graders.2.type`, or a column name for datasets. */
  field?: string;
}

/**
 * The only error lanebar shows a user without a stack trace: it names the file, the line or row
 * and the field, and says what to do.
 */
export class LanebarError extends Error {
  readonly location: Location;
  readonly hint: string | undefined;

  constructor(message: string, location: Location = {}, hint?: string) {
    super(message);
    this.name = 'LanebarError';
    this.location = location;
    this.hint = hint;
  }

  /**
   * `file:line:column field: message` in the form editors and CI annotate. Messages quote what
   * users' files and servers hold (a dataset id, a field's value): they are printed inert.
   */
  format(): string {
    const { file, line, column, field } = this.location;
    let where = file ?? '';
    if (file && line !== undefined) where += `:${line}`;
    if (file && line !== undefined && column !== undefined) where += `:${column}`;
    const head = [where, field ? `(${field})` : ''].filter(Boolean).join(' ');
    const body = inert(head ? `${head}: ${this.message}` : this.message);
    return this.hint ? `${body}\n  hint: ${inert(this.hint)}` : body;
  }
}

export const isLanebarError = (e: unknown): e is LanebarError => e instanceof LanebarError;
