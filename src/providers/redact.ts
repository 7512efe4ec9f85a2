import { formatWithOptions } from 'node:util';
import { inert } from '../core/inert.js';
import { redactSecrets } from './errors.js';
import type { ProviderClient, ProviderConfig } from './types.js';

/*
 * A server can echo a key back (in an error message, a header, a body); what it sends ends up in
 * the journal, the cassettes and the SDKs' debug logs. Patterns (errors.ts) catch keys shaped like
 * the providers' own; these catch any key by its value, since lanebar holds the keys it sends.
 */

/** Keys too short to be secrets ("sim", "none") would only mangle text. */
const secretValues = (secrets: readonly string[]): string[] => secrets.filter((s) => s.length >= 8);

/** Query parameters that carry a credential by their name: `key`, `api_key`, `token`, `access_token`, `sig`... */
const SECRET_PARAM = /key|token|secret|pass|pwd|sig|auth|cred|session/i;
const USER_INFO = /^([a-z][a-z0-9+.-]*:\/\/)([^/?#]*)@/i;
const PARAM = /([?&;#])([^=&;#]*)=([^&;#]*)/g;

const decoded = (s: string): string => {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
};

/**
 * A base URL as it may be journalled and printed: its user info (`https://user:key@host`) and the
 * value of every query parameter named like a credential (`?key=`, `api_key=`, `token=`) become
 * `***`; the rest is kept as written.
 */
export function redactUrl(url: string): string {
  return url
    .replace(USER_INFO, '$1***@')
    .replace(PARAM, (all, sep: string, name: string, value: string) => (value && SECRET_PARAM.test(decoded(name)) ? `${sep}${name}=***` : all));
}

/** The credentials a base URL holds, as written and decoded: what an SDK's error quoting the URL must lose. */
export function urlSecrets(url: string | undefined): string[] {
  if (!url) return [];
  const user = USER_INFO.exec(url)?.[2];
  const found = user ? [user, ...user.split(':')] : [];
  for (const [, , name, value] of url.matchAll(PARAM)) if (value && SECRET_PARAM.test(decoded(name!))) found.push(value);
  return [...new Set(found.flatMap((s) => [s, decoded(s)]))];
}

/** Everything secret a client is configured with: its key, its extra headers, the credentials in its base URL. */
export const configSecrets = (config: ProviderConfig): string[] => [config.apiKey, ...Object.values(config.headers ?? {}), ...urlSecrets(config.baseUrl)];

export function redactKnown(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const s of secretValues(secrets)) out = out.split(s).join('***');
  return out;
}

/**
 * The client with its keys taken out of what it returns: the error message and the output (a
 * server that echoes the request could put the key in either).
 */
export function withoutSecrets(inner: ProviderClient, secrets: readonly string[]): ProviderClient {
  if (secretValues(secrets).length === 0) return inner;
  return {
    provider: inner.provider,
    call: async (model, request, signal, context) => {
      const outcome = await inner.call(model, request, signal, context);
      return {
        ...outcome,
        output: redactKnown(outcome.output, secrets),
        error_message: outcome.error_message === null ? null : redactKnown(outcome.error_message, secrets),
      };
    },
  };
}

type LogFn = (message: string, ...rest: unknown[]) => void;

/**
 * The logger handed to the OpenAI and Anthropic SDKs, whose lines (OPENAI_LOG / ANTHROPIC_LOG, and
 * a malformed event at the default level) print what servers sent. Each line loses every key and
 * is made inert (core/inert.ts: newlines and tabs kept), so that neither a key nor a server's
 * escape sequence reaches the terminal; it goes to stderr, away from the report on stdout.
 */
export function sdkLogger(secrets: readonly string[], write: (line: string) => void = (l) => process.stderr.write(l)) {
  const log =
    (level: string): LogFn =>
    (message, ...rest) => {
      const text = redactSecrets(redactKnown(formatWithOptions({ colors: false, depth: 4 }, message, ...rest), secrets));
      write(`[${level}] ${inert(text, '\t\n')}\n`);
    };
  return { error: log('error'), warn: log('warn'), info: log('info'), debug: log('debug') };
}
