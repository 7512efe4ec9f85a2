/**
 * A provider that cuts a stream sends no usage, yet bills what it served. Until the provider's
 * own count is known, lanebar estimates with the common rule of thumb of four characters per
 * token (the simulator uses the same rule, so simulated books balance exactly) and marks the
 * attempt `usage_reported: false`.
 */
export const estimateTokens = (text: string): number => Math.ceil(text.length / 4);
