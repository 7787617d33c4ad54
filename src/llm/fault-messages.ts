// Turns what went wrong in a model call into a ModelError: one clear sentence, no stack, no secret.
import { APIConnectionError, APIConnectionTimeoutError, APIError } from "openai";
import { ModelError, type ModelErrorKind } from "../core/ports";
import { presetForBaseUrl } from "./presets";
import { redactSecrets } from "./redact";
import { maskCredentials, splitCredentials } from "./credentials";

/** Neutral defaults; the plugin and the command line pass where the person actually set the key and the base URL. */
export const DEFAULT_KEY_HINT = "the API key";
export const DEFAULT_BASE_URL_HINT = "the base URL";

export interface FaultContext {
  baseUrl: string;
  model: string;
  apiKey: string;
  /** Where the person fixes the key, e.g. "the API key secret in the plugin's settings" or "the MY_KEY environment variable". */
  keyHint: string;
  /** Where the person set the base URL, e.g. "the base URL given by --base-url". */
  baseUrlHint: string;
  /** Everything streamed before the fault, kept for the caller. */
  partialText: string;
  timeoutMs: number;
  retries: number;
}

/** What the adapter learned about a failed attempt before deciding to retry or give up. */
export interface Fault {
  kind: ModelErrorKind;
  status?: number;
  headers?: Headers;
  /** The endpoint's own explanation, if it gave one (not yet redacted). */
  detail?: string;
  /** Set when the failure is a transport error that happened before any answer arrived. */
  beforeAnswer?: boolean;
}

/** "Ollama at http://localhost:11434/v1" or "the endpoint at https://…". */
export function endpointLabel(baseUrl: string): string {
  const preset = presetForBaseUrl(baseUrl);
  // A base URL may carry credentials (https://user:pass@host/v1); messages show them masked.
  const shown = maskCredentials(baseUrl);
  return preset.id === "custom" ? `the endpoint at ${shown}` : `${preset.name} at ${shown}`;
}

/** Classifies an error thrown by the SDK or the stream reader. Cancel and timeout are decided by the caller. */
export function classify(error: unknown): Fault {
  if (error instanceof APIConnectionTimeoutError) return { kind: "timeout", beforeAnswer: true };
  if (error instanceof APIConnectionError) return { kind: "network", detail: causeOf(error), beforeAnswer: true };
  if (error instanceof APIError) {
    const { status, headers, error: body } = error as { status?: number; headers?: Headers; error?: unknown };
    const detail = endpointDetail(body);
    if (status === undefined) return { kind: /content.?filter/i.test(detail ?? "") ? "content-filter" : "server", detail };
    return { kind: kindForStatus(status, detail), status, headers, detail };
  }
  if (error instanceof SyntaxError) return { kind: "malformed" };
  return { kind: "network", detail: causeOf(error) };
}

function kindForStatus(status: number, detail: string | undefined): ModelErrorKind {
  if (status === 401 || status === 403) return "auth";
  if (status === 404) return "not-found";
  if (status === 408) return "timeout";
  if (status === 429) return "rate-limit";
  if (status >= 500) return "server";
  if (/content.?(filter|policy)/i.test(detail ?? "")) return "content-filter";
  return "bad-request";
}

export function isRetryable(fault: Fault): boolean {
  return fault.kind === "rate-limit" || (fault.kind === "server" && fault.status !== undefined);
}

