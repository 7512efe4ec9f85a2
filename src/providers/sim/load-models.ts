import { readFile } from 'node:fs/promises';
import { isMap, isSeq, isScalar, LineCounter, parseDocument, type Document } from 'yaml';
import { LanebarError } from '../../core/errors.js';
import { aliasLocation } from '../../load/yaml.js';
import { SimModelsFile } from '../../schema/sim.js';

const HINT = 'see sim/models.yaml for the format of a simulated-models file';

/** Reads a simulated-models file; any problem is a LanebarError naming the file, the line and the field. */
export async function loadSimModels(path: string): Promise<SimModelsFile> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    throw new LanebarError(`cannot read the simulated-models file: ${(err as Error).message}`, { file: path }, HINT);
  }
  return parseSimModels(text, path);
}

export function parseSimModels(text: string, file: string): SimModelsFile {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter });
  const syntax = doc.errors[0];
  if (syntax) {
    const pos = syntax.linePos?.[0];
    throw new LanebarError(`YAML syntax error: ${syntax.message.split('\n')[0]}`, { file, line: pos?.line, column: pos?.col }, HINT);
  }
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 100 });
  } catch (err) {
    throw new LanebarError(`YAML: ${(err as Error).message}`, { file, ...aliasLocation(doc, lineCounter) }, HINT);
  }
  const result = SimModelsFile.safeParse(data);
  if (result.success) return result.data;

  // A misspelt key also shows up as a missing one; the unknown key is the one that names the typo.
  const issues = result.error.issues;
  const issue = issues.find((i) => i.code === 'unrecognized_keys') ?? issues[0]!;
  // An unknown key is reported on its object; point at the key itself, where the typo is.
  const path = issue.code === 'unrecognized_keys' && issue.keys[0] !== undefined ? [...issue.path, issue.keys[0]] : issue.path;
  const field = path.map(String).join('.');
  // A problem with the whole document (an empty file) is on its first line.
  return fail(issue.message, { file, line: lineOf(doc, path, lineCounter) ?? 1, field: field || undefined });
}

function fail(message: string, where: { file: string; line: number | undefined; field: string | undefined }): never {
  throw new LanebarError(message, where, HINT);
}

/** Line of the deepest node along `path` that exists: a missing field is reported at its parent. */
function lineOf(doc: Document, path: readonly PropertyKey[], lines: LineCounter): number | undefined {
  let node: unknown = doc.contents;
  let offset = isMap(node) || isSeq(node) || isScalar(node) ? node.range?.[0] : undefined;
  for (const segment of path) {
    if (isMap(node)) {
      const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(segment));
      if (!pair) break;
      if (isScalar(pair.key) && pair.key.range) offset = pair.key.range[0];
      node = pair.value;
    } else if (isSeq(node)) {
      const item = node.items[Number(segment)];
      if (item === undefined) break;
      if ((isMap(item) || isSeq(item) || isScalar(item)) && item.range) offset = item.range[0];
      node = item;
    } else {
      break;
    }
  }
  return offset === undefined ? undefined : lines.linePos(offset).line;
}
