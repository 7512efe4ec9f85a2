import { readFile } from 'node:fs/promises';
import { isMap, isScalar, LineCounter, parseDocument, Scalar } from 'yaml';
import { z } from 'zod';
import { LanebarError, type Location } from '../core/errors.js';
import { compileGateConfig, type GateConfig } from '../core/gate/config.js';
import type { GateSyntaxError } from '../core/gate/errors.js';
import { RoutingBlock, ROUTING_KEYS } from '../schema/gate.js';
import { fieldPath, parseYaml } from './yaml.js';

export type { GateConfig } from '../core/gate/config.js';

/** Reads a router's escalation config (see schema/gate.ts). Every error names the file, line and field. */
export async function loadGateConfig(file: string): Promise<GateConfig> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    throw new LanebarError(`cannot read gate config: ${(e as NodeJS.ErrnoException).code ?? String(e)}`, { file });
  }
  return parseGateConfig(text, file);
}

export function parseGateConfig(text: string, file: string): GateConfig {
  const counter = new LineCounter();
  const doc = parseDocument(text, { lineCounter: counter, prettyErrors: false, uniqueKeys: true });
  const contents = doc.contents;
  const top = doc.errors.length === 0 && isMap(contents) ? ROUTING_KEYS.filter((k) => contents.has(k)) : [];
  if (top.length > 1) {
    throw new LanebarError('the file has both ROUTING and routing: keep one', { file, field: top[1], ...lineColumn(counter, keyOffset(doc, top[1]!)) });
  }
  const key = top[0];
  // Under a top-level key the rest of the file belongs to other systems (budgets, caching): ignored.
  const block = key ? (parseYaml(text, file, z.looseObject({ [key]: RoutingBlock }))[key] as RoutingBlock) : parseYaml(text, file, RoutingBlock);
  const prefix = key ? [key] : [];
  return compileGateConfig(block, (path, error) => {
    const full = [...prefix, ...path];
    return { file, field: fieldPath(full), ...expressionPosition(doc.getIn(full, true), error, text, counter) };
  });
}

function keyOffset(doc: ReturnType<typeof parseDocument>, key: string): number | undefined {
  if (!isMap(doc.contents)) return undefined;
  const pair = doc.contents.items.find((p) => isScalar(p.key) && p.key.value === key);
  return isScalar(pair?.key) ? pair.key.range?.[0] : undefined;
}

function lineColumn(counter: LineCounter, offset: number | undefined): { line?: number; column?: number } {
  if (offset === undefined) return {};
  const { line, col } = counter.linePos(offset);
  return { line, column: col };
}

/**
 * The file line and column of the offending token inside a condition. Exact for a condition on
 * one line (plain, 'single' or "double" quoted); for one spread over lines (a block scalar or a
 * folded quote) it falls back to where the condition starts, and the error's own caret still
 * shows the token.
 */
function expressionPosition(node: unknown, error: GateSyntaxError, text: string, counter: LineCounter): Pick<Location, 'line' | 'column'> {
  if (!isScalar(node) || !node.range) return {};
  const [start, end] = node.range;
  const source = text.slice(start, end);
  const inner = source.includes('\n') ? undefined : sourceOffset(source, node.type, error.offset);
  return lineColumn(counter, start + (inner ?? 0));
}

/** Offset in a scalar's source text of the character at `valueOffset` in its value. */
function sourceOffset(source: string, type: Scalar.Type | undefined, valueOffset: number): number | undefined {
  if (type === Scalar.PLAIN) return valueOffset;
  if (type !== Scalar.QUOTE_SINGLE && type !== Scalar.QUOTE_DOUBLE) return undefined;
  let s = 1;
  let v = 0;
  while (v < valueOffset) {
    const c = source[s];
    if (c === undefined) return undefined;
    if (type === Scalar.QUOTE_SINGLE) {
      s += c === "'" ? 2 : 1; // '' is one quote
      v += 1;
    } else if (c === '\\') {
      const e = source[s + 1];
      const width = e === 'x' ? 4 : e === 'u' ? 6 : e === 'U' ? 10 : 2;
      // \U escapes above U+FFFF are two UTF-16 units of the value.
      const units = e === 'U' && Number.parseInt(source.slice(s + 2, s + 10), 16) > 0xffff ? 2 : 1;
      s += width;
      v += units;
    } else {
      s += 1;
      v += 1;
    }
  }
  return v === valueOffset ? s : undefined;
}
