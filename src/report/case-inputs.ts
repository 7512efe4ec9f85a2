import { isLanebarError } from '../core/errors.js';
import { readDataset } from '../load/dataset.js';
import { hashFile } from '../load/hash-file.js';
import { loadSuite } from '../load/suite.js';
import type { SuiteManifest } from '../schema/journal.js';

/** A dataset row as a failure shows it: the prompt's input columns and the graders' expected ones. */
export interface CaseInputs {
  input: [column: string, value: string][];
  expected: [column: string, value: string][];
}

export type CaseInputsResult = { ok: true; cases: Map<string, CaseInputs> } | { ok: false; reason: string };

/**
 * Finds the inputs of some cases of a run in the dataset its manifest names. The journal records
 * outputs and verdicts, not inputs; the dataset is read again, and only if its bytes are the ones
 * the run hashed, so a failure is never shown next to an input it was not given.
 */
export async function loadCaseInputs(manifest: SuiteManifest, caseIds: Iterable<string>): Promise<CaseInputsResult> {
  const wanted = new Set(caseIds);
  let loaded;
  try {
    loaded = await loadSuite(manifest.file);
  } catch (e) {
    return { ok: false, reason: `suite ${manifest.file} could not be read (${isLanebarError(e) ? e.message : String(e)})` };
  }
  let hash;
  try {
    hash = await hashFile(loaded.datasetPath);
  } catch {
    return { ok: false, reason: `dataset ${manifest.dataset.path} could not be read` };
  }
  if (hash !== manifest.dataset.hash) return { ok: false, reason: `dataset ${manifest.dataset.path} changed since the run; inputs not shown` };
  const { id_column, inputs, expected } = loaded.suite.dataset;
  const cases = new Map<string, CaseInputs>();
  const pick = (row: Record<string, string>, cols: readonly string[]): [string, string][] => cols.map((c) => [c, row[c] ?? '']);
  try {
    for await (const { row } of readDataset({ path: loaded.datasetPath, format: loaded.datasetFormat, display: manifest.dataset.path })) {
      const id = row[id_column];
      if (id === undefined || !wanted.has(id)) continue;
      cases.set(id, { input: pick(row, inputs), expected: pick(row, expected) });
      if (cases.size === wanted.size) break;
    }
  } catch (e) {
    return { ok: false, reason: isLanebarError(e) ? e.format() : String(e) };
  }
  return { ok: true, cases };
}
