// The model adapter on the happy paths: streaming, usage, continuation, JSON mode, headers on the wire.
import { CONTINUE_PROMPT } from "../../src/llm/openai-model";
import { estimateTokens } from "../../src/llm/usage";
import { ask, harness, type Harness } from "./model-harness";

let h: Harness | undefined;
afterEach(async () => {
  await h?.mock.close();
  h = undefined;
});

interface SentBody {
  stream?: boolean;
  stream_options?: { include_usage?: boolean };
  response_format?: { type: string; json_schema?: { name: string; strict: boolean; schema: unknown } };
  max_tokens?: number;
  max_completion_tokens?: number;
  messages: { role: string; content: string }[];
}
const sent = (i: number) => h!.mock.chatRequests()[i].body as SentBody;

describe("streaming", () => {
  test("deltas arrive in order and the result text is exactly their concatenation", async () => {
    const pieces = ["The ", "first ", "draft", " is ", "ready."];
    h = await harness([{ stream: pieces, delayMs: 2 }]);
    const deltas: string[] = [];
    const result = await h.model.complete(ask("Draft it."), (d) => deltas.push(d));
    expect(deltas).toEqual(pieces);
    expect(result.text).toBe(pieces.join(""));
    expect(result.finishReason).toBe("stop");
    expect(result.model).toBe("mock-model");
    expect(sent(0).stream).toBe(true);
    expect(sent(0).stream_options).toEqual({ include_usage: true });
    expect(sent(0).messages.map((m) => m.content)).toEqual(["You are terse.", "Draft it."]);
  });

  test("usage comes from the stream's usage chunk when the endpoint sends one", async () => {
    h = await harness([{ stream: ["ok"], usage: { prompt_tokens: 321, completion_tokens: 45 } }]);
    const result = await h.model.complete(ask("Hi"));
    expect(result.usage).toEqual({ promptTokens: 321, completionTokens: 45, estimated: false });
  });

  test("usage is estimated and marked so when the endpoint sends none", async () => {
    const answer = "An answer of some forty characters long.";
    h = await harness([{ stream: [answer], usage: null }]);
    const result = await h.model.complete(ask("Hi"));
    expect(result.usage.estimated).toBe(true);
    expect(result.usage.completionTokens).toBe(estimateTokens(answer));
    expect(result.usage.promptTokens).toBeGreaterThan(0);
  });

  test("an endpoint that answers a streaming request with plain JSON still gives its text", async () => {
    h = await harness([{ json: "Whole answer at once.", usage: { prompt_tokens: 9, completion_tokens: 4 } }]);
    const deltas: string[] = [];
    const result = await h.model.complete(ask("Hi"), (d) => deltas.push(d));
    expect(result.text).toBe("Whole answer at once.");
    expect(deltas.join("")).toBe("Whole answer at once.");
    expect(result.usage).toEqual({ promptTokens: 9, completionTokens: 4, estimated: false });
  });

  test("a script given as a function answers from the request (an echo endpoint)", async () => {
    h = await harness((request) => {
      const messages = (request.body as SentBody).messages;
      return { stream: [messages[messages.length - 1].content.toUpperCase()] };
    });
    expect((await h.model.complete(ask("first"))).text).toBe("FIRST");
    expect((await h.model.complete(ask("second"))).text).toBe("SECOND");
  });

  test("the model that answered is reported as the endpoint names it", async () => {
    h = await harness([{ stream: ["ok"], model: "llama3.2:3b" }]);
    expect((await h.model.complete(ask("Hi"))).model).toBe("llama3.2:3b");
  });

  test("maxTokens is sent as max_tokens to compatible servers and max_completion_tokens to OpenAI", async () => {
    h = await harness([{ stream: ["a"] }, { stream: ["b"] }]);
    await h.model.complete(ask("Hi", { maxTokens: 77 }));
    const { createOpenAIModel } = await import("../../src/llm/openai-model");
    const openAi = createOpenAIModel({ baseUrl: h.mock.baseUrl, apiKey: "k", fetch, isOpenAI: true, timeoutMs: 2000 });
    await openAi.complete(ask("Hi", { maxTokens: 88 }));
    expect(sent(0).max_tokens).toBe(77);
    expect(sent(1).max_completion_tokens).toBe(88);
    expect(sent(1).max_tokens).toBeUndefined();
  });
});

