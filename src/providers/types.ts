import type { AttemptOutcome } from '../schema/attempt.js';
import type { CacheTtl, CandidateParams, ProviderName } from '../schema/suite.js';

/** What every provider is asked: a stable prefix (cacheable) and a dynamic tail. */
export interface ChatRequest {
  system: string;
  examples: readonly { user: string; assistant: string }[];
  /** The rendered dynamic tail: always the last user message. */
  user: string;
  params: CandidateParams;
  /** How long a provider with explicit caching (Anthropic) keeps the stable prefix; default 5m. */
  cacheTtl?: CacheTtl;
}

/** Which sample a call belongs to: adapters ignore it; cassettes key and name recordings by it. */
export interface CallContext {
  suite: string;
  candidate: string;
  caseId: string;
  repeat: number;
  attempt: number;
}

/**
 * The provider seam. `call` never throws for provider trouble: every failure comes back as an
 * outcome with `ok: false` and an error class, so that it can be journalled and priced.
 */
export interface ProviderClient {
  readonly provider: ProviderName;
  call(model: string, request: ChatRequest, signal: AbortSignal, context?: CallContext): Promise<AttemptOutcome>;
}

export interface ProviderConfig {
  provider: ProviderName;
  baseUrl?: string | undefined;
  apiKey: string;
  /** Sent as extra headers; never journalled. */
  headers?: Record<string, string>;
}
