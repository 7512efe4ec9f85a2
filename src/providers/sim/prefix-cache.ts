import type { SimCache } from '../../schema/sim.js';

/** Tokens OpenAI reports as cached for a prefix: the minimum, then whole increments beyond it. */
export function cachedTokensFor(prefixTokens: number, config: SimCache): number {
  if (prefixTokens <= 0 || prefixTokens < config.min_prefix_tokens) return 0;
  return config.min_prefix_tokens + Math.floor((prefixTokens - config.min_prefix_tokens) / config.increment) * config.increment;
}

/** Expired entries are swept when the map grows past this, so a long benchmark does not leak. */
const SWEEP_AT = 10_000;

/**
 * OpenAI-style automatic prefix caching. A prefix is cached per model once a request with it has
 * been processed; a later request with the same prefix within the TTL reads it. Every use refreshes
 * the TTL, as OpenAI keeps an entry alive while it is used. Only whole-prefix matches count: the
 * harness always sends the same stable prefix, so partial matches would not change its figures.
 */
export class PrefixCache {
  readonly #expiresAt = new Map<string, number>();
  readonly #clock: () => number;

  constructor(clock: () => number = Date.now) {
    this.#clock = clock;
  }

  /** Cached tokens for this request, and the prefix recorded as used now. */
  use(model: string, config: SimCache, prefixKey: string, prefixTokens: number): number {
    const cacheable = cachedTokensFor(prefixTokens, config);
    if (cacheable === 0) return 0;
    const key = `${model}\u001f${prefixKey}`;
    const now = this.#clock();
    const expiresAt = this.#expiresAt.get(key);
    const hit = expiresAt !== undefined && expiresAt > now;
    this.#expiresAt.set(key, now + config.ttl_s * 1000);
    if (this.#expiresAt.size > SWEEP_AT) this.#sweep(now);
    return hit ? cacheable : 0;
  }

  #sweep(now: number): void {
    for (const [key, expiresAt] of this.#expiresAt) if (expiresAt <= now) this.#expiresAt.delete(key);
  }
}
