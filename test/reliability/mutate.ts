import fc from 'fast-check';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { expect } from 'vitest';
import { LanebarError } from '../../src/core/errors.js';
import { ROOT } from './harness.js';

/*
 * Bad input, generated: a bundled file mutated the ways files really go wrong (lines deleted,
 * duplicated, swapped or re-indented, a value of the wrong type, a cut-off end, stray bytes: NUL,
 * invalid UTF-8, a BOM, CR, ESC, quotes), or, now and then, text from nowhere. Each input must end
 * in success or in lanebar's own error naming the file and a line or field, within a time bound.
 */

/** Values of every type, and the awkward ones, to put where another value was. */
const VALUES = [
  '-1', '0', '1.5', '1e309', '-0', '99999999999999999999', '"x"', "'y'", 'true', 'no', 'null', '~', '[]', '{}', '[1, "a"]', '{a: 1}',
  '.nan', '.inf', '""', '&anchor', '*anchor', '!!binary aGk=', '"', "'", '{', '[', ':', '- x', '#', '"\\u0000"', '2026-13-45', 'é😀',
  `"${'a'.repeat(5000)}"`, '{{', '}}', '{{nope}}', '\\', ',', '","', '\t',
];

/** Bytes that break parsers: NUL, invalid UTF-8, a byte-order mark, CR, ESC, quote, comma, newline. */
const BYTES = [0x00, 0xff, 0xfe, 0xc3, 0x80, 0xef, 0xbb, 0xbf, 0x0d, 0x0a, 0x1b, 0x22, 0x2c, 0x3a, 0x09, 0x7b, 0x7d];

export type Mutation =
  | { kind: 'delete'; at: number }
  | { kind: 'duplicate'; at: number }
  | { kind: 'swap'; a: number; b: number }
  | { kind: 'flip'; at: number; token: number; to: string }
  | { kind: 'indent'; at: number; by: number }
  | { kind: 'insert'; at: number; line: string }
  | { kind: 'truncate'; at: number }
  | { kind: 'bytes'; at: number; bytes: number[] };

const index = fc.nat({ max: 1_000_000 });

export const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('delete' as const), at: index }),
  fc.record({ kind: fc.constant('duplicate' as const), at: index }),
  fc.record({ kind: fc.constant('swap' as const), a: index, b: index }),
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('flip' as const), at: index, token: index, to: fc.constantFrom(...VALUES) }) },
  fc.record({ kind: fc.constant('indent' as const), at: index, by: fc.integer({ min: -4, max: 4 }) }),
  fc.record({ kind: fc.constant('insert' as const), at: index, line: fc.oneof(fc.constantFrom(...VALUES), fc.string({ maxLength: 30 })) }),
  fc.record({ kind: fc.constant('truncate' as const), at: index }),
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('bytes' as const), at: index, bytes: fc.array(fc.oneof(fc.constantFrom(...BYTES), fc.nat({ max: 255 })), { minLength: 1, maxLength: 6 }) }) },
);

const TOKEN = /"(?:[^"\\]|\\.)*"|[A-Za-z0-9_.+-]+/g;

function applyText(text: string, m: Exclude<Mutation, { kind: 'bytes' }>): string {
  const lines = text.split('\n');
  const at = (i: number) => i % Math.max(1, lines.length);
  switch (m.kind) {
    case 'delete':
      lines.splice(at(m.at), 1);
      break;
    case 'duplicate':
      lines.splice(at(m.at), 0, lines[at(m.at)] ?? '');
      break;
    case 'swap': {
      const [a, b] = [at(m.a), at(m.b)];
      [lines[a], lines[b]] = [lines[b] ?? '', lines[a] ?? ''];
      break;
    }
    case 'flip': {
      const line = lines[at(m.at)] ?? '';
      const tokens = [...line.matchAll(TOKEN)];
      const t = tokens[m.token % Math.max(1, tokens.length)];
      if (t) lines[at(m.at)] = line.slice(0, t.index) + m.to + line.slice(t.index + t[0].length);
      break;
    }
    case 'indent': {
      const line = lines[at(m.at)] ?? '';
      lines[at(m.at)] = m.by >= 0 ? ' '.repeat(m.by) + line : line.slice(Math.min(-m.by, line.length - line.trimStart().length));
      break;
    }
    case 'insert':
      lines.splice(at(m.at), 0, m.line);
      break;
    case 'truncate':
      return text.slice(0, m.at % (text.length + 1));
  }
  return lines.join('\n');
}

