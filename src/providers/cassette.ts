import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { LanebarError } from '../core/errors.js';
import { hashJson } from '../core/hash.js';
import type { AttemptOutcome } from '../schema/attempt.js';
import { CASSETTE_SCHEMA, CassetteLine, type CassetteExchange, type CassetteHeader } from '../schema/cassette.js';
import { redactSecrets } from './errors.js';
import type { ProviderName } from '../schema/suite.js';
import type { CallContext, ChatRequest, ProviderClient } from './types.js';

/**
 * Cassettes make CI runs deterministic and free: `lanebar run --record` keeps every provider
 * exchange of a run beside its suite, `--replay` answers from them without a network. Both are a
 * wrapper around the provider seam, so they work the same for every provider.
 */

/** The request as a provider sees it, hashed: a changed prompt, tail, parameter or model changes it. */
export const requestFingerprint = (provider: string, model: string, request: ChatRequest): string => hashJson({ provider, model, request });

/** A suite's cassette sits beside it: suites/ticket-triage.yaml -> suites/ticket-triage.cassette.jsonl. */
export const cassettePathFor = (suiteFile: string): string => `${suiteFile.replace(/\.ya?ml$/i, '')}.cassette.jsonl`;

export interface CassetteFile {
  suite: string;
  /** Where it is read or written. */
  path: string;
  /** How errors name it (relative to the working folder). */
  display: string;
}

const key = (...parts: (string | number)[]) => parts.join('\u0000');
const sampleName = (c: Pick<CallContext, 'candidate' | 'caseId' | 'repeat'>) => `candidate ${c.candidate}, case ${c.caseId}${c.repeat ? ` #${c.repeat}` : ''}`;

function needContext(ctx: CallContext | undefined): CallContext {
  if (!ctx) throw new Error('a cassette needs the sample each call belongs to');
  return ctx;
}

const numeric = (a: string, b: string) => a.localeCompare(b, 'en', { numeric: true });

export class CassetteRecorder {
  private readonly files: readonly CassetteFile[];
  private readonly version: string;
  private readonly recorded = new Map<string, CassetteExchange>();

  constructor(files: readonly CassetteFile[], lanebarVersion: string) {
    this.files = files;
    this.version = lanebarVersion;
  }

  /** The inner client, with every exchange kept. `provider` is the candidate's, as fingerprints use it. */
  wrap(inner: ProviderClient, provider: string, simulated: boolean): ProviderClient {
    return {
      provider: inner.provider,
      call: async (model, request, signal, context) => {
        const ctx = needContext(context);
        const outcome = await inner.call(model, request, signal, context);
        const response: AttemptOutcome = { ...outcome, error_message: outcome.error_message === null ? null : redactSecrets(outcome.error_message) };
        this.recorded.set(key(ctx.suite, ctx.candidate, ctx.caseId, ctx.repeat, ctx.attempt), {
          type: 'exchange',
          fingerprint: requestFingerprint(provider, model, request),
          candidate: ctx.candidate,
          case_id: ctx.caseId,
          repeat: ctx.repeat,
          attempt: ctx.attempt,
          provider,
          model,
          simulated,
          request: { prefix_hash: hashJson({ system: request.system, examples: request.examples }), user: request.user, params: request.params },
          response,
        });
        return outcome;
      },
    };
  }

  /** Writes each suite's cassette, replacing the old one whole, in a stable order that diffs well. */
  async save(at: Date): Promise<string[]> {
    const written: string[] = [];
    for (const f of this.files) {
      const header: CassetteHeader = { type: 'cassette', schema: CASSETTE_SCHEMA, suite: f.suite, recorded_at: at.toISOString(), lanebar_version: this.version };
      const entries = [...this.recorded]
        .filter(([k]) => k.startsWith(`${f.suite}\u0000`))
        .map(([, e]) => e)
        .sort((a, b) => numeric(a.candidate, b.candidate) || numeric(a.case_id, b.case_id) || a.repeat - b.repeat || a.attempt - b.attempt);
      const text = [header, ...entries].map((l) => JSON.stringify(l)).join('\n') + '\n';
      const tmp = `${f.path}.${randomBytes(4).toString('hex')}.tmp`;
      try {
        await writeFile(tmp, text, { flag: 'wx' });
        await rename(tmp, f.path);
      } catch (e) {
        await rm(tmp, { force: true });
        throw new LanebarError(`cannot write the cassette (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`, { file: f.display });
      }
      written.push(f.display);
    }
    return written;
  }
}

