// A provider-neutral token estimate for previews and budgets, used when the endpoint reports no usage.

/** Roughly 4 characters per token for ASCII text, about 2 for other scripts (where tokenizers split finer). */
export function estimateTokens(text: string): number {
  let ascii = 0;
  let other = 0;
  for (let i = 0; i < text.length; i++) {
    if (text.charCodeAt(i) < 128) ascii++;
    else other++;
  }
  return Math.ceil(ascii / 4 + other / 2);
}

/** Chat formats add a few tokens per message for the role and separators. */
export const TOKENS_PER_MESSAGE = 4;

/** A whole prompt's estimate: every message's text plus the per-message overhead. */
export function estimatePromptTokens(messages: readonly { content: string }[]): number {
  return messages.reduce((sum, message) => sum + estimateTokens(message.content) + TOKENS_PER_MESSAGE, 0);
}
