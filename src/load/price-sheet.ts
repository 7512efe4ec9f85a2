import { readFileSync } from 'node:fs';
import { LanebarError } from '../core/errors.js';
import { sha256 } from '../core/hash.js';
import { PriceSheetHead, SheetProvider, type PriceSheet } from '../schema/prices.js';
import { jsonErrorLocation } from './json-location.js';
import { fieldPath } from './yaml.js';

export const SNAPSHOT_HINT = 'take one with: node scripts/snapshot-prices.ts';

/**
 * A price sheet read whole and hashed whole, each provider checked against the schema the first
 * time it is looked up: a run prices a few providers of the sheet's many, and checking all of
 * them was most of its start-up. A provider's error names the file and the field, as before.
 */
export interface SheetFile {
  /** sha256 of the file's bytes as committed: the hash every decision records. */
  hash: string;
  snapshot_date: string;
  source: PriceSheet['source'];
  /** Provider ids in sheet order, read without checking the providers themselves. */
  ids: readonly string[];
  /** The first provider with this id, checked in full; undefined when the sheet has none. */
  provider(id: string): SheetProvider | undefined;
  /** Every provider in sheet order, each checked when the iteration reaches it. */
  providers(): Generator<SheetProvider>;
}

export function readBytes(file: string, what: string): Buffer {
  try {
    return readFileSync(file);
  } catch (e) {
    throw new LanebarError(`cannot read ${what}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`, { file });
  }
}

const notASheet = (file: string, message: string, path: readonly PropertyKey[]): LanebarError => {
  const field = fieldPath(path);
  // A problem with the whole document (a number, a list) is on its first line.
  return new LanebarError(`not a lanebar price sheet: ${message}`, { file, ...(field ? { field } : { line: 1 }) }, SNAPSHOT_HINT);
};

export function readSheet(file: string): SheetFile {
  const bytes = readBytes(file, 'price sheet');
  const text = bytes.toString('utf8');
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    const message = (e as Error).message;
    throw new LanebarError(`price sheet is not valid JSON: ${message}`, { file, ...jsonErrorLocation(text, message) }, SNAPSHOT_HINT);
  }
  const head = PriceSheetHead.safeParse(data);
  if (!head.success) {
    const issue = head.error.issues[0]!;
    throw notASheet(file, issue.message, issue.path);
  }
  const raw = head.data.providers;
  const ids = raw.map((p) => p.id);
  const checked = new Map<number, SheetProvider>();
  const at = (i: number): SheetProvider => {
    const known = checked.get(i);
    if (known) return known;
    const parsed = SheetProvider.safeParse(raw[i]);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      throw notASheet(file, `${issue.message} (provider "${ids[i]}")`, ['providers', i, ...issue.path]);
    }
    checked.set(i, parsed.data);
    return parsed.data;
  };
  return {
    hash: sha256(bytes),
    snapshot_date: head.data.snapshot_date,
    source: head.data.source,
    ids,
    provider(id) {
      const i = ids.indexOf(id);
      return i < 0 ? undefined : at(i);
    },
    *providers() {
      for (let i = 0; i < ids.length; i++) yield at(i);
    },
  };
}
