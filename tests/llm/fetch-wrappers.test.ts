// The transport wrappers: header stripping and JSON answers to streaming requests.
import { acceptJsonForStreams, stripStainlessHeaders, type FetchLike } from "../../src/llm/fetch-wrappers";

function recorder(response: () => Response = () => new Response("ok")): { fetch: FetchLike; seen: Headers[] } {
  const seen: Headers[] = [];
  return {
    seen,
    fetch: (_input, init) => {
      seen.push(new Headers(init?.headers));
      return Promise.resolve(response());
    },
  };
}

describe("stripStainlessHeaders", () => {
  test("drops every x-stainless-* header and keeps the rest", async () => {
    const inner = recorder();
    const headers = new Headers({ "X-Stainless-OS": "Linux", "x-stainless-retry-count": "0", Authorization: "Bearer k", "Content-Type": "application/json" });
    await stripStainlessHeaders(inner.fetch)("http://x/v1/models", { method: "GET", headers });
    expect([...inner.seen[0].keys()].sort()).toEqual(["authorization", "content-type"]);
  });

  test("passes requests without headers through untouched", async () => {
    const inner = recorder();
    const response = await stripStainlessHeaders(inner.fetch)("http://x/");
    expect(await response.text()).toBe("ok");
  });
});

describe("acceptJsonForStreams", () => {
  const completion = { id: "c1", model: "m", choices: [{ message: { content: "Hello" }, finish_reason: "stop" }], usage: { prompt_tokens: 3, completion_tokens: 1 } };
  const jsonResponse = () => new Response(JSON.stringify(completion), { headers: { "content-type": "application/json" } });

  test("turns a JSON answer to a streaming request into an event stream with the same text and usage", async () => {
    const wrapped = acceptJsonForStreams(recorder(jsonResponse).fetch);
    const response = await wrapped("http://x/v1/chat/completions", { method: "POST", body: JSON.stringify({ stream: true }) });
    expect(response.headers.get("content-type")).toBe("text/event-stream");
    const events = (await response.text()).split("\n\n").filter(Boolean);
    expect(events.at(-1)).toBe("data: [DONE]");
    const first = JSON.parse(events[0].slice("data: ".length)) as { choices: { delta: { content: string }; finish_reason: string }[] };
    expect(first.choices[0].delta.content).toBe("Hello");
    expect(first.choices[0].finish_reason).toBe("stop");
    expect(events[1]).toContain('"prompt_tokens":3');
  });

  test("leaves non-streaming requests and error answers alone", async () => {
    const plain = await acceptJsonForStreams(recorder(jsonResponse).fetch)("http://x/", { method: "POST", body: JSON.stringify({ stream: false }) });
    expect(plain.headers.get("content-type")).toBe("application/json");
    const failing = () => new Response("{}", { status: 500, headers: { "content-type": "application/json" } });
    const error = await acceptJsonForStreams(recorder(failing).fetch)("http://x/", { method: "POST", body: '{"stream":true}' });
    expect(error.status).toBe(500);
  });
});
