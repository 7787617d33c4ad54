// When and how long to wait before retrying a rate-limited or failing request.
import { sleep } from "./timers";

export interface RetryPolicy {
  maxRetries: number;
  /** First backoff delay; doubles each retry. */
  baseDelayMs: number;
  /** No single wait is longer than this, whatever Retry-After says. */
  maxDelayMs: number;
}

/**
 * The wait a 429/503 asks for: `retry-after-ms` (OpenAI), else `Retry-After` in seconds (fractions
 * allowed) or as an HTTP date. Undefined when the response names none.
 */
export function retryAfterMs(headers: Headers | undefined, now = Date.now()): number | undefined {
  if (!headers) return undefined;
  const ms = parseFloat(headers.get("retry-after-ms") ?? "");
  if (Number.isFinite(ms) && ms >= 0) return ms;
  const raw = headers.get("retry-after");
  if (!raw) return undefined;
  const seconds = Number(raw.trim());
  if (raw.trim() !== "" && Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(raw);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** Exponential backoff with a little jitter so parallel runs do not retry in lockstep. */
export function backoffMs(attempt: number, policy: RetryPolicy): number {
  const exponential = policy.baseDelayMs * 2 ** attempt;
  return Math.min(policy.maxDelayMs, exponential * (0.8 + Math.random() * 0.4));
}

export function retryDelayMs(attempt: number, policy: RetryPolicy, asked: number | undefined): number {
  return Math.min(policy.maxDelayMs, asked ?? backoffMs(attempt, policy));
}

export { sleep };
