import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PriceSheet } from '../../src/schema/prices.js';
import { ROOT, SHEET } from './helpers.js';

describe('scripts/snapshot-prices.ts', () => {
  const out = mkdtempSync(join(tmpdir(), 'lanebar-sheet-'));
  // Node 24 runs the script by stripping its types, as a user would.
  const log = execFileSync(process.execPath, [join(ROOT, 'scripts', 'snapshot-prices.ts'), '--date', '2026-11-23', '--out', out], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  const written = readFileSync(join(out, 'sheet-2026-11-23.json'), 'utf8');

  it('writes a sheet the schema accepts, with the providers lanebar calls', () => {
    expect(log).toMatch(/^wrote .*sheet-2026-11-23\.json: \d+ providers/);
    const sheet = PriceSheet.parse(JSON.parse(written));
    expect(sheet.snapshot_date).toBe('2026-11-23');
    expect(sheet.source.package).toBe('@pydantic/genai-prices');
    expect(sheet.comment).toMatch(/frozen snapshot/i);
    const ids = sheet.providers.map((p) => p.id);
    expect(ids.slice(0, 3)).toEqual(['openai', 'anthropic', 'google']);
    expect(ids).toEqual(expect.arrayContaining(['groq', 'mistral', 'deepseek', 'together', 'fireworks', 'x-ai']));
  });

  it('reproduces the committed sheet byte for byte from the installed library', () => {
    expect(written).toBe(readFileSync(SHEET, 'utf8'));
  });

  it('will not silently overwrite a different sheet of the same date', () => {
    const dir = mkdtempSync(join(tmpdir(), 'lanebar-sheet-'));
    writeFileSync(join(dir, 'sheet-2026-11-23.json'), '{}\n');
    const run = () =>
      execFileSync(process.execPath, [join(ROOT, 'scripts', 'snapshot-prices.ts'), '--date', '2026-11-23', '--out', dir], { cwd: ROOT, stdio: 'pipe' });
    expect(run).toThrow(/exists with different content/);
    expect(readFileSync(join(dir, 'sheet-2026-11-23.json'), 'utf8')).toBe('{}\n');
  });
});
