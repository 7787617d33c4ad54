// Token usage: read from the endpoint's usage chunk, or estimated from text when the endpoint gives none.
import type { ChatMessage, TokenUsage } from "../core/ports";

/** A rough token count (about four characters per token), good enough for budgets and cost estimates. */
export function estimateTokens(text: string): number {
  return Math.ceil(text.length / 4);
}

/** Chat formatting costs a few tokens per message beyond its text. */
const PER_MESSAGE_OVERHEAD = 4;

export function estimatePromptTokens(messages: readonly ChatMessage[]): number {
  return messages.reduce((sum, m) => sum + estimateTokens(m.content) + PER_MESSAGE_OVERHEAD, 0);
}

export interface EndpointUsage {
  prompt_tokens?: number;
  completion_tokens?: number;
}

/** The usage of one request: the endpoint's numbers when it sent them, else an estimate. */
export function usageOf(reported: EndpointUsage | null | undefined, messages: readonly ChatMessage[], answer: string): TokenUsage {
  if (reported && typeof reported.prompt_tokens === "number" && typeof reported.completion_tokens === "number") {
    return { promptTokens: reported.prompt_tokens, completionTokens: reported.completion_tokens, estimated: false };
  }
  return { promptTokens: estimatePromptTokens(messages), completionTokens: estimateTokens(answer), estimated: true };
}

export function addUsage(a: TokenUsage, b: TokenUsage): TokenUsage {
  return {
    promptTokens: a.promptTokens + b.promptTokens,
    completionTokens: a.completionTokens + b.completionTokens,
    estimated: a.estimated || b.estimated,
  };
}

export const NO_USAGE: TokenUsage = { promptTokens: 0, completionTokens: 0, estimated: false };