describe("length continuation", () => {
  test("an answer cut by length is continued and stitched into one text, the cut part sent as the assistant's turn", async () => {
    h = await harness([
      { stream: ["Step one is to ", "gath"], finishReason: "length", usage: { prompt_tokens: 100, completion_tokens: 5 } },
      { stream: ["er the notes."], usage: { prompt_tokens: 120, completion_tokens: 4 } },
    ]);
    const deltas: string[] = [];
    const result = await h.model.complete(ask("Plan it."), (d) => deltas.push(d));
    expect(result.text).toBe("Step one is to gather the notes.");
    expect(deltas.join("")).toBe(result.text);
    expect(result.finishReason).toBe("stop");
    expect(result.usage).toEqual({ promptTokens: 220, completionTokens: 9, estimated: false });
    const second = sent(1).messages;
    expect(second.slice(0, 2).map((m) => m.content)).toEqual(["You are terse.", "Plan it."]);
    expect(second[2]).toEqual({ role: "assistant", content: "Step one is to gath" });
    expect(second[3]).toEqual({ role: "user", content: CONTINUE_PROMPT });
  });

  test("a continuation the server refuses (its context is full) keeps the cut answer instead of losing it", async () => {
    const full = { error: { code: 400, message: "request (1105 tokens) exceeds the available context size (1024 tokens), try increasing it", type: "exceed_context_size_error" } };
    h = await harness([{ stream: ["A long answer that filled the con"], finishReason: "length", usage: { prompt_tokens: 300, completion_tokens: 724 } }, { status: 400, body: full }], {
      maxContinuations: 3,
    });
    const result = await h.model.complete(ask("Go", { responseFormat: "json", responseSchema: { name: "x", schema: { type: "object" } } }));
    expect(result).toMatchObject({ text: "A long answer that filled the con", finishReason: "length" });
    expect(result.usage).toEqual({ promptTokens: 300, completionTokens: 724, estimated: false });
    // Refused once: not retried without the schema, nor continued again.
    expect(h.mock.chatRequests()).toHaveLength(2);
  });

  test("continuations are bounded; past the bound the stitched text returns with finishReason length", async () => {
    h = await harness([
      { stream: ["a"], finishReason: "length" },
      { stream: ["b"], finishReason: "length" },
      { stream: ["c"], finishReason: "length" },
      { stream: ["never asked for"] },
    ], { maxContinuations: 2 });
    const result = await h.model.complete(ask("Go"));
    expect(result.text).toBe("abc");
    expect(result.finishReason).toBe("length");
    expect(h.mock.chatRequests()).toHaveLength(3);
    expect(sent(2).messages.at(-2)).toEqual({ role: "assistant", content: "ab" });
  });
});

describe("JSON mode", () => {
  test('responseFormat "json" sends response_format json_object', async () => {
    h = await harness([{ stream: ['{"findings":[]}'] }]);
    const result = await h.model.complete(ask("Review", { responseFormat: "json" }));
    expect(result.text).toBe('{"findings":[]}');
    expect(sent(0).response_format).toEqual({ type: "json_object" });
  });

  test("an endpoint that rejects response_format with 400 is asked once more without it", async () => {
    h = await harness([
      { status: 400, body: { error: { message: "response_format is not supported" } } },
      { stream: ['{"findings":[]}'] },
    ]);
    const result = await h.model.complete(ask("Review", { responseFormat: "json" }));
    expect(result.text).toBe('{"findings":[]}');
    expect(sent(0).response_format).toEqual({ type: "json_object" });
    expect(sent(1).response_format).toBeUndefined();
  });

  test("a response schema is sent as structured output, falling back to JSON mode, then to none", async () => {
    const schema = { type: "object", properties: { findings: { type: "array" } }, required: ["findings"], additionalProperties: false };
    h = await harness([
      { status: 400, body: { error: { message: "json_schema is not supported" } } },
      { status: 400, body: { error: { message: "response_format is not supported" } } },
      { stream: ['{"findings":[]}'] },
    ]);
    const result = await h.model.complete(ask("Review", { responseFormat: "json", responseSchema: { name: "review_findings", schema } }));
    expect(result.text).toBe('{"findings":[]}');
    expect(sent(0).response_format).toEqual({ type: "json_schema", json_schema: { name: "review_findings", schema, strict: true } });
    expect(sent(1).response_format).toEqual({ type: "json_object" });
    expect(sent(2).response_format).toBeUndefined();
  });
});

describe("SDK headers on the wire", () => {
  const stainless = (headers: Record<string, string>) => Object.keys(headers).filter((n) => n.startsWith("x-stainless-"));

  test("x-stainless-* headers are absent for non-OpenAI endpoints, and the key is still sent", async () => {
    h = await harness([{ stream: ["ok"] }], { isOpenAI: false });
    await h.model.complete(ask("Hi"));
    const headers = h.mock.chatRequests()[0].headers;
    expect(stainless(headers)).toEqual([]);
    expect(headers.authorization).toMatch(/^Bearer sk-test-/);
  });

  test("x-stainless-* headers are present for OpenAI itself", async () => {
    h = await harness([{ stream: ["ok"] }], { isOpenAI: true });
    await h.model.complete(ask("Hi"));
    expect(stainless(h.mock.chatRequests()[0].headers).length).toBeGreaterThan(0);
  });

  test("custom default headers reach the endpoint", async () => {
    h = await harness([{ stream: ["ok"] }], { isOpenAI: false, defaultHeaders: { "HTTP-Referer": "https://obsidian.md" } });
    await h.model.complete(ask("Hi"));
    expect(h.mock.chatRequests()[0].headers["http-referer"]).toBe("https://obsidian.md");
  });
});