/** Why a sample has no answer in the cassette. */
export type Miss = 'changed' | 'not recorded';

export class CassettePlayer {
  private readonly byRequest = new Map<string, CassetteExchange>();
  private readonly bySample = new Map<string, CassetteExchange>();
  private readonly targets = new Map<string, { model: string; simulated: boolean }>();
  private readonly display = new Map<string, string>();

  static async load(files: readonly CassetteFile[]): Promise<CassettePlayer> {
    const player = new CassettePlayer();
    for (const f of files) await player.read(f);
    return player;
  }

  private async read(f: CassetteFile): Promise<void> {
    let text: string;
    try {
      text = await readFile(f.path, 'utf8');
    } catch {
      throw new LanebarError(`suite "${f.suite}" has no cassette to replay`, { file: f.display }, 'record one with `lanebar run --record` (live, or against the simulator)');
    }
    this.display.set(f.suite, f.display);
    text.split('\n').forEach((raw, i) => {
      if (raw.trim() === '') return;
      let json: unknown;
      try {
        json = JSON.parse(raw);
      } catch {
        throw new LanebarError('not a JSON line', { file: f.display, line: i + 1 }, 're-record the cassette');
      }
      const parsed = CassetteLine.safeParse(json);
      if (!parsed.success) {
        const issue = parsed.error.issues[0]!;
        throw new LanebarError(issue.message, { file: f.display, line: i + 1, field: issue.path.join('.') || undefined }, 're-record the cassette');
      }
      const e = parsed.data;
      if (e.type === 'cassette') {
        if (e.suite !== f.suite) throw new LanebarError(`cassette was recorded for suite "${e.suite}", not "${f.suite}"`, { file: f.display, line: i + 1, field: 'suite' });
        return;
      }
      this.byRequest.set(key(f.suite, e.fingerprint, e.repeat, e.attempt), e);
      this.bySample.set(key(f.suite, e.candidate, e.case_id, e.repeat, e.attempt), e);
      this.targets.set(key(f.suite, e.candidate), { model: e.model, simulated: e.simulated });
    });
  }

  /** The cassette file of a suite, as errors name it. */
  fileOf(suite: string): string {
    return this.display.get(suite) ?? suite;
  }

  /** What a candidate was recorded against: its model on the wire and whether it was simulated. */
  target(suite: string, candidate: string): { model: string; simulated: boolean } | null {
    return this.targets.get(key(suite, candidate)) ?? null;
  }

  /** Null when the cassette answers this request; otherwise whether the sample was recorded with another request. */
  miss(provider: string, model: string, request: ChatRequest, ctx: CallContext): Miss | null {
    if (this.byRequest.has(key(ctx.suite, requestFingerprint(provider, model, request), ctx.repeat, ctx.attempt))) return null;
    return this.bySample.has(key(ctx.suite, ctx.candidate, ctx.caseId, ctx.repeat, ctx.attempt)) ? 'changed' : 'not recorded';
  }

  /** A client that answers from the cassette and never from the network. */
  client(provider: ProviderName): ProviderClient {
    return {
      provider,
      call: async (model, request, _signal, context) => {
        const ctx = needContext(context);
        const e = this.byRequest.get(key(ctx.suite, requestFingerprint(provider, model, request), ctx.repeat, ctx.attempt));
        if (!e) {
          const why = this.miss(provider, model, request, ctx) === 'changed' ? 'the request differs from the recorded one' : 'it was never recorded';
          throw new LanebarError(
            `suite ${ctx.suite}, ${sampleName(ctx)}, attempt ${ctx.attempt}: no answer in the cassette (${why})`,
            { file: this.fileOf(ctx.suite) },
            're-record with `lanebar run --record`',
          );
        }
        return structuredClone(e.response);
      },
    };
  }
}
