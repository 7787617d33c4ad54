// Fetch for the model layer inside Obsidian: the window's streaming fetch, with a visible, remembered
// fallback to Obsidian's requestUrl (buffered, but free of CORS) for endpoints that refuse the browser.
import type { RequestUrlParam, RequestUrlResponse } from "obsidian";

import type { FetchLike } from "../../../core/ports";

export type { FetchLike };
export type RequestUrlLike = (request: RequestUrlParam) => Promise<RequestUrlResponse>;

/** Which endpoints need the buffered transport; the plugin persists this in its settings. */
export interface TransportMemory {
  isBuffered(endpoint: string): boolean;
  rememberBuffered(endpoint: string): void;
  /** Streaming works again for this endpoint. */
  forgetBuffered(endpoint: string): void;
}

/** A fetch over requestUrl. It cannot stream, so the whole answer arrives at once; SSE bodies still parse. */
export function requestUrlFetch(requestUrl: RequestUrlLike): FetchLike {
  return async (input, init) => {
    const request = toRequestParam(input, init);
    const signal = init?.signal ?? undefined;
    if (signal?.aborted) throw abortError();
    const pending = requestUrl(request);
    // requestUrl cannot be aborted: a cancelled call settles at once and its late answer is ignored.
    const response = signal ? await raceAbort(pending, signal) : await pending;
    return new Response(response.status === 204 ? null : response.arrayBuffer, {
      status: response.status,
      headers: response.headers,
    });
  };
}

export interface FallbackOptions {
  primary: FetchLike;
  buffered: FetchLike;
  memory: TransportMemory;
  /** Told once per endpoint when it switches to the buffered transport, so the person can see why streaming stopped. */
  onFallback(endpoint: string): void;
  /** How long the buffered transport is used before streaming is tried again. Default 10 minutes. */
  retryStreamingAfterMs?: number;
  now?: () => number;
}

/** When streaming was last found refused, per endpoint, for this session (all transports share it). */
const lastTried = new Map<string, number>();

/**
 * Uses the primary fetch; when it fails at the network level, the buffered one. The fallback is remembered only
 * when the buffered transport then reaches the server, i.e. the browser refused (CORS), not when the server is
 * down; and streaming is tried again once `retryStreamingAfterMs` have passed since it last failed.
 */
export function fallbackFetch(options: FallbackOptions): FetchLike {
  const retryAfterMs = options.retryStreamingAfterMs ?? 10 * 60_000;
  const now = options.now ?? (() => Date.now());
  return async (input, init) => {
    const endpoint = endpointOf(input);
    const remembered = options.memory.isBuffered(endpoint);
    if (remembered) {
      const last = lastTried.get(endpoint);
      if (last === undefined) lastTried.set(endpoint, now());
      if (last === undefined || now() - last < retryAfterMs) return options.buffered(input, init);
      lastTried.set(endpoint, now());
    }
    try {
      const response = await options.primary(input, init);
      if (remembered) options.memory.forgetBuffered(endpoint);
      return response;
    } catch (error) {
      if (init?.signal?.aborted || !(error instanceof TypeError)) throw error;
      // Throws when the server cannot be reached this way either: a server down is not a CORS refusal.
      const response = await options.buffered(input, init);
      if (!remembered) {
        options.memory.rememberBuffered(endpoint);
        lastTried.set(endpoint, now());
        options.onFallback(endpoint);
      }
      return response;
    }
  };
}

/** The origin plus path up to `/v1` (or the whole origin), so every call to one provider shares a verdict. */
export function endpointOf(input: string | URL | Request): string {
  const url = new URL(typeof input === "string" ? input : input instanceof URL ? input.href : input.url);
  const v1 = url.pathname.indexOf("/v1");
  return url.origin + (v1 >= 0 ? url.pathname.slice(0, v1 + 3) : "");
}

function toRequestParam(input: string | URL | Request, init?: RequestInit): RequestUrlParam {
  const url = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
  const headers: Record<string, string> = {};
  new Headers(init?.headers).forEach((value, key) => {
    headers[key] = value;
  });
  const body = init?.body;
  return {
    url,
    method: init?.method ?? "GET",
    headers,
    body: typeof body === "string" ? body : undefined,
    throw: false,
  };
}

function raceAbort<T>(pending: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(abortError());
    signal.addEventListener("abort", onAbort, { once: true });
    pending.then(
      (value) => {
        signal.removeEventListener("abort", onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener("abort", onAbort);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}

function abortError(): Error {
  const error = new Error("The request was cancelled.");
  error.name = "AbortError";
  return error;
}
