import { formatWithOptions } from 'node:util';
import { inert } from '../core/inert.js';
import { redactSecrets } from './errors.js';
import type { ProviderClient } from './types.js';

/*
 * A server can echo a key back (in an error message, a header, a body); what it sends ends up in
 * the journal, the cassettes and the SDKs' debug logs. Patterns (errors.ts) catch keys shaped like
 * the providers' own; these catch any key by its value, since lanebar holds the keys it sends.
 */

/** Keys too short to be secrets ("sim", "none") would only mangle text. */
const secretValues = (secrets: readonly string[]): string[] => secrets.filter((s) => s.length >= 8);

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
