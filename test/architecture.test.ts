import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * Dependencies point one way (schema <- core <- load <- providers, graders <- run, replay <-
 * report <- ui <- cli) and never in a cycle: checked on every test run, from day one. ui/ reads
 * report/'s formatting and loaders; report/ (the headless path) never imports ui/.
 */
const SRC = join(import.meta.dirname, '..', 'src');
const LAYER: Record<string, number> = { schema: 0, core: 1, load: 2, providers: 3, graders: 3, run: 4, replay: 4, report: 5, ui: 6, cli: 7 };

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    return e.isDirectory() ? files(p) : /\.tsx?$/.test(e.name) ? [p] : [];
  });
}

const IMPORT = /^\s*(?:import|export)\s[^'"]*?from\s+['"](\.[^'"]+)['"]|^\s*import\s+['"](\.[^'"]+)['"]|import\(\s*['"](\.[^'"]+)['"]\s*\)/gm;

function graph(): Map<string, string[]> {
  const g = new Map<string, string[]>();
  for (const f of files(SRC)) {
    const text = readFileSync(f, 'utf8');
    const deps: string[] = [];
    for (const m of text.matchAll(IMPORT)) {
      const spec = (m[1] ?? m[2] ?? m[3])!;
      deps.push(resolve(dirname(f), spec.replace(/\.js$/, '.ts')).replace(/\.ts$/, existsTsx(f, spec) ? '.tsx' : '.ts'));
    }
    g.set(f, deps);
  }
  return g;
}

function existsTsx(from: string, spec: string): boolean {
  try {
    readFileSync(resolve(dirname(from), spec.replace(/\.js$/, '.tsx')));
    return true;
  } catch {
    return false;
  }
}

const folder = (f: string) => relative(SRC, f).split('/')[0]!;

describe('architecture', () => {
  const g = graph();

  it('every src file sits in a known folder', () => {
    const unknown = [...g.keys()].map(folder).filter((d) => !(d in LAYER));
    expect(unknown).toEqual([]);
  });

  it('dependencies point one way', () => {
    const wrong: string[] = [];
    for (const [f, deps] of g) {
      for (const d of deps) {
        const from = folder(f);
        const to = folder(d);
        if (from === to) continue;
        if (LAYER[to]! >= LAYER[from]!) wrong.push(`${relative(SRC, f)} -> ${relative(SRC, d)}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('has no import cycles', () => {
    const state = new Map<string, 'open' | 'done'>();
    const cycles: string[] = [];
    const visit = (f: string, path: string[]) => {
      if (state.get(f) === 'done') return;
      if (state.get(f) === 'open') {
        cycles.push([...path.slice(path.indexOf(f)), f].map((p) => relative(SRC, p)).join(' -> '));
        return;
      }
      state.set(f, 'open');
      for (const d of g.get(f) ?? []) visit(d, [...path, f]);
      state.set(f, 'done');
    };
    for (const f of g.keys()) visit(f, []);
    expect(cycles).toEqual([]);
  });
});
