import type { MatchLogic, PriceConstraint, SheetModel, SheetPrices, SheetProvider } from '../schema/prices.js';

/*
 * Reading the frozen price sheet the way @pydantic/genai-prices reads its own data, so that a
 * snapshot prices a model exactly as the library would have on the snapshot day. Each function
 * names the library function (dist/index.js, v0.1.8) it mirrors.
 */

/** Mirrors `f`: case-insensitive tests, `regex` against the lower-cased name. */
export function matchesModel(logic: MatchLogic, name: string): boolean {
  const n = name.toLowerCase();
  if ('or' in logic) return logic.or.some((l) => matchesModel(l, n));
  if ('and' in logic) return logic.and.every((l) => matchesModel(l, n));
  if ('equals' in logic) return n === logic.equals.toLowerCase();
  if ('starts_with' in logic) return n.startsWith(logic.starts_with.toLowerCase());
  if ('ends_with' in logic) return n.endsWith(logic.ends_with.toLowerCase());
  if ('contains' in logic) return n.includes(logic.contains.toLowerCase());
  return new RegExp(logic.regex).test(n);
}

export interface SheetHit {
  provider: SheetProvider;
  model: SheetModel;
}

/** Mirrors `C`: the first model whose rule matches, then the provider's fallback providers (one level). */
function findIn(provider: SheetProvider, name: string, all: readonly SheetProvider[] | null): SheetHit | undefined {
  const model = provider.models.find((m) => matchesModel(m.match, name));
  if (model) return { provider, model };
  if (!all) return undefined;
  for (const id of provider.fallback_model_providers ?? []) {
    const fallback = all.find((p) => p.id === id);
    const hit = fallback && findIn(fallback, name, null);
    if (hit) return hit;
  }
  return undefined;
}

/** Mirrors `xe`: `claude-3-5-sonnet-20241022` is also tried as `claude-3-5-sonnet-2024-10-22`. */
export function dashDate(name: string): string {
  return name.replace(/(-)(20\d{2})(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])(?=-|:|$)/g, (whole, dash: string, y: string, m: string, d: string) => {
    const day = new Date(Date.UTC(Number(y), Number(m) - 1, Number(d)));
    const real = day.getUTCFullYear() === Number(y) && day.getUTCMonth() === Number(m) - 1 && day.getUTCDate() === Number(d);
    return real ? `${dash}${y}-${m}-${d}` : whole;
  });
}

/** Mirrors `ve`: the sheet model a provider bills `name` as, or undefined. */
export function findSheetModel(provider: SheetProvider, name: string, all: readonly SheetProvider[]): SheetHit | undefined {
  const n = name.toLowerCase().trim();
  const hit = findIn(provider, n, all);
  if (hit) return hit;
  const dashed = dashDate(n);
  return dashed === n ? undefined : findIn(provider, dashed, all);
}

/** Seconds after UTC midnight of `HH:MM:SS(.fff)(Z|±HH:MM)`, as `A` computes it. */
function secondsOfDay(time: string): number {
  const m = /^(\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(Z|([+-])(\d{2}):(\d{2}))$/.exec(time);
  if (!m) throw new Error(`invalid time of day: ${time}`);
  const [, h = '0', min = '0', s = '0', frac = '', zone, sign, oh = '0', om = '0'] = m;
  const local = Number(h) * 3600 + Number(min) * 60 + Number(s) + Number(`0.${frac}`);
  const offset = zone === 'Z' ? 0 : (sign === '+' ? 1 : -1) * (Number(oh) * 60 + Number(om)) * 60;
  return (local - offset + 86400) % 86400;
}

function applies(constraint: PriceConstraint, at: Date): boolean {
  if (constraint.type === 'start_date') return at >= new Date(`${constraint.start_date}T00:00:00Z`);
  const now = at.getUTCHours() * 3600 + at.getUTCMinutes() * 60 + at.getUTCSeconds() + at.getUTCMilliseconds() / 1000;
  const start = secondsOfDay(constraint.start_time);
  const end = secondsOfDay(constraint.end_time);
  // A window such as 16:30-00:30 wraps past midnight.
  return end < start ? now >= start || now < end : now >= start && now < end;
}

export interface PickedPrices {
  prices: SheetPrices;
  /** The constraint of the history entry chosen; undefined for a flat price or the base entry. */
  constraint: PriceConstraint | undefined;
}

/**
 * Mirrors `we`: walk the history from the newest entry back and take the first that applies,
 * so the latest start_date on or before `at` wins; before all of them, the first entry.
 */
export function pickPrices(model: SheetModel, at: Date): PickedPrices {
  if (!Array.isArray(model.prices)) return { prices: model.prices, constraint: undefined };
  for (let i = model.prices.length - 1; i >= 0; i--) {
    const entry = model.prices[i]!;
    if (!entry.constraint || applies(entry.constraint, at)) return { prices: entry.prices, constraint: entry.constraint };
  }
  const first = model.prices[0]!;
  return { prices: first.prices, constraint: first.constraint };
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = row;
  }
  return prev[b.length]!;
}

/** The `count` candidates closest to `name` by edit distance, for "did you mean" hints. */
export function nearestNames(name: string, candidates: Iterable<string>, count = 3): string[] {
  const n = name.toLowerCase();
  return [...new Set(candidates)]
    .map((c) => ({ c, d: editDistance(n, c.toLowerCase()) }))
    .sort((x, y) => x.d - y.d || (x.c < y.c ? -1 : 1))
    .slice(0, count)
    .map((x) => x.c);
}
