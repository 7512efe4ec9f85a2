import { relative } from 'node:path';
import { LanebarError } from '../core/errors.js';
import type { LoadedSuite } from '../load/suite.js';
import { LANEBAR_VERSION } from '../load/version.js';
import { CassettePlayer, CassetteRecorder, cassettePathFor, type CassetteFile } from '../providers/cassette.js';
import { checkCassettes } from '../run/cassette-check.js';
import type { PlanInput, RunPlan } from '../run/plan.js';
import type { ResumeState } from '../run/runner.js';
import type { resolveTarget } from '../run/targets.js';
import { candidateId } from '../schema/suite.js';

type MakeClient = PlanInput['makeClient'];

/** What `lanebar run --record` or `--replay` changes in a run; the rest of the run is the same. */
export interface Cassettes {
  replaying: boolean;
  /** A replay takes each candidate's target from the cassette: no key, no simulator, no network. */
  resolverFor(loaded: LoadedSuite): typeof resolveTarget | undefined;
  wrap(make: MakeClient): MakeClient;
  /** Before any call: a replay names every sample its cassettes cannot answer. */
  check(plan: RunPlan, resume: ResumeState | null): Promise<void>;
  /** After the run: a recording is written. */
  finish(io: { out(line: string): void }): Promise<void>;
}

const filesOf = (loaded: readonly LoadedSuite[]): CassetteFile[] =>
  loaded.map((l) => {
    const path = cassettePathFor(l.file);
    return { suite: l.suite.name, path, display: relative(process.cwd(), path) || path };
  });

function replayResolver(player: CassettePlayer, suite: string): typeof resolveTarget {
  return (c) => {
    const rec = player.target(suite, candidateId(c));
    // A candidate the cassette lacks gets a consistent target; the check then names its every case.
    const simulated = rec ? rec.simulated : c.sim !== undefined;
    return { simulated, servedBy: rec?.model ?? (simulated ? c.sim! : c.model), baseUrl: simulated ? null : (c.base_url ?? null), apiKey: 'replay', keyEnv: null };
  };
}

export async function openCassettes(opts: { record?: boolean; replay?: boolean; resume?: string }, loaded: readonly LoadedSuite[]): Promise<Cassettes | null> {
  if (opts.record && opts.replay) throw new LanebarError('--record and --replay exclude each other', { field: '--record' });
  if (opts.record && opts.resume) {
    throw new LanebarError('a cassette is recorded by one whole run; --record cannot resume', { field: '--record' }, 'start a new run with --record');
  }
  const files = filesOf(loaded);
  if (opts.replay) {
    const player = await CassettePlayer.load(files);
    return {
      replaying: true,
      resolverFor: (l) => replayResolver(player, l.suite.name),
      wrap: () => (provider) => player.client(provider),
      check: (plan, resume) => checkCassettes(plan, player, resume),
      finish: async () => undefined,
    };
  }
  if (opts.record) {
    const recorder = new CassetteRecorder(files, LANEBAR_VERSION);
    return {
      replaying: false,
      resolverFor: () => undefined,
      wrap: (make) => (provider, t) => recorder.wrap(make(provider, t), provider, t.simulated),
      check: async () => undefined,
      finish: async (io) => io.out(`cassettes recorded: ${(await recorder.save(new Date())).join(', ')}`),
    };
  }
  return null;
}
