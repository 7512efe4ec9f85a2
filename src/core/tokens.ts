/**
 * lanebar's token estimate, which is also the simulator's tokenizer: one token per 4 characters
 * (UTF-16 code units, i.e. `string.length`), rounded up, plus a fixed framing cost per message
 * and for priming the reply (OpenAI's cookbook rule for chat messages). Close enough to real BPE
 * tokenizers on English text for costs to have the right magnitude, and simple enough that tests
 * work the numbers out by hand. A provider that cuts a stream sends no usage yet bills what it
 * served: the adapters then estimate with these same functions and mark the attempt
 * `usage_reported: false`, so the simulator's ledger and the journal agree.
 */
export const CHARS_PER_TOKEN = 4;
export const TOKENS_PER_MESSAGE = 4;
export const TOKENS_REPLY_PRIMING = 3;

export interface TextMessage {
  role: string;
  content: string;
}

export const textTokens = (text: string): number => Math.ceil(text.length / CHARS_PER_TOKEN);

export const messageTokens = (m: TextMessage): number => TOKENS_PER_MESSAGE + textTokens(m.content);

export const messagesTokens = (messages: readonly TextMessage[]): number =>
  messages.reduce((sum, m) => sum + messageTokens(m), 0);

/** Tokens billed as input for a whole request. */
export const promptTokens = (messages: readonly TextMessage[]): number => messagesTokens(messages) + TOKENS_REPLY_PRIMING;

/** The first `tokens` tokens of a text, by the same rule, never splitting a surrogate pair. */
export function truncateToTokens(text: string, tokens: number): string {
  const cut = text.slice(0, Math.max(0, tokens) * CHARS_PER_TOKEN);
  const last = cut.charCodeAt(cut.length - 1);
  return last >= 0xd800 && last <= 0xdbff ? cut.slice(0, -1) : cut;
}
