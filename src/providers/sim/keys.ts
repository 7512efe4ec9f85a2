/**
 * The simulator accepts any non-empty API key, except this one, which each protocol refuses the way
 * its provider refuses a wrong key (Anthropic 401 authentication_error, Gemini 400 API_KEY_INVALID):
 * tests reach the providers' auth errors through the official SDKs, which refuse to send no key at all.
 */
export const REVOKED_KEY = 'sim-revoked-key';
