import { resolve } from 'node:path';
import { readDataset } from '../../load/dataset.js';
import { hashFile } from '../../load/hash-file.js';
import { loadSuite } from '../../load/suite.js';
import type { SuiteManifest } from '../../schema/journal.js';

/** A failed case's inputs and expected values, as `column: value` pairs from its dataset row. */
export interface CaseColumns {
  inputs: [string, string][];
  expected: [string, string][];
}

export interface SuiteRows {
  rows: Map<string, CaseColumns>;
  /** Why inputs are missing or may not be the ones the run saw; null when they are exact. */
  note: string | null;
}

/**
 * Looks up the dataset rows of failed cases, named by the run's manifest. The journal records
 * paths relative to the folder the run started in, and the dataset's sha256: a dataset that has
 * changed since is not read (its rows could be other cases than the ones the run graded), and the
 * page says so rather than showing the wrong inputs.
 */
export async function readFailedRows(suite: SuiteManifest, caseIds: ReadonlySet<string>, root: string): Promise<SuiteRows> {
  const rows = new Map<string, CaseColumns>();
  if (caseIds.size === 0) return { rows, note: null };
  const datasetPath = resolve(root, suite.dataset.path);
  let hash: string;
  try {
    hash = await hashFile(datasetPath);
  } catch {
    return { rows, note: `dataset ${suite.dataset.path} not found from ${root}: inputs and expected values are not shown` };
  }
  if (hash !== suite.dataset.hash) {
    return { rows, note: `dataset ${suite.dataset.path} changed since the run (sha256 differs): inputs and expected values are not shown` };
  }
  let loaded;
  try {
    loaded = await loadSuite(resolve(root, suite.file));
  } catch {
    return { rows, note: `suite file ${suite.file} cannot be read: the dataset's columns are unknown, so inputs and expected values are not shown` };
  }
  const { id_column, inputs, expected } = loaded.suite.dataset;
  const note = loaded.hash === suite.hash ? null : `suite file ${suite.file} changed since the run: input and expected columns are the current file's`;
  const format = loaded.datasetFormat;
  for await (const { row } of readDataset({ path: datasetPath, format, display: suite.dataset.path })) {
    const id = row[id_column];
    if (id === undefined || !caseIds.has(id)) continue;
    rows.set(id, {
      inputs: inputs.map((c) => [c, row[c] ?? ''] as [string, string]),
      expected: expected.map((c) => [c, row[c] ?? ''] as [string, string]),
    });
  }
  return { rows, note };
}
