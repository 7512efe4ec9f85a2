import { LanebarError } from '../core/errors.js';
import type { Target } from '../schema/journal.js';
import { candidateId, type Candidate } from '../schema/suite.js';

export interface ResolvedTarget {
  simulated: boolean;
  /** The model name sent on the wire. */
  servedBy: string;
  baseUrl: string | null;
  /** Never journalled. */
  apiKey: string;
  keyEnv: string | null;
}

export const DEFAULT_KEY_ENV: Record<Candidate['provider'], string[]> = {
  openai: ['OPENAI_API_KEY'],
  anthropic: ['ANTHROPIC_API_KEY'],
  google: ['GEMINI_API_KEY', 'GOOGLE_API_KEY'],
  'openai-compatible': [],
};

function findKey(c: Candidate, env: Readonly<Record<string, string | undefined>>): { name: string; value: string } | null {
  const names = c.api_key_env ? [c.api_key_env] : DEFAULT_KEY_ENV[c.provider];
  for (const name of names) {
    const value = env[name];
    if (value) return { name, value };
  }
  return null;
}

/**
 * Decides whether a candidate runs live or against its simulated stand-in. `auto` goes live
 * exactly when the provider's key is in the environment (or a self-hosted server is named and
 * no stand-in is), so the same suite runs offline by default and live with keys, unchanged.
 */
export function resolveTarget(
  c: Candidate,
  target: Target,
  env: Readonly<Record<string, string | undefined>>,
  where: { file: string; field: string },
): ResolvedTarget {
  const key = findKey(c, env);
  const selfHosted = c.provider === 'openai-compatible' && c.base_url !== undefined;
  const live = target === 'live' || (target === 'auto' && (key !== null || (selfHosted && !c.sim)));
  if (live) {
    if (!key && !selfHosted) {
      const names = c.api_key_env ? [c.api_key_env] : DEFAULT_KEY_ENV[c.provider];
      throw new LanebarError(
        `candidate "${candidateId(c)}" runs live but no API key is set`,
        where,
        `set ${names.join(' or ')}, or run with --target sim`,
      );
    }
    return { simulated: false, servedBy: c.model, baseUrl: c.base_url ?? null, apiKey: key?.value ?? 'none', keyEnv: key?.name ?? null };
  }
  if (!c.sim) {
    throw new LanebarError(
      `candidate "${candidateId(c)}" has no simulated stand-in and no API key`,
      where,
      'add `sim: <profile>` from sim/models.yaml, or set the provider key',
    );
  }
  return { simulated: true, servedBy: c.sim, baseUrl: null, apiKey: 'sim', keyEnv: null };
}
