import type { ErrorClass } from '../schema/attempt.js';

/** HTTP status to error class, the same for every provider (Anthropic's 529 is "overloaded"). */
export function classifyStatus(status: number): ErrorClass {
  if (status === 429) return 'rate_limited';
  if (status === 503 || status === 529) return 'overloaded';
  if (status === 408) return 'timeout';
  if (status >= 500) return 'server_error';
  if (status === 401 || status === 403) return 'auth';
  if (status === 404) return 'not_found';
  if (status >= 400) return 'bad_request';
  return 'unknown';
}

/** One line, no secrets: error messages end up in journals and reports. */
export function safeMessage(e: unknown): string {
  const text = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
  return redactSecrets(text).replace(/\s+/g, ' ').slice(0, 500);
}

/** Masks anything shaped like an API key or bearer token. */
export function redactSecrets(text: string): string {
  return text
    .replace(/\b(sk|pk|rk)-[A-Za-z0-9_-]{8,}/g, '$1-***')
    .replace(/\bsk-ant-[A-Za-z0-9_-]{8,}/g, 'sk-ant-***')
    .replace(/\bAIza[0-9A-Za-z_-]{20,}/g, 'AIza***')
    .replace(/(bearer\s+)[^\s"']+/gi, '$1***')
    .replace(/((?:api[-_]?key|x-goog-api-key|authorization)["']?\s*[:=]\s*["']?)[^\s"',}]+/gi, '$1***');
}
