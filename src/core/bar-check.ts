import type { Bar, LaneBar, PriceFigures } from '../schema/bar.js';
import type { Lane } from '../schema/suite.js';
import { canonicalJson } from './hash.js';

/** Today's state of one suite an authorization was taken on, as read by the load layer. */
export type CurrentSuite =
  | { ok: false; file: string; error: string }
  | {
      ok: true;
      file: string;
      hash: string;
      version: string;
      /** The lane with its budget defaults applied. */
      lane: Lane & { budget: Required<Lane['budget']> };
      prompt: { version: string; hash: string };
      gradersHash: string;
      candidatesHash: string;
      candidates: { id: string; provider: string; model: string }[];
      dataset: { path: string; hash: string } | { path: string; error: string };
    };

export interface CurrentInputs {
  /** By suite name. */
  suites: ReadonlyMap<string, CurrentSuite>;
  priceSheet: { path: string; date: string; hash: string };
  priceOverrides: { path: string; hash: string } | null;
  /** By `provider/model`: the price in force today, or why there is none. */
  prices: ReadonlyMap<string, PriceFigures | { error: string }>;
}

/** One review trigger: something an authorization rests on is no longer as recorded. */
export interface Trigger {
  kind: 'suite' | 'budget' | 'prompt' | 'dataset' | 'graders' | 'candidates' | 'price' | 'price_sheet';
  /** True when the change can alter a verdict; false for changes recorded only for the record. */
  stale: boolean;
  what: string;
}

export interface LaneCheck {
  lane: string;
  suite: string;
  /** The authorized candidate, or null when the lane had none. */
  authorized: string | null;
  triggers: Trigger[];
  stale: boolean;
}

export interface BarCheck {
  stale: boolean;
  lanes: LaneCheck[];
}

export const priceKey = (provider: string, model: string): string => `${provider}/${model}`;

const short = (h: string) => h.slice(0, 12);
const show = (v: unknown) => (typeof v === 'string' ? v : canonicalJson(v));

function priceChanges(recorded: PriceFigures, now: PriceFigures): string[] {
  return (Object.keys(recorded) as (keyof PriceFigures)[])
    .filter((k) => canonicalJson(recorded[k]) !== canonicalJson(now[k]))
    .map((k) => `${k} ${show(recorded[k])} → ${show(now[k])}`);
}

function suiteTriggers(l: LaneBar, cur: CurrentSuite): Trigger[] {
  const p = l.provenance;
  if (!cur.ok) return [{ kind: 'suite', stale: true, what: `suite ${cur.file} cannot be read today: ${cur.error}` }];
  const out: Trigger[] = [];
  const budgetNow = cur.lane.budget;
  const changed = (Object.keys(l.lane.budget) as (keyof typeof budgetNow)[]).filter((k) => l.lane.budget[k] !== budgetNow[k]);
  if (changed.length) out.push({ kind: 'budget', stale: true, what: `lane budget changed: ${changed.map((k) => `${k} ${l.lane.budget[k]} → ${budgetNow[k]}`).join(', ')}` });
  if (cur.lane.id !== l.lane.id || cur.lane.latency_class !== l.lane.latency_class) {
    out.push({ kind: 'budget', stale: true, what: `lane is now ${cur.lane.id} (${cur.lane.latency_class}), was ${l.lane.id} (${l.lane.latency_class})` });
  }
  if (cur.prompt.hash !== p.prompt.hash || cur.prompt.version !== p.prompt.version) {
    out.push({ kind: 'prompt', stale: true, what: `prompt v${p.prompt.version} (sha256 ${short(p.prompt.hash)}) is now v${cur.prompt.version} (sha256 ${short(cur.prompt.hash)})` });
  }
  if ('error' in cur.dataset) out.push({ kind: 'dataset', stale: true, what: `dataset ${cur.dataset.path} cannot be read today: ${cur.dataset.error}` });
  else if (cur.dataset.hash !== p.dataset.hash || cur.dataset.path !== p.dataset.path) {
    const where = cur.dataset.path === p.dataset.path ? cur.dataset.path : `${p.dataset.path} → ${cur.dataset.path}`;
    out.push({ kind: 'dataset', stale: true, what: `dataset changed: ${where} (sha256 ${short(p.dataset.hash)} → ${short(cur.dataset.hash)})` });
  }
  if (cur.gradersHash !== p.graders_hash) out.push({ kind: 'graders', stale: true, what: 'graders changed' });
  if (cur.candidatesHash !== p.candidates_hash) {
    const was = new Map(l.candidates.map((c) => [c.candidate, c]));
    const now = new Map(cur.candidates.map((c) => [c.id, c]));
    const notes = [
      ...[...now.keys()].filter((id) => !was.has(id)).map((id) => `${id} added`),
      ...[...was.keys()].filter((id) => !now.has(id)).map((id) => `${id} removed`),
      ...[...now.values()].flatMap((c) => {
        const w = was.get(c.id);
        return w && (w.provider !== c.provider || w.model !== c.model) ? [`${c.id} is now ${c.provider} ${c.model} (was ${w.provider} ${w.model})`] : [];
      }),
    ];
    out.push({ kind: 'candidates', stale: true, what: `candidates changed: ${notes.length ? notes.join('; ') : 'parameters or repeats'}` });
  }
  if (cur.version !== p.suite.version) out.push({ kind: 'suite', stale: true, what: `suite version ${p.suite.version} is now ${cur.version}` });
  if (cur.hash !== p.suite.hash && out.length === 0) {
    out.push({ kind: 'suite', stale: false, what: `suite file ${cur.file} changed, but not its lane, budget, prompt, dataset, graders or candidates` });
  }
  return out;
}

function priceTriggers(l: LaneBar, current: CurrentInputs): Trigger[] {
  const out: Trigger[] = [];
  for (const c of l.candidates) {
    const now = current.prices.get(priceKey(c.provider, c.model));
    if (!now) continue;
    if ('error' in now) out.push({ kind: 'price', stale: true, what: `${c.candidate} (${c.provider} ${c.model}) has no price today: ${now.error}` });
    else {
      const changes = priceChanges(c.price, now);
      if (changes.length) out.push({ kind: 'price', stale: true, what: `${c.candidate} (${c.provider} ${c.model}) repriced: ${changes.join(', ')}` });
    }
  }
  const p = l.provenance;
  const sheetMoved = current.priceSheet.hash !== p.price_sheet.hash || (current.priceOverrides?.hash ?? null) !== (p.price_overrides?.hash ?? null);
  if (sheetMoved && out.length === 0) {
    out.push({
      kind: 'price_sheet',
      stale: false,
      what: `prices now come from ${current.priceSheet.path} (${current.priceSheet.date})${current.priceOverrides ? ` with ${current.priceOverrides.path}` : ''}; this lane's models are priced as before`,
    });
  }
  return out;
}

/**
 * Re-validates every lane of a bar against today's suites, datasets and prices: an
 * authorization is stale when anything that could change a verdict differs from the record.
 */
export function checkBar(bar: Bar, current: CurrentInputs): BarCheck {
  const lanes = bar.lanes.map((l): LaneCheck => {
    const cur = current.suites.get(l.suite) ?? { ok: false as const, file: l.provenance.suite.file, error: 'not loaded' };
    const triggers = [...suiteTriggers(l, cur), ...priceTriggers(l, current)];
    return { lane: l.lane.id, suite: l.suite, authorized: l.authorization?.model.candidate ?? null, triggers, stale: triggers.some((t) => t.stale) };
  });
  return { stale: lanes.some((l) => l.stale), lanes };
}