/** The file after the mutations, as bytes: text edits first, then raw bytes spliced in. */
export function mutate(original: string, mutations: readonly Mutation[]): Buffer {
  let text = original;
  for (const m of mutations) if (m.kind !== 'bytes') text = applyText(text, m);
  let bytes = Buffer.from(text, 'utf8');
  for (const m of mutations) {
    if (m.kind !== 'bytes') continue;
    const at = m.at % (bytes.length + 1);
    bytes = Buffer.concat([bytes.subarray(0, at), Buffer.from(m.bytes), bytes.subarray(at)]);
  }
  return bytes;
}

/** A mutated copy of the file, mostly; sometimes arbitrary text. */
export const badFile = (original: string): fc.Arbitrary<Buffer> =>
  fc.oneof(
    { weight: 9, arbitrary: fc.array(mutation, { minLength: 1, maxLength: 4 }).map((ms) => mutate(original, ms)) },
    { weight: 1, arbitrary: fc.oneof(fc.string({ maxLength: 200 }), fc.string({ unit: 'binary', maxLength: 200 })).map((s) => Buffer.from(s, 'utf8')) },
  );

export interface Tally {
  ok: number;
  located: number;
  slowestMs: number;
}

/** How long one input may take: generous, so only a hang or a runaway fails it. */
export const BOUND_MS = 5_000;

/**
 * Writes the input to `file`, runs the reader, and checks the outcome: success, or a LanebarError
 * naming this file (or one it points to, `alsoNamed`) and a line or a field. Anything else (a TypeError, a raw parser error, a stack
 * trace) fails the property with the input that caused it.
 */
export async function checkInput(file: string, bytes: Buffer, read: () => unknown, tally: Tally, alsoNamed: readonly string[] = []): Promise<void> {
  writeFileSync(file, bytes);
  const t0 = performance.now();
  try {
    await read();
    tally.ok += 1;
  } catch (e) {
    if (!(e instanceof LanebarError)) throw new Error(`not a located lanebar error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    const named = e.location.file ?? '';
    expect([basename(file), ...alsoNamed].some((n) => named.endsWith(n)), `names ${named || 'no file'}: ${e.format()}`).toBe(true);
    expect(e.location.line !== undefined || e.location.field !== undefined, `no line or field: ${e.format()}`).toBe(true);
    tally.located += 1;
  }
  const ms = performance.now() - t0;
  tally.slowestMs = Math.max(tally.slowestMs, ms);
  expect(ms).toBeLessThan(BOUND_MS);
}

export const RUNS = 1000;
export const bundled = (path: string) => readFileSync(join(ROOT, path), 'utf8');
/** The first lines of a file, ending where a CSV record ends (quoted fields span lines). */
export function head(text: string, lines: number): string {
  const all = text.split('\n');
  let end = 0;
  let quotes = 0;
  for (let i = 0; i < Math.min(lines, all.length); i++) {
    quotes += (all[i]!.match(/"/g) ?? []).length;
    if (quotes % 2 === 0) end = i + 1;
  }
  return all.slice(0, end).join('\n') + '\n';
}
export const AT = new Date('2026-11-23T12:00:00Z');

export function workspace(): string {
  const dir = mkdtempSync(join(tmpdir(), 'lanebar-bad-input-'));
  mkdirSync(join(dir, 'suites'));
  mkdirSync(join(dir, 'datasets'));
  mkdirSync(join(dir, 'prices'));
  return dir;
}

/** The bundled price sheet cut to the providers and models the bundled suites and overrides use, pretty-printed so lines mean something. */
export function smallSheet(): string {
  const sheet = JSON.parse(bundled('prices/sheet-2026-11-23.json')) as { providers: { id: string; models: { id: string }[] }[] };
  const keep = /^(gpt-4\.1|claude-(haiku|sonnet)-4-5|gemini-2\.5)/;
  sheet.providers = sheet.providers.filter((p) => ['openai', 'anthropic', 'google'].includes(p.id)).map((p) => ({ ...p, models: p.models.filter((m) => keep.test(m.id)) }));
  return JSON.stringify(sheet, null, 2) + '\n';
}

export async function fuzz(original: string, seed: number, file: string, read: () => unknown, alsoNamed: string[] = []): Promise<Tally> {
  const tally: Tally = { ok: 0, located: 0, slowestMs: 0 };
  await fc.assert(
    fc.asyncProperty(badFile(original), (bytes) => checkInput(file, bytes, read, tally, alsoNamed)),
    { numRuns: RUNS, seed },
  );
  // Both ends were reached: the mutations are neither all harmless nor all fatal.
  expect(tally.ok + tally.located).toBe(RUNS);
  expect(tally.located).toBeGreaterThan(0);
  return tally;
}

