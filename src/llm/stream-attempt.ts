// One streamed chat-completion request: text deltas as they arrive, an idle timeout, cancel, and usage.
import type OpenAI from "openai";
import type { ChatMessage } from "../core/ports";
import { classify, type Fault } from "./fault-messages";
import { startTimer, stopTimer, type TimerHandle } from "./timers";
import type { EndpointUsage } from "./usage";

export interface AttemptRequest {
  model: string;
  messages: ChatMessage[];
  json: boolean;
  /** With `json`, a schema the endpoint enforces (OpenAI structured output); null for plain JSON mode. */
  schema?: { name: string; schema: Record<string, unknown> } | null;
  maxTokens?: number;
  signal?: AbortSignal;
  timeoutMs: number;
  /** OpenAI reads max_completion_tokens (its reasoning models refuse max_tokens); compatible servers read max_tokens. */
  isOpenAI: boolean;
}

export interface AttemptResult {
  text: string;
  finishReason: string;
  usage: EndpointUsage | null;
  model: string;
}

/** A failed attempt: what went wrong and the text that streamed before it. */
export class AttemptFailure extends Error {
  constructor(
    readonly fault: Fault,
    readonly partialText: string,
  ) {
    super(fault.kind);
    this.name = "AttemptFailure";
  }
}

export async function streamAttempt(
  client: OpenAI,
  request: AttemptRequest,
  onDelta: ((delta: string) => void) | undefined,
): Promise<AttemptResult> {
  const controller = new AbortController();
  const userSignal = request.signal;
  const onUserAbort = () => controller.abort();
  if (userSignal?.aborted) throw new AttemptFailure({ kind: "cancelled" }, "");
  userSignal?.addEventListener("abort", onUserAbort, { once: true });

  let timedOut = false;
  let timer: TimerHandle | undefined;
  const armTimer = () => {
    stopTimer(timer);
    timer = startTimer(() => {
      timedOut = true;
      controller.abort();
    }, request.timeoutMs);
  };

  let text = "";
  let finishReason: string | null = null;
  let usage: EndpointUsage | null = null;
  let model = request.model;
  let callbackError: unknown = null;
  // Cancel and timeout abort the request; the SDK then ends the stream quietly or throws an abort error.
  const stopped = (): Fault | null => (userSignal?.aborted ? { kind: "cancelled" } : timedOut ? { kind: "timeout" } : null);

  armTimer();
  try {
    const stream = await client.chat.completions.create(
      {
        model: request.model,
        messages: request.messages,
        stream: true,
        stream_options: { include_usage: true },
        ...tokenLimit(request),
        ...responseFormat(request),
      },
      { signal: controller.signal },
    );
    armTimer();
    for await (const chunk of stream) {
      armTimer();
      if (chunk.model) model = chunk.model;
      if (chunk.usage) usage = chunk.usage;
      const choice = chunk.choices?.[0];
      const delta = choice?.delta?.content;
      if (delta) {
        text += delta;
        try {
          onDelta?.(delta);
        } catch (error) {
          callbackError = error;
          controller.abort();
          break;
        }
      }
      if (choice?.finish_reason) finishReason = choice.finish_reason;
    }
  } catch (error) {
    if (callbackError === null) throw new AttemptFailure(stopped() ?? classify(error), text);
  } finally {
    stopTimer(timer);
    userSignal?.removeEventListener("abort", onUserAbort);
  }
  // A throwing onDelta is the caller's own bug: hand it back untouched rather than dressing it as a model fault.
  if (callbackError !== null) throw callbackError as Error;
  const stop = stopped();
  if (stop) throw new AttemptFailure(stop, text);
  if (finishReason === null) {
    throw new AttemptFailure({ kind: "network", detail: "the stream ended before the answer was complete" }, text);
  }
  return { text, finishReason, usage, model };
}

function tokenLimit(request: AttemptRequest): Record<string, number> {
  if (request.maxTokens === undefined) return {};
  return { [request.isOpenAI ? "max_completion_tokens" : "max_tokens"]: request.maxTokens };
}

/** A JSON schema where one is given (structured output), else plain JSON mode, else nothing. */
function responseFormat(request: AttemptRequest) {
  if (request.json && request.schema) {
    return { response_format: { type: "json_schema" as const, json_schema: { name: request.schema.name, schema: request.schema.schema, strict: true } } };
  }
  return request.json ? { response_format: { type: "json_object" as const } } : {};
}
