import { readFile } from 'node:fs/promises';
import { isMap, isSeq, LineCounter, parseDocument, visit, type Document, type Node } from 'yaml';
import type { z } from 'zod';
import { LanebarError } from '../core/errors.js';

type PathKey = PropertyKey;

/** The YAML node at a zod issue path, so that an error can name its line. */
function nodeAt(doc: Document, path: readonly PathKey[]): Node | undefined {
  let node: unknown = doc.contents;
  let last: Node | undefined = doc.contents ?? undefined;
  for (const key of path) {
    if (isMap(node)) {
      const pair = node.items.find((p) => (p.key as { value?: unknown } | null)?.value === key);
      if (!pair) return last;
      node = pair.value ?? pair.key;
      last = (pair.value ?? pair.key) as Node;
    } else if (isSeq(node) && typeof key === 'number') {
      node = node.items[key];
      if (!node) return last;
      last = node as Node;
    } else {
      return last;
    }
  }
  return last;
}

function locate(doc: Document, counter: LineCounter, path: readonly PathKey[]): { line?: number; column?: number } {
  const node = nodeAt(doc, path);
  const offset = node?.range?.[0];
  if (offset === undefined) return {};
  const { line, col } = counter.linePos(offset);
  return { line, column: col };
}

function valueAt(data: unknown, path: readonly PathKey[]): unknown {
  let v: unknown = data;
  for (const key of path) v = v && typeof v === 'object' ? (v as Record<PropertyKey, unknown>)[key] : undefined;
  return v;
}

export const fieldPath = (path: readonly PathKey[]): string => path.map(String).join('.');

/**
 * Where turning a document into data failed: at the first alias with no anchor before it, or else
 * (aliases past the limit that guards against alias bombs) at the first alias; with none, line 1.
 */
export function aliasLocation(doc: Document, counter: LineCounter): { line: number; column: number } {
  let first: number | undefined;
  let unresolved: number | undefined;
  visit(doc, {
    Alias(_key, node) {
      first ??= node.range?.[0];
      if (node.resolve(doc) !== undefined) return undefined;
      unresolved = node.range?.[0];
      return visit.BREAK;
    },
  });
  const offset = unresolved ?? first;
  const { line, col } = counter.linePos(offset ?? 0);
  return { line, column: col };
}

/**
 * Parses a YAML file and validates it with a zod schema. Syntax errors and schema violations
 * both come back as a LanebarError naming the file, the line and the field.
 */
export async function loadYaml<S extends z.ZodType>(file: string, schema: S): Promise<z.infer<S>> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    throw new LanebarError(`cannot read file: ${(e as NodeJS.ErrnoException).code ?? String(e)}`, { file });
  }
  return parseYaml(text, file, schema);
}

export function parseYaml<S extends z.ZodType>(text: string, file: string, schema: S, hints: Record<string, string> = {}): z.infer<S> {
  const counter = new LineCounter();
  const doc = parseDocument(text, { lineCounter: counter, prettyErrors: false, uniqueKeys: true });
  const syntax = doc.errors[0];
  if (syntax) {
    const { line, col } = counter.linePos(syntax.pos[0]);
    throw new LanebarError(`YAML syntax: ${syntax.message.split('\n')[0]}`, { file, line, column: col });
  }
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 100 });
  } catch (e) {
    throw new LanebarError(`YAML: ${(e as Error).message}`, { file, ...aliasLocation(doc, counter) });
  }
  const parsed = schema.safeParse(data);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const path = issue.path as PathKey[];
  let message = issue.message;
  if (issue.code === 'unrecognized_keys') {
    message = `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}`;
  } else if (issue.code === 'invalid_union' && 'discriminator' in issue && typeof issue.discriminator === 'string') {
    message = `unknown ${issue.discriminator} ${JSON.stringify(valueAt(data, path))}`;
  }
  const more = parsed.error.issues.length - 1;
  const field = fieldPath(path);
  const hint = Object.entries(hints).find(([pattern]) => new RegExp(pattern).test(field))?.[1];
  // A problem with the whole document (an empty file, a list where a mapping belongs) is on its first line.
  const where = locate(doc, counter, path);
  throw new LanebarError(
    more > 0 ? `${message} (and ${more} more problem${more > 1 ? 's' : ''})` : message,
    { file, ...(where.line === undefined ? { line: 1, column: 1 } : where), field: field || undefined },
    hint,
  );
}
