// Token usage: read from the endpoint's usage chunk, or estimated from text when the endpoint gives none.
import type { ChatMessage, TokenUsage } from "../core/ports";
import { estimatePromptTokens, estimateTokens } from "../core/prompt/estimate";

export { estimatePromptTokens, estimateTokens };

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
