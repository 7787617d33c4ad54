// The ModelPort over the openai SDK: streams, retries 429/5xx, continues cut answers, maps every fault.
import type OpenAI from "openai";
import { ModelError, type ChatMessage, type ModelPort, type ModelRequest, type ModelResult, type TokenUsage } from "../core/ports";
import { createClient, DEFAULT_TIMEOUT_MS, type EndpointOptions } from "./client";
import { DEFAULT_BASE_URL_HINT, DEFAULT_KEY_HINT, isRetryable, toModelError, type FaultContext } from "./fault-messages";
import { listModelIds } from "./model-list";
import { presetForBaseUrl } from "./presets";
import { retryAfterMs, retryDelayMs, sleep, type RetryPolicy } from "./retry-policy";
import { AttemptFailure, streamAttempt, type AttemptResult } from "./stream-attempt";
import { addUsage, NO_USAGE, usageOf } from "./usage";

export interface OpenAIModelOptions extends EndpointOptions {
  /** Retries of a 429 or 5xx answer before giving up. Default 3. */
  maxRetries?: number;
  /** How many times an answer cut by the token limit is continued. Default 3. */
  maxContinuations?: number;
  /** First backoff delay for 5xx (and 429 without Retry-After), doubling each time. Default 1 s. */
  retryBaseDelayMs?: number;
  /** Cap on any single wait, including Retry-After. Default 30 s. */
  maxRetryDelayMs?: number;
  /** Where the person fixes the key, used in 401/403 messages. */
  keyHint?: string;
  /** Where the person set the base URL, used when the endpoint cannot be reached or lacks the model. */
  baseUrlHint?: string;
}

/** Sent after an answer cut by the token limit; the cut answer itself goes before it as the assistant's turn. */
export const CONTINUE_PROMPT =
  "Your previous answer was cut off by the length limit. Continue exactly where it stopped, mid-word if need be, without repeating anything and without any preamble.";

export function createOpenAIModel(options: OpenAIModelOptions): ModelPort {
  const client = createClient(options);
  const policy: RetryPolicy = {
    maxRetries: options.maxRetries ?? 3,
    baseDelayMs: options.retryBaseDelayMs ?? 1000,
    maxDelayMs: options.maxRetryDelayMs ?? 30_000,
  };
  const maxContinuations = options.maxContinuations ?? 3;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const isOpenAI = options.isOpenAI ?? presetForBaseUrl(options.baseUrl).isOpenAI;

  return {
    async complete(request: ModelRequest, onDelta?: (delta: string) => void): Promise<ModelResult> {
      const context = (partialText: string, retries: number): FaultContext => ({
        baseUrl: options.baseUrl,
        model: request.model,
        apiKey: options.apiKey,
        keyHint: options.keyHint ?? DEFAULT_KEY_HINT,
        baseUrlHint: options.baseUrlHint ?? DEFAULT_BASE_URL_HINT,
        partialText,
        timeoutMs,
        retries,
      });
      const state = { json: request.responseFormat === "json", schema: request.responseFormat === "json" ? (request.responseSchema ?? null) : null };
      let messages: ChatMessage[] = request.messages;
      let text = "";
      let usage: TokenUsage = NO_USAGE;
      let continuations = 0;
      let answeredBy = request.model;
      for (;;) {
        let part: AttemptResult;
        try {
          part = await attemptWithRetries(client, policy, { request, messages, timeoutMs, isOpenAI, state, onDelta, prior: text, context, continuing: continuations > 0 });
        } catch (error) {
          // A continuation carries the whole answer so far: when the server refuses it (its context is full), the
          // answer is kept as it stands, cut, rather than lost.
          if (continuations > 0 && error instanceof ModelError && error.kind === "bad-request") return { text, finishReason: "length", usage, model: answeredBy };
          // The parts already answered, and the text that streamed before the fault, were processed and count.
          if (error instanceof ModelError) {
            const broken = error.partialText.length > text.length ? usageOf(null, messages, error.partialText.slice(text.length)) : NO_USAGE;
            throw new ModelError(error.kind, error.message, error.partialText, error.retryAfterMs, addUsage(usage, broken));
          }
          throw error;
        }
        text += part.text;
        answeredBy = part.model;
        usage = addUsage(usage, usageOf(part.usage, messages, part.text));
        if (part.finishReason === "content_filter") throw toModelError({ kind: "content-filter" }, context(text, 0));
        if (part.finishReason === "length" && continuations < maxContinuations) {
          continuations++;
          messages = [...request.messages, { role: "assistant", content: text }, { role: "user", content: CONTINUE_PROMPT }];
          continue;
        }
        return { text, finishReason: part.finishReason === "length" ? "length" : "stop", usage, model: answeredBy };
      }
    },
  };
}

interface AttemptContext {
  request: ModelRequest;
  messages: ChatMessage[];
  timeoutMs: number;
  isOpenAI: boolean;
  /** Whether JSON mode (and a schema) is still on: each is dropped for good once the endpoint rejects it. */
  state: { json: boolean; schema: ModelRequest["responseSchema"] | null };
  onDelta?: (delta: string) => void;
  /** Text from earlier parts of a continued answer, kept in any error's partialText. */
  prior: string;
  context: (partialText: string, retries: number) => FaultContext;
  /** A continuation of a cut answer: a rejected request is not retried in another response format. */
  continuing: boolean;
}

async function attemptWithRetries(client: OpenAI, policy: RetryPolicy, a: AttemptContext): Promise<AttemptResult> {
  for (let retry = 0; ; ) {
    try {
      return await streamAttempt(
        client,
        { model: a.request.model, messages: a.messages, json: a.state.json, schema: a.state.schema, maxTokens: a.request.maxTokens, signal: a.request.signal, timeoutMs: a.timeoutMs, isOpenAI: a.isOpenAI },
        a.onDelta,
      );
    } catch (error) {
      if (!(error instanceof AttemptFailure)) throw error;
      const { fault } = error;
      const partial = a.prior + error.partialText;
      if (fault.kind === "bad-request" && a.continuing) throw toModelError(fault, a.context(partial, retry));
      if (fault.kind === "bad-request" && a.state.schema) {
        // Structured output (json_schema) is OpenAI's and a few others'; fall back to plain JSON mode.
        a.state.schema = null;
        continue;
      }
      if (fault.kind === "bad-request" && a.state.json) {
        // Many local servers reject response_format; the prompt still asks for JSON, so plain text is fine.
        a.state.json = false;
        continue;
      }
      const asked = retryAfterMs(fault.headers);
      if (isRetryable(fault) && error.partialText === "" && retry < policy.maxRetries) {
        try {
          await sleep(retryDelayMs(retry, policy, asked), a.request.signal);
        } catch {
          throw toModelError({ kind: "cancelled" }, a.context(partial, retry));
        }
        retry++;
        continue;
      }
      const models = fault.kind === "not-found" ? await listModelIds(client).catch(() => null) : undefined;
      throw toModelError(fault, a.context(partial, retry), models, asked);
    }
  }
}

