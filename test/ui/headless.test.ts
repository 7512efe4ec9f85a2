import { readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { inCi, inkAllowed } from '../../src/cli/ui-mode.js';

const SRC = join(import.meta.dirname, '..', '..', 'src');

/** Static imports that load code at run time: `import type` is erased, `import()` is deferred. */
const STATIC = /^\s*(?:import|export)\s+(?!type\s)[^'"]*?from\s+['"]([^'"]+)['"]|^\s*import\s+['"]([^'"]+)['"]/gm;

function loaded(entry: string): { files: Set<string>; packages: Set<string> } {
  const files = new Set<string>();
  const packages = new Set<string>();
  const visit = (file: string) => {
    if (files.has(file)) return;
    files.add(file);
    for (const m of readFileSync(file, 'utf8').matchAll(STATIC)) {
      const spec = (m[1] ?? m[2])!;
      if (!spec.startsWith('.')) {
        packages.add(spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]!);
        continue;
      }
      const base = resolve(dirname(file), spec.replace(/\.js$/, ''));
      for (const ext of ['.ts', '.tsx']) {
        try {
          readFileSync(base + ext);
          visit(base + ext);
          break;
        } catch {
          // not this extension
        }
      }
    }
  };
  visit(entry);
  return { files, packages };
}

describe('the headless path', () => {
  it('never loads Ink, React or src/ui: the CLI reaches them only through a dynamic import on the UI path', () => {
    const { files, packages } = loaded(join(SRC, 'cli', 'main.ts'));
    expect([...files].map((f) => relative(SRC, f)).filter((f) => f.startsWith('ui/'))).toEqual([]);
    expect([...packages].filter((p) => p === 'ink' || p === 'react' || p.startsWith('ink-'))).toEqual([]);
    expect(files.has(join(SRC, 'cli', 'run-command.ts'))).toBe(true);
    // The replay view's loader and its report modules come with `replay` or `ui --replay` only.
    expect(files.has(join(SRC, 'cli', 'replay-ui.ts'))).toBe(false);
  });
});

describe('when the Ink UI may start', () => {
  const tty = { isTTY: true };
  it('only with a terminal on stdout and stdin, outside CI', () => {
    expect(inkAllowed(tty, tty, {})).toBe(true);
    expect(inkAllowed({ isTTY: false }, tty, {})).toBe(false);
    expect(inkAllowed({}, tty, {})).toBe(false);
    expect(inkAllowed(tty, { isTTY: false }, {})).toBe(false);
    expect(inkAllowed(tty, tty, { CI: 'true' })).toBe(false);
    expect(inkAllowed(tty, tty, { CI: '' })).toBe(false);
    expect(inkAllowed(tty, tty, { CONTINUOUS_INTEGRATION: '1' })).toBe(false);
  });

  it('CI=0 and CI=false mean not CI, as Ink itself reads them', () => {
    expect(inCi({ CI: '0' })).toBe(false);
    expect(inCi({ CI: 'false' })).toBe(false);
    expect(inCi({ GITHUB_ACTIONS: 'true' })).toBe(false);
  });
});
