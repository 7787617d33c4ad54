// Fetch wrappers around whatever transport the host injects (window fetch, requestUrl-based, Node's fetch).

import type { FetchLike } from "../core/ports";

export type { FetchLike };

/**
 * Drops the SDK's `x-stainless-*` headers. Non-OpenAI endpoints (Ollama, LM Studio, proxies) do not list
 * them in their CORS allow-list, so a browser preflight fails and the request never leaves.
 */
export function stripStainlessHeaders(inner: FetchLike): FetchLike {
  return (input, init) => {
    if (!init?.headers) return inner(input, init);
    const headers = new Headers(init.headers);
    for (const name of [...headers.keys()]) {
      if (name.toLowerCase().startsWith("x-stainless-")) headers.delete(name);
    }
    return inner(input, { ...init, headers });
  };
}

/** Sends every request with this Authorization header (Basic auth from a base URL's credentials). */
export function withAuthorization(inner: FetchLike, value: string): FetchLike {
  return (input, init) => {
    const headers = new Headers(init?.headers);
    headers.set("authorization", value);
    return inner(input, { ...init, headers });
  };
}

/**
 * Some endpoints (and buffered transports) answer a streaming request with one plain JSON completion.
 * This turns such an answer into the equivalent event stream, so the SDK's stream reader sees the text
 * instead of an empty stream.
 */
export function acceptJsonForStreams(inner: FetchLike): FetchLike {
  return async (input, init) => {
    const response = await inner(input, init);
    const asksForStream = typeof init?.body === "string" && /"stream"\s*:\s*true/.test(init.body);
    const isJson = (response.headers.get("content-type") ?? "").includes("application/json");
    if (!asksForStream || !isJson || !response.ok) return response;
    const completion = (await response.json()) as JsonCompletion;
    return new Response(completionAsEventStream(completion), {
      status: response.status,
      headers: { "content-type": "text/event-stream" },
    });
  };
}

interface JsonCompletion {
  id?: string;
  model?: string;
  created?: number;
  choices?: { message?: { content?: string | null }; finish_reason?: string | null }[];
  usage?: unknown;
}

function completionAsEventStream(completion: JsonCompletion): string {
  const base = { id: completion.id ?? "chatcmpl", object: "chat.completion.chunk", created: completion.created ?? 0, model: completion.model ?? "" };
  const choice = completion.choices?.[0];
  const events = [
    { ...base, choices: [{ index: 0, delta: { role: "assistant", content: choice?.message?.content ?? "" }, finish_reason: choice?.finish_reason ?? "stop" }] },
    ...(completion.usage ? [{ ...base, choices: [], usage: completion.usage }] : []),
  ];
  return events.map((event) => `data: ${JSON.stringify(event)}\n\n`).join("") + "data: [DONE]\n\n";
}
