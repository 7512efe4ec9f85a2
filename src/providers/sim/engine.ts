import { hashJson, sha256 } from '../../core/hash.js';
import type { ScriptedFault, SimBilled, SimLedgerEntry, SimModel, SimModelsFile } from '../../schema/sim.js';
import { buildCaseIndex, type CaseIndex, type SimTask } from './case-index.js';
import { unit } from './deterministic.js';
import { FaultPlanner, refusesBeforeModel } from './faults.js';
import { bill, Ledger, NOTHING_BILLED, type Delivery } from './ledger.js';
import { PrefixCache, type MarkedPrefix, type MarkedUse } from './prefix-cache.js';
import { draftReply, filteredDraft, type ReplyDraft, type SimRequest } from './reply.js';
import { messagesTokens } from '../../core/tokens.js';

const NO_CACHE_USE: MarkedUse = Object.freeze({ read: 0, write5m: 0, write1h: 0 });

export type SimProtocol = SimLedgerEntry['protocol'];

/** A request as it arrived, before its body was read. */
export interface Arrival {
  seq: number;
  requestId: string;
}

/** One generation the simulator decided on; the protocol delivers it and reports back. */
export interface Turn {
  arrival: Arrival;
  protocol: SimProtocol;
  request: SimRequest;
  draft: ReplyDraft;
  fault: ScriptedFault | null;
  /** Token counts as the usage report states them. */
  usage: SimBilled;
}

/**
 * The protocol-independent state of a simulator: models, the case index, the prefix cache,
 * scripted faults, per-request sample counters and the ledger. Protocols turn wire requests into
 * `SimRequest`s, ask for a `Turn`, deliver it and report how it went.
 */
export class SimEngine {
  readonly #file: SimModelsFile;
  readonly #index: CaseIndex;
  readonly #cache: PrefixCache;
  readonly #faults = new FaultPlanner();
  readonly #ledger = new Ledger();
  readonly #samples = new Map<string, number>();
  #arrivals = 0;

  constructor(file: SimModelsFile, tasks: readonly SimTask[], clock: () => number = Date.now) {
    this.#file = file;
    this.#index = buildCaseIndex(tasks, file.tasks, file.seed);
    this.#cache = new PrefixCache(clock);
  }

  arrive(): Arrival {
    const seq = this.#arrivals++;
    return { seq, requestId: `req_${sha256(`${this.#file.seed}\u001f${seq}`).slice(0, 32)}` };
  }

  model(name: string): SimModel | undefined {
    return Object.hasOwn(this.#file.models, name) ? this.#file.models[name] : undefined;
  }

  modelNames(): string[] {
    return Object.keys(this.#file.models);
  }

  scriptFaults(model: string, faults: readonly ScriptedFault[]): void {
    this.#faults.script(model, faults);
  }

  /** Decides the reply and the fault for a request to a known model. */
  begin(arrival: Arrival, protocol: SimProtocol, request: SimRequest): Turn {
    const model = this.model(request.model);
    if (!model) throw new Error(`simulator: begin() called for unknown model ${request.model}`);
    const fingerprint = hashJson({
      model: request.model,
      messages: request.messages,
      max: request.maxOutputTokens,
      temperature: request.temperature,
    });
    const sample = this.#samples.get(fingerprint) ?? 0;
    this.#samples.set(fingerprint, sample + 1);

    const seed = this.#file.seed;
    const drafted = draftReply({ seed, modelName: request.model, model, index: this.#index, fingerprint, sample }, request);
    const draw = unit(seed, 'fault', request.model, fingerprint, sample);
    const fault = this.#faults.next(request.model, model.faults, draw, request.stream, drafted.chunks.length);
    const draft = fault?.kind === 'content_filtered' ? filteredDraft(drafted, fault.after_chunks) : drafted;
    // A refused request never reaches the model, so it neither reads nor fills the cache.
    const cache = refusesBeforeModel(fault, request.stream) ? NO_CACHE_USE : this.#useCache(protocol, request, model, draft);
    return {
      arrival,
      protocol,
      request,
      draft,
      fault,
      usage: {
        prompt_tokens: draft.promptTokens,
        cached_tokens: cache.read,
        cache_write_5m_tokens: cache.write5m,
        cache_write_1h_tokens: cache.write1h,
        output_tokens: draft.outputTokens,
        reasoning_tokens: draft.reasoningTokens,
      },
    };
  }

  /** Each protocol's caches are its own: the same profile served over two protocols shares nothing. */
  #useCache(protocol: SimProtocol, request: SimRequest, model: SimModel, draft: ReplyDraft): MarkedUse {
    const owner = `${protocol}\u001f${request.model}`;
    const plan = request.cache;
    if (plan.kind === 'automatic') {
      return { read: this.#cache.use(owner, model.cache, draft.prefixKey, draft.prefixTokens), write5m: 0, write1h: 0 };
    }
    const prefixes: MarkedPrefix[] = plan.breakpoints.map((b) => {
      const prefix = request.messages.slice(0, b.messages);
      return { key: hashJson(prefix), tokens: messagesTokens(prefix), ttl: b.ttl };
    });
    return this.#cache.mark(owner, model.cache.min_prefix_tokens, prefixes);
  }

  finish(turn: Turn, delivery: Delivery): void {
    this.#ledger.record({
      seq: turn.arrival.seq,
      request_id: turn.arrival.requestId,
      protocol: turn.protocol,
      model: turn.request.model,
      stream: turn.request.stream,
      lane: turn.draft.lane,
      case_id: turn.draft.caseId,
      correct: delivery.outcome === 'refused' || delivery.outcome === 'reset' ? null : turn.draft.correct,
      http_status: delivery.httpStatus,
      fault: turn.fault?.kind ?? null,
      outcome: delivery.outcome,
      billed: bill(turn.usage, delivery),
    });
  }

  /** Records a request refused before a turn was decided (no key, bad body, unknown model). */
  refuse(arrival: Arrival, protocol: SimProtocol, model: string | null, stream: boolean, httpStatus: number): void {
    this.#ledger.record({
      seq: arrival.seq,
      request_id: arrival.requestId,
      protocol,
      model,
      stream,
      lane: null,
      case_id: null,
      correct: null,
      http_status: httpStatus,
      fault: null,
      outcome: 'refused',
      billed: { ...NOTHING_BILLED },
    });
  }

  ledger(): SimLedgerEntry[] {
    return this.#ledger.entries();
  }
}
