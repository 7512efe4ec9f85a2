import { oneLine, quote } from './reason.js';

export type Parsed = { ok: true; value: unknown } | { ok: false; reason: string };

// A fenced block labelled json, or unlabelled: models often drop the label.
const FENCE = /```[ \t]*([A-Za-z]*)[^\n]*\n([\s\S]*?)```/g;

/**
 * The JSON a model answered with: the whole output when it is a bare object or array, else the
 * single fenced json block. Prose around a bare object is not accepted: a lane that asks for
 * JSON is consumed by a parser, and the parser will not forgive it either.
 */
function extract(output: string): { ok: true; text: string } | { ok: false; reason: string } {
  const trimmed = output.trim();
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) return { ok: true, text: trimmed };
  const blocks = [...output.matchAll(FENCE)].filter((m) => ['', 'json'].includes((m[1] ?? '').toLowerCase()));
  if (blocks.length === 1) return { ok: true, text: (blocks[0]?.[2] ?? '').trim() };
  if (blocks.length > 1) return { ok: false, reason: `${blocks.length} fenced JSON blocks in output; expected one` };
  return { ok: false, reason: `no JSON in output (expected a bare object or array, or one \`\`\`json block): ${quote(output)}` };
}

/** V8 says where parsing stopped ("... in JSON at position 12 (line 1 column 13)"); keep that and show the text around it. */
function describeParseError(text: string, message: string): string {
  const at = /^(.*?) in JSON at position (\d+)/.exec(message);
  const position = at ? Number(at[2]) : /end of JSON input/.test(message) ? text.length : undefined;
  if (position === undefined) return `not valid JSON: ${oneLine(message, 160)}`;
  const what = at?.[1] ?? 'unexpected end of input';
  const near = text.slice(Math.max(0, position - 15), position + 15);
  return `not valid JSON at position ${position}: ${what}, near ${quote(near)}`;
}

export function parseJsonOutput(output: string): Parsed {
  const found = extract(output);
  if (!found.ok) return found;
  try {
    return { ok: true, value: JSON.parse(found.text) as unknown };
  } catch (e) {
    return { ok: false, reason: describeParseError(found.text, (e as Error).message) };
  }
}

/** RFC 6901: `/a/0/b~1c` reads `value.a[0]["b/c"]`; `""` is the whole document. */
export function resolvePointer(doc: unknown, pointer: string): { found: true; value: unknown } | { found: false } {
  if (pointer === '') return { found: true, value: doc };
  let current: unknown = doc;
  for (const raw of pointer.slice(1).split('/')) {
    const token = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(current)) {
      if (!/^(?:0|[1-9]\d*)$/.test(token) || Number(token) >= current.length) return { found: false };
      current = current[Number(token)];
    } else if (current !== null && typeof current === 'object' && Object.hasOwn(current, token)) {
      current = (current as Record<string, unknown>)[token];
    } else {
      return { found: false };
    }
  }
  return { found: true, value: current };
}