/** The one sentence a person reads. `models` is the endpoint's model list for a 404 (null when listing failed too). */
export function faultMessage(fault: Fault, ctx: FaultContext, models?: string[] | null): string {
  const where = endpointLabel(ctx.baseUrl);
  const Where = where.charAt(0).toUpperCase() + where.slice(1);
  const kept = ctx.partialText ? "; the partial answer is kept" : "";
  const detail = fault.detail ? `: ${oneLine(fault.detail)}` : "";
  const after = ctx.retries === 0 ? "" : ctx.retries === 1 ? " after 1 retry" : ` after ${ctx.retries} retries`;
  switch (fault.kind) {
    case "auth":
      return fault.status === 403
        ? `${Where} refused access with this API key (403)${detail}. Check ${ctx.keyHint}, and that the key may use model "${ctx.model}".`
        : `The endpoint refused the API key (${fault.status ?? 401}). Check ${ctx.keyHint}.`;
    case "not-found":
      return notFoundMessage(Where, ctx, models);
    case "rate-limit":
      return `${Where} is rate-limiting requests (429)${after}; resume the run in a minute${kept}.`;
    case "server":
      return fault.status === undefined
        ? `${Where} reported an error in the middle of the answer${detail}${kept}.`
        : `${Where} failed with a server error (${fault.status})${after}; resume the run when it is back${kept}.`;
    case "timeout":
      return ctx.partialText
        ? `${Where} stopped sending for ${seconds(ctx.timeoutMs)} in the middle of the answer; the partial answer is kept and the step can run again.`
        : `${Where} did not answer within ${seconds(ctx.timeoutMs)}; resume the run to try again.`;
    case "network":
      if (ctx.partialText) return `The connection to ${where} broke in the middle of the answer; the partial answer is kept and the step can run again.`;
      if (!fault.beforeAnswer) return `The connection to ${where} broke before the answer began; the step can run again.`;
      return `Could not reach ${where}${detail}. Check that the server is running and ${ctx.baseUrlHint}.`;
    case "malformed":
      return `${Where} sent a stream chunk that is not valid JSON${kept ? "; the partial answer is kept and" : ";"} the step can run again.`;
    case "content-filter":
      return `${Where} stopped the answer with its content filter${kept ? " (the partial answer is kept)" : ""}; rephrase the step or its context and retry.`;
    case "cancelled":
      return `The model call was cancelled${kept}.`;
    case "bad-request":
      return `${Where} rejected the request (${fault.status ?? 400})${detail}.`;
  }
}

function notFoundMessage(Where: string, ctx: FaultContext, models?: string[] | null): string {
  const head = `${Where} has no model "${ctx.model}" (404)`;
  if (models === null || models === undefined) {
    return `${head}, and listing its models failed too: check ${ctx.baseUrlHint} (it usually ends in /v1).`;
  }
  if (models.length === 0) return `${head} and lists no models: load or pull a model there first.`;
  const shown = models.slice(0, 15).join(", ");
  const more = models.length > 15 ? ` and ${models.length - 15} more` : "";
  return `${head}; it has: ${shown}${more}.`;
}

export function toModelError(fault: Fault, ctx: FaultContext, models?: string[] | null, retryAfterMs?: number): ModelError {
  return new ModelError(fault.kind, redactSecrets(faultMessage(fault, ctx, models), [ctx.apiKey, ...splitCredentials(ctx.baseUrl).secrets]), ctx.partialText, retryAfterMs);
}

/** The endpoint's `error.message`, if it sent one; never the SDK's own wording with status prefixes. */
function endpointDetail(body: unknown): string | undefined {
  if (typeof body === "string") return body || undefined;
  const message = (body as { message?: unknown } | null | undefined)?.message;
  return typeof message === "string" && message !== "" ? message : undefined;
}

const NETWORK_CODES: Record<string, string> = {
  ECONNREFUSED: "connection refused",
  ECONNRESET: "connection reset",
  ENOTFOUND: "host not found",
  EAI_AGAIN: "host name lookup failed",
  ETIMEDOUT: "connection timed out",
  EHOSTUNREACH: "host unreachable",
  CERT_HAS_EXPIRED: "its TLS certificate has expired",
  DEPTH_ZERO_SELF_SIGNED_CERT: "its TLS certificate is self-signed",
};

/** A short reason from the innermost cause that names one (Node puts error codes two causes deep). */
function causeOf(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === "string" && NETWORK_CODES[code]) return NETWORK_CODES[code];
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/** The endpoint's whole explanation on one line (the cause is often at its end: "Conversation roles must alternate…"). */
function oneLine(text: string): string {
  return text.replace(/\s+/g, " ").trim().replace(/[.\s]+$/, "");
}

function seconds(ms: number): string {
  const s = ms / 1000;
  return s < 10 ? `${Number(s.toFixed(2))} s` : `${Math.round(s)} s`;
}
