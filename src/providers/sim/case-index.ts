import { sha256 } from '../../core/hash.js';
import { LanebarError } from '../../core/errors.js';
import { renderTemplate, templateVariables, type Row } from '../../core/template.js';
import type { SimTaskSpec } from '../../schema/sim.js';
import { unit } from './deterministic.js';

/** A lane's cases as the harness will send them: each row's tail is rendered with the suite's template. */
export interface SimTask {
  lane: string;
  tailTemplate: string;
  idColumn: string;
  rows: Row[];
}

export interface CaseAnswers {
  correct: string;
  /** Rendered wrong answers; never equal to `correct`. */
  wrong: string[];
}

export interface IndexedCase {
  lane: string;
  caseId: string;
  difficulty: number;
  /** Null when the models file has no task entry for the lane: the case is known but not its answer. */
  answers: CaseAnswers | null;
}

/** The harness sends the rendered tail as the last user message, so its hash finds the case. */
export type CaseIndex = ReadonlyMap<string, IndexedCase>;

export const tailKey = (renderedTail: string): string => sha256(renderedTail);

const OTHER_SLOT = /\{\{\s*\$other\.([A-Za-z_][A-Za-z0-9_.-]*)\s*\}\}/g;
const OTHER_PREFIX = '__other__.';
/** How many rows to try when looking for a row that differs; keeps start-up linear on odd datasets. */
const MAX_OTHER_PROBES = 1000;
const FALLBACK_WRONG = 'I could not determine the answer from the information given.';

export function buildCaseIndex(tasks: readonly SimTask[], specs: Readonly<Record<string, SimTaskSpec>>, seed: number): CaseIndex {
  const index = new Map<string, IndexedCase>();
  for (const task of tasks) {
    const spec = specs[task.lane];
    task.rows.forEach((row, i) => {
      const caseId = row[task.idColumn] ?? String(i);
      const tail = renderTemplate(task.tailTemplate, row, { field: `${task.lane} tail template` });
      const key = tailKey(tail);
      // Two rows with the same tail are the same request; the first one answers for both.
      if (index.has(key)) return;
      index.set(key, {
        lane: task.lane,
        caseId,
        difficulty: spec ? difficultyOf(spec, task.lane, caseId, row, seed) : unit(seed, 'difficulty', task.lane, caseId),
        answers: spec ? renderAnswers(spec, task, i, caseId, seed) : null,
      });
    });
  }
  return index;
}

function difficultyOf(spec: SimTaskSpec, lane: string, caseId: string, row: Row, seed: number): number {
  const column = spec.difficulty_column;
  if (column === undefined) return unit(seed, 'difficulty', lane, caseId);
  const raw = row[column];
  const value = raw === undefined || raw.trim() === '' ? Number.NaN : Number(raw);
  if (!Number.isFinite(value) || value < 0 || value > 1) {
    throw new LanebarError(
      `case "${caseId}" of lane "${lane}" has difficulty ${JSON.stringify(raw ?? null)}, not a number in [0, 1]`,
      { field: `tasks.${lane}.difficulty_column` },
      `fill the "${column}" column or remove difficulty_column from the simulated-models file`,
    );
  }
  return value;
}

function renderAnswers(spec: SimTaskSpec, task: SimTask, rowIndex: number, caseId: string, seed: number): CaseAnswers {
  const row = task.rows[rowIndex]!;
  const correct = renderTemplate(spec.answer, row, { field: `tasks.${task.lane}.answer` });
  const wrong: string[] = [];
  spec.wrong.forEach((template, w) => {
    const rendered = renderWrong(template, task, rowIndex, correct, `${caseId}\u001f${w}`, seed, `tasks.${task.lane}.wrong.${w}`);
    if (rendered !== null) wrong.push(rendered);
  });
  return { correct, wrong: wrong.length > 0 ? wrong : [FALLBACK_WRONG] };
}

/**
 * Renders a wrong-answer template. `{{$other.col}}` reads a deterministic other row: preferably one
 * that differs from this row in every `$other` column, else one whose rendered answer at least
 * differs from the correct one. Null when no row qualifies (e.g. a one-row dataset).
 */
function renderWrong(template: string, task: SimTask, rowIndex: number, correct: string, salt: string, seed: number, field: string): string | null {
  const row = task.rows[rowIndex]!;
  const local = template.replace(OTHER_SLOT, (_m, name: string) => `{{${OTHER_PREFIX}${name}}}`);
  const otherColumns = templateVariables(local)
    .filter((v) => v.startsWith(OTHER_PREFIX))
    .map((v) => v.slice(OTHER_PREFIX.length));
  const render = (other: Row): string => {
    const merged: Record<string, string> = { ...row };
    for (const c of otherColumns) if (other[c] !== undefined) merged[OTHER_PREFIX + c] = other[c];
    return renderTemplate(local, merged, { field });
  };
  if (otherColumns.length === 0) {
    const rendered = render(row);
    return rendered === correct ? null : rendered;
  }
  const n = task.rows.length;
  const start = Math.floor(unit(seed, 'other', task.lane, salt) * n);
  let fallback: string | null = null;
  for (let step = 0; step < Math.min(n, MAX_OTHER_PROBES); step++) {
    const j = (start + step) % n;
    if (j === rowIndex) continue;
    const other = task.rows[j]!;
    const rendered = render(other);
    if (rendered === correct) continue;
    if (otherColumns.every((c) => other[c] !== row[c])) return rendered;
    fallback ??= rendered;
  }
  return fallback;
}
