import type { SimCache } from '../../schema/sim.js';

/** Tokens OpenAI reports as cached for a prefix: the minimum, then whole increments beyond it. */
export function cachedTokensFor(prefixTokens: number, config: SimCache): number {
  if (prefixTokens <= 0 || prefixTokens < config.min_prefix_tokens) return 0;
  return config.min_prefix_tokens + Math.floor((prefixTokens - config.min_prefix_tokens) / config.increment) * config.increment;
}

/** A prefix that ends at a `cache_control` breakpoint. */
export interface MarkedPrefix {
  key: string;
  tokens: number;
  ttl: '5m' | '1h';
}

/** What an explicitly cached request read from and wrote to the cache, in tokens. */
export interface MarkedUse {
  read: number;
  write5m: number;
  write1h: number;
}

/** Expired entries are swept when the map grows past this, so a long benchmark does not leak. */
const SWEEP_AT = 10_000;

/**
 * A simulated prompt cache. Automatic caching (OpenAI, Gemini implicit caching): a prefix is
 * cached per model once a request with it has been processed; a later request with the same prefix
 * within the TTL reads it. Every use refreshes the TTL, as OpenAI keeps an entry alive while it is
 * used. Only whole-prefix matches count: the harness always sends the same stable prefix, so
 * partial matches would not change its figures. An entry is readable as soon as it is written (a
 * real cache serves it only once the first response has begun), so concurrent cold requests write
 * once here where a provider might bill several writes.
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

  /**
   * Anthropic-style explicit caching: only the prefixes ending at a `cache_control` breakpoint are
   * cached, and only those at least `minTokens` long (the model's minimum cacheable prompt length;
   * a shorter one is processed uncached, without an error). The longest live breakpoint is read;
   * the tokens from there to the last breakpoint are written, each segment at its breakpoint's TTL,
   * so the first request pays the write premium and later ones read. A hit refreshes the TTL.
   */
  mark(model: string, minTokens: number, breakpoints: readonly MarkedPrefix[]): MarkedUse {
    const eligible = breakpoints.filter((b) => b.tokens > 0 && b.tokens >= minTokens).sort((a, b) => a.tokens - b.tokens);
    const use: MarkedUse = { read: 0, write5m: 0, write1h: 0 };
    if (eligible.length === 0) return use;
    const now = this.#clock();
    const keyOf = (b: MarkedPrefix) => `${model}\u001f${b.key}`;
    for (const b of eligible) {
      const expiresAt = this.#expiresAt.get(keyOf(b));
      if (expiresAt !== undefined && expiresAt > now) use.read = Math.max(use.read, b.tokens);
    }
    let covered = use.read;
    for (const b of eligible) {
      if (b.tokens <= covered) continue;
      if (b.ttl === '1h') use.write1h += b.tokens - covered;
      else use.write5m += b.tokens - covered;
      covered = b.tokens;
    }
    for (const b of eligible) {
      const key = keyOf(b);
      const ttlMs = (b.ttl === '1h' ? 3600 : 300) * 1000;
      this.#expiresAt.set(key, Math.max(this.#expiresAt.get(key) ?? 0, now + ttlMs));
    }
    if (this.#expiresAt.size > SWEEP_AT) this.#sweep(now);
    return use;
  }

  #sweep(now: number): void {
    for (const [key, expiresAt] of this.#expiresAt) if (expiresAt <= now) this.#expiresAt.delete(key);
  }
}
