import type { RequestUrlParam, RequestUrlResponse } from "obsidian";
import { endpointOf, fallbackFetch, requestUrlFetch, type TransportMemory } from "../../../../src/obsidian/adapters/transport/fallback-fetch";

function memory(): TransportMemory & { buffered: Set<string> } {
  const buffered = new Set<string>();
  return { buffered, isBuffered: (e) => buffered.has(e), rememberBuffered: (e) => void buffered.add(e), forgetBuffered: (e) => void buffered.delete(e) };
}

function fakeRequestUrl(text: string, status = 200, delayMs = 0) {
  const calls: RequestUrlParam[] = [];
  const fn = async (request: RequestUrlParam): Promise<RequestUrlResponse> => {
    calls.push(request);
    if (delayMs) await new Promise((r) => setTimeout(r, delayMs));
    const bytes = new TextEncoder().encode(text);
    return { status, headers: { "content-type": "text/event-stream" }, arrayBuffer: bytes.buffer, json: null, text };
  };
  return { fn, calls };
}

describe("requestUrlFetch", () => {
  it("turns a requestUrl answer into a Response with the same status, headers and body", async () => {
    const { fn, calls } = fakeRequestUrl('data: {"x":1}\n\ndata: [DONE]\n\n', 200);
    const response = await requestUrlFetch(fn)("http://localhost:11434/v1/chat/completions", {
      method: "POST",
      headers: { "content-type": "application/json", authorization: "Bearer k" },
      body: '{"stream":true}',
    });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/event-stream");
    expect(await response.text()).toBe('data: {"x":1}\n\ndata: [DONE]\n\n');
    expect(calls[0]).toMatchObject({ method: "POST", body: '{"stream":true}', throw: false });
    expect(calls[0].headers).toMatchObject({ authorization: "Bearer k" });
  });

  it("keeps error statuses so the model layer can explain them", async () => {
    const { fn } = fakeRequestUrl('{"error":{"message":"nope"}}', 401);
    const response = await requestUrlFetch(fn)("http://x/v1/models");
    expect(response.status).toBe(401);
  });

  it("settles at once when cancelled and ignores the late answer", async () => {
    const { fn } = fakeRequestUrl("late", 200, 200);
    const controller = new AbortController();
    const started = requestUrlFetch(fn)("http://x/v1/chat/completions", { signal: controller.signal });
    controller.abort();
    await expect(started).rejects.toMatchObject({ name: "AbortError" });
  });
});

describe("fallbackFetch", () => {
  it("streams with the primary fetch while it works", async () => {
    const mem = memory();
    const onFallback = jest.fn();
    const fetch = fallbackFetch({
      primary: () => Promise.resolve(new Response("primary")),
      buffered: () => Promise.resolve(new Response("buffered")),
      memory: mem,
      onFallback,
    });
    expect(await (await fetch("http://localhost:1234/v1/models")).text()).toBe("primary");
    expect(onFallback).not.toHaveBeenCalled();
  });

  it("falls back on a network-level failure, says so once, and remembers the endpoint", async () => {
    const mem = memory();
    const onFallback = jest.fn();
    const primary = jest.fn(() => Promise.reject(new TypeError("Failed to fetch")));
    const fetch = fallbackFetch({ primary, buffered: () => Promise.resolve(new Response("buffered")), memory: mem, onFallback });
    expect(await (await fetch("http://localhost:11434/v1/chat/completions")).text()).toBe("buffered");
    expect(await (await fetch("http://localhost:11434/v1/models")).text()).toBe("buffered");
    expect(primary).toHaveBeenCalledTimes(1);
    expect(onFallback).toHaveBeenCalledTimes(1);
    expect(onFallback).toHaveBeenCalledWith("http://localhost:11434/v1");
    expect([...mem.buffered]).toEqual(["http://localhost:11434/v1"]);
  });

  it("does not remember a fallback when the server is down (the buffered transport fails too)", async () => {
    const mem = memory();
    const onFallback = jest.fn();
    const fetch = fallbackFetch({ primary: () => Promise.reject(new TypeError("Failed to fetch")), buffered: () => Promise.reject(new Error("net::ERR_CONNECTION_REFUSED")), memory: mem, onFallback });
    await expect(fetch("http://localhost:11434/v1/chat/completions")).rejects.toThrow("ERR_CONNECTION_REFUSED");
    expect([...mem.buffered]).toEqual([]);
    expect(onFallback).not.toHaveBeenCalled();
  });

  it("tries streaming again later, and forgets the fallback once streaming works", async () => {
    const mem = memory();
    let time = 0;
    let cors = true;
    const primary = jest.fn(() => (cors ? Promise.reject(new TypeError("Failed to fetch")) : Promise.resolve(new Response("primary"))));
    const fetch = fallbackFetch({ primary, buffered: () => Promise.resolve(new Response("buffered")), memory: mem, onFallback: jest.fn(), retryStreamingAfterMs: 1000, now: () => time });
    expect(await (await fetch("http://localhost:1234/v1/chat/completions")).text()).toBe("buffered");
    time = 500;
    expect(await (await fetch("http://localhost:1234/v1/chat/completions")).text()).toBe("buffered");
    expect(primary).toHaveBeenCalledTimes(1);
    cors = false;
    time = 1500;
    expect(await (await fetch("http://localhost:1234/v1/chat/completions")).text()).toBe("primary");
    expect([...mem.buffered]).toEqual([]);
  });

  it("does not fall back when the person cancelled", async () => {
    const controller = new AbortController();
    controller.abort();
    const buffered = jest.fn(() => Promise.resolve(new Response("buffered")));
    const fetch = fallbackFetch({
      primary: () => Promise.reject(new TypeError("aborted")),
      buffered,
      memory: memory(),
      onFallback: jest.fn(),
    });
    await expect(fetch("http://x/v1/chat/completions", { signal: controller.signal })).rejects.toThrow("aborted");
    expect(buffered).not.toHaveBeenCalled();
  });
});

describe("endpointOf", () => {
  it("groups calls by provider base", () => {
    expect(endpointOf("https://api.openai.com/v1/chat/completions")).toBe("https://api.openai.com/v1");
    expect(endpointOf("https://openrouter.ai/api/v1/models")).toBe("https://openrouter.ai/api/v1");
    expect(endpointOf("http://localhost:8080/chat")).toBe("http://localhost:8080");
  });
});
