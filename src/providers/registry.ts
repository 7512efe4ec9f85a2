import type { ProviderName } from '../schema/suite.js';
import { AnthropicProvider } from './anthropic.js';
import { GoogleProvider } from './google.js';
import { OpenAIProvider } from './openai.js';
import { configSecrets, withoutSecrets } from './redact.js';
import type { ProviderClient, ProviderConfig } from './types.js';

export type ProviderFactory = (config: ProviderConfig) => ProviderClient;

/** One adapter per provider, each through the provider's official SDK. */
export const PROVIDERS: Readonly<Record<ProviderName, ProviderFactory>> = {
  openai: (c) => new OpenAIProvider(c),
  // vLLM, llama.cpp's server, Ollama, LM Studio: the OpenAI SDK pointed at the server's base URL.
  'openai-compatible': (c) => new OpenAIProvider(c),
  anthropic: (c) => new AnthropicProvider(c),
  google: (c) => new GoogleProvider(c),
};

/** A client by its provider's name, whose outcomes never carry the keys it sends (redact.ts). */
export const createProvider = (config: ProviderConfig): ProviderClient => withoutSecrets(PROVIDERS[config.provider](config), configSecrets(config));

/**
 * The base URL a provider's SDK takes to reach the embedded simulator: OpenAI clients add the API
 * version themselves only after `/v1`, while the Anthropic SDK appends `/v1/messages` and the
 * Gemini SDK `/{version}/models/...` to the root.
 */
export function simulatorBaseUrl(provider: ProviderName, simUrl: string): string {
  return provider === 'openai' || provider === 'openai-compatible' ? `${simUrl}/v1` : simUrl;
}

/** What the client factory needs of a candidate's resolved target (run/targets.ts). */
export interface ClientTarget {
  simulated: boolean;
  baseUrl: string | null;
  /** Never journalled. */
  apiKey: string;
}

/**
 * Builds a run's clients. A simulated candidate speaks its own provider's wire protocol to the
 * simulator through that provider's SDK, so the protocol is exercised offline exactly as live.
 */
export function clientFactory(simUrl: string | null): (provider: ProviderName, target: ClientTarget) => ProviderClient {
  return (provider, t) => {
    if (!t.simulated) return createProvider({ provider, baseUrl: t.baseUrl ?? undefined, apiKey: t.apiKey });
    if (simUrl === null) throw new Error('simulator not started');
    return createProvider({ provider, baseUrl: simulatorBaseUrl(provider, simUrl), apiKey: 'sim' });
  };
}
