import { access } from 'node:fs/promises';
import { relative } from 'node:path';
import { LanebarError } from '../core/errors.js';
import type { PriceBook } from '../load/prices.js';
import { hashFile } from '../load/hash-file.js';
import { checkDataset } from '../load/dataset.js';
import type { LoadedSuite } from '../load/suite.js';
import { LANEBAR_VERSION } from '../load/version.js';
import { templateVariables } from '../core/template.js';
import { compileGraders, type CompiledGrader } from '../graders/registry.js';
import { redactUrl } from '../providers/redact.js';
import type { ProviderClient } from '../providers/types.js';
import { JOURNAL_SCHEMA, type CandidateManifest, type RunStart, type SuiteManifest, type Target } from '../schema/journal.js';
import { candidateId, type ProviderName } from '../schema/suite.js';
import { resolveTarget, type ResolvedTarget } from './targets.js';

export interface PlannedCandidate {
  manifest: CandidateManifest;
  client: ProviderClient;
}

export interface PlannedSuite {
  loaded: LoadedSuite;
  manifest: SuiteManifest;
  graders: CompiledGrader[];
  candidates: PlannedCandidate[];
}

export interface RunPlan {
  start: RunStart;
  suites: PlannedSuite[];
}

/** Everything checked before a single call is paid for: suites, datasets, prices, keys, graders. */
export interface CheckedSuite {
  loaded: LoadedSuite;
  rows: number;
  datasetHash: string;
  graders: CompiledGrader[];
  targets: ResolvedTarget[];
}

export async function checkSuite(
  loaded: LoadedSuite,
  target: Target,
  env: Readonly<Record<string, string | undefined>>,
  /** How each candidate's target is chosen; a replay takes it from the cassette instead. */
  resolve: typeof resolveTarget = resolveTarget,
): Promise<CheckedSuite> {
  const { suite } = loaded;
  const display = relative(process.cwd(), loaded.file) || loaded.file;
  const required = [...new Set([...suite.dataset.inputs, ...suite.dataset.expected, ...templateVariables(suite.prompt.template)])];
  const src = { path: loaded.datasetPath, format: loaded.datasetFormat, display: relative(process.cwd(), loaded.datasetPath) };
  // The path is the suite's: a wrong one is the suite's mistake, named at its field.
  if (!(await access(loaded.datasetPath).then(() => true, () => false))) {
    throw new LanebarError(`dataset file not found: ${src.display}`, { file: display, field: 'dataset.path' }, 'dataset.path is relative to the suite file');
  }
  const [rows, datasetHash, graders] = await Promise.all([
    checkDataset(src, { idColumn: suite.dataset.id_column, required }),
    hashFile(loaded.datasetPath),
    compileGraders(suite.graders, { suiteFile: loaded.file }),
  ]);
  const targets = suite.candidates.map((c, i) => resolve(c, target, env, { file: display, field: `candidates.${i}` }));
  return { loaded, rows, datasetHash, graders, targets };
}

export interface PlanInput {
  runId: string;
  startedAt: Date;
  target: Target;
  checked: readonly CheckedSuite[];
  prices: PriceBook;
  /** Builds the client for a candidate; the simulator's URL is known to the caller only. */
  makeClient(provider: ProviderName, target: ResolvedTarget): ProviderClient;
}

export function buildPlan(input: PlanInput): RunPlan {
  const suites = input.checked.map((cs): PlannedSuite => {
    const { suite } = cs.loaded;
    const candidates = suite.candidates.map((c, i): PlannedCandidate => {
      const t = cs.targets[i]!;
      const manifest: CandidateManifest = {
        id: candidateId(c),
        provider: c.provider,
        model: c.model,
        simulated: t.simulated,
        served_by: t.servedBy,
        // Journalled and printed: without the credentials a base URL can carry.
        base_url: t.baseUrl === null ? null : redactUrl(t.baseUrl),
        params: c.params,
        repeats: c.repeats,
        price: input.prices.resolve(c.provider, c.model, input.startedAt),
      };
      return { manifest, client: input.makeClient(c.provider, t) };
    });
    const manifest: SuiteManifest = {
      name: suite.name,
      version: suite.version,
      file: relative(process.cwd(), cs.loaded.file) || cs.loaded.file,
      hash: cs.loaded.hash,
      lane: suite.lane,
      prompt: { version: suite.prompt.version, hash: cs.loaded.promptHash },
      dataset: { path: relative(process.cwd(), cs.loaded.datasetPath), hash: cs.datasetHash, rows: cs.rows },
      graders: suite.graders,
      candidates: candidates.map((c) => c.manifest),
      compare: suite.compare,
    };
    return { loaded: cs.loaded, manifest, graders: cs.graders, candidates };
  });
  const start: RunStart = {
    type: 'run_start',
    schema: JOURNAL_SCHEMA,
    run_id: input.runId,
    started_at: input.startedAt.toISOString(),
    lanebar_version: LANEBAR_VERSION,
    node_version: process.version,
    target: input.target,
    price_sheet: input.prices.sheet,
    price_overrides: input.prices.overrides,
    suites: suites.map((s) => s.manifest),
  };
  return { start, suites };
}

/**
 * The plan of an interrupted run, rebuilt from its journal: the recorded manifests (and so the
 * recorded prices) are kept, and the suites and datasets must be byte-identical to what started.
 */
export function resumePlan(start: RunStart, checked: readonly CheckedSuite[], makeClient: PlanInput['makeClient']): RunPlan {
  const suites = start.suites.map((manifest): PlannedSuite => {
    const cs = checked.find((c) => c.loaded.suite.name === manifest.name);
    if (!cs) throw new LanebarError(`suite "${manifest.name}" of this run could not be loaded`, { file: manifest.file });
    if (cs.loaded.hash !== manifest.hash) {
      throw new LanebarError('suite file changed since the run started; resuming would mix two suites', { file: manifest.file }, 'start a new run');
    }
    if (cs.datasetHash !== manifest.dataset.hash) {
      throw new LanebarError('dataset changed since the run started; resuming would mix two datasets', { file: manifest.dataset.path }, 'start a new run');
    }
    const candidates = manifest.candidates.map((cm, i): PlannedCandidate => {
      const t = cs.targets[i]!;
      if (t.simulated !== cm.simulated) {
        throw new LanebarError(
          `candidate "${cm.id}" ran ${cm.simulated ? 'simulated' : 'live'} and would now run ${t.simulated ? 'simulated' : 'live'}`,
          { file: manifest.file, field: `candidates.${i}` },
          // A resume keeps the run's target (--target is not read again): what changed is the environment.
          cm.simulated
            ? `unset ${t.keyEnv ?? 'the provider key'} for the resume (the run started without it), or start a new run`
            : 'set the provider key again, or start a new run',
        );
      }
      return { manifest: cm, client: makeClient(cm.provider, t) };
    });
    return { loaded: cs.loaded, manifest, graders: cs.graders, candidates };
  });
  return { start, suites };
}
