import type { GradeResult } from '../schema/grade.js';

const QUOTE_MAX = 120;

/**
 * Quotes model output (or any user text) for a reason: at most ~120 characters, and with
 * newlines and other control characters escaped, so one reason is one row of a table.
 */
export function quote(text: string, max = QUOTE_MAX): string {
  const chars = [...text];
  const shown = chars.length > max ? `${chars.slice(0, max - 1).join('')}…` : text;
  return JSON.stringify(shown);
}

/** Escapes line breaks and caps length for reasons written by someone else (custom graders, runtime errors). */
export function oneLine(text: string, max = 300): string {
  const flat = JSON.stringify(text).slice(1, -1).replace(/\\"/g, '"');
  const chars = [...flat];
  return chars.length > max ? `${chars.slice(0, max - 1).join('')}…` : flat;
}

/** A rounded number for reasons: `0.7`, not `0.7000000000000011`. */
export const showNumber = (n: number): string => String(Number(n.toPrecision(6)));

export function verdict(grader: string, pass: boolean, reason: string, score: number = pass ? 1 : 0): GradeResult {
  return { grader, pass, score, reason };
}
