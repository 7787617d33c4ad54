// An in-process ModelPort that answers from a script (text, deltas, errors, delays) and records every request.
import { ModelError, type ModelErrorKind, type ModelPort, type ModelRequest, type ModelResult } from "../../src/core/ports";

export interface ScriptedReply {
  /** The whole answer; streamed in `chunk`-sized deltas unless `deltas` is given. */
  text?: string;
  deltas?: string[];
  chunk?: number;
  /** After the deltas, fail with this error (its partial text is what streamed). */
  error?: { kind: ModelErrorKind; message: string; usage?: ModelResult["usage"] };
  /** Milliseconds to wait before each delta. */
  delayMs?: number;
  finishReason?: ModelResult["finishReason"];
  /** The model the answer names (a server's alias or dated id); the requested one by default. */
  model?: string;
  /** Called after delta `i` was delivered (a test edits the note "as the person" here). */
  afterDelta?: (i: number) => void | Promise<void>;
}

export type Script = (ScriptedReply | string)[] | ((request: ModelRequest, call: number) => ScriptedReply | string);

/** The step a prompt asks for, read from its last message ("# Current step: N of T: title"). */
export function stepOf(request: ModelRequest): number {
  const last = request.messages[request.messages.length - 1]?.content ?? "";
  return Number(/# Current step: (\d+)/.exec(last)?.[1] ?? 0);
}

/** Default answer when the script runs out: names the step so tests can see which output went where. */
export function defaultReply(request: ModelRequest): string {
  return `Output of step ${stepOf(request)}.`;
}

export class ScriptedModel implements ModelPort {
  readonly requests: ModelRequest[] = [];

  constructor(private readonly script: Script = []) {}

  async complete(request: ModelRequest, onDelta?: (delta: string) => void): Promise<ModelResult> {
    const call = this.requests.length;
    this.requests.push(request);
    const entry = typeof this.script === "function" ? this.script(request, call) : (this.script[call] ?? defaultReply(request));
    const reply: ScriptedReply = typeof entry === "string" ? { text: entry } : entry;
    const deltas = reply.deltas ?? chunks(reply.text ?? "", reply.chunk ?? 16);
    let streamed = "";
    for (let i = 0; i < deltas.length; i++) {
      if (reply.delayMs) await new Promise((resolve) => setTimeout(resolve, reply.delayMs));
      if (request.signal?.aborted) throw new ModelError("cancelled", "The request was cancelled.", streamed);
      streamed += deltas[i];
      onDelta?.(deltas[i]);
      await reply.afterDelta?.(i);
    }
    if (reply.error) throw new ModelError(reply.error.kind, reply.error.message, streamed, undefined, reply.error.usage);
    const promptChars = request.messages.reduce((sum, message) => sum + message.content.length, 0);
    return {
      text: reply.deltas ? streamed : (reply.text ?? ""),
      finishReason: reply.finishReason ?? "stop",
      usage: { promptTokens: Math.ceil(promptChars / 4), completionTokens: Math.ceil(streamed.length / 4), estimated: true },
      model: reply.model ?? (request.model || "scripted"),
    };
  }
}

function chunks(text: string, size: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < text.length; i += size) out.push(text.slice(i, i + size));
  return out;
}
