// Every fault the endpoint can produce ends in one ModelError of the right kind, with a clear sentence and no secret.
import type { ModelError } from "../../src/core/ports";
import type { MockReply } from "../support/mock-openai-server";
import { ask, failureOf, harness, SECRET_KEY, type Harness } from "./model-harness";

let h: Harness | undefined;
afterEach(async () => {
  await h?.mock.close();
  h = undefined;
});

const keyInBody = { error: { message: `Incorrect API key provided: ${SECRET_KEY}. Authorization: Bearer ${SECRET_KEY}` } };

describe("HTTP status faults", () => {
  test("401 is an auth error that names the setting to fix", async () => {
    h = await harness([{ status: 401, body: keyInBody }]);
    const error = await failureOf(h.model.complete(ask("Hi")));
    expect(error.kind).toBe("auth");
    expect(error.message).toBe(
      "The endpoint refused the API key (401). Check the API key.",
    );
    expect(h.mock.chatRequests()).toHaveLength(1);
  });

  test("403 is an auth error naming the key setting and the model", async () => {
    h = await harness([{ status: 403, body: { error: { message: "Project does not have access" } } }], { keyHint: "the key named in --api-key-env" });
    const error = await failureOf(h.model.complete(ask("Hi")));
    expect(error.kind).toBe("auth");
    expect(error.message).toContain("(403)");
    expect(error.message).toContain("the key named in --api-key-env");
    expect(error.message).toContain('"mock-model"');
  });

  test("404 for the model lists the models the endpoint has", async () => {
    h = await harness({ chat: [{ status: 404, body: { error: { message: "model not found" } } }], models: ["qwen2.5:7b", "llama3.2:3b"] });
    const error = await failureOf(h.model.complete(ask("Hi")));
    expect(error.kind).toBe("not-found");
    expect(error.message).toMatch(/has no model "mock-model" \(404\); it has: llama3\.2:3b, qwen2\.5:7b\.$/);
  });

  test("404 for the model, with the model list failing too, says so and points at the base URL", async () => {
    h = await harness({ chat: [{ status: 404 }], models: { status: 404 } });
    const error = await failureOf(h.model.complete(ask("Hi")));
    expect(error.kind).toBe("not-found");
    expect(error.message).toContain("listing its models failed too");
    expect(error.message).toContain("base URL");
  });

  test("429 is retried after Retry-After (seconds) and then succeeds", async () => {
    h = await harness([{ status: 429, headers: { "retry-after": "0.05" } }, { stream: ["done"] }], { retryBaseDelayMs: 1 });
    const started = Date.now();
    const result = await h.model.complete(ask("Hi"));
    expect(result.text).toBe("done");
    expect(Date.now() - started).toBeGreaterThanOrEqual(45);
    expect(h.mock.chatRequests()).toHaveLength(2);
  });

  test("429 honours retry-after-ms, and past maxRetries gives a rate-limit error", async () => {
    const limited: MockReply = { status: 429, headers: { "retry-after-ms": "30" } };
    h = await harness([limited, limited, limited, { stream: ["never"] }], { maxRetries: 2, retryBaseDelayMs: 1 });
    const started = Date.now();
    const error = await failureOf(h.model.complete(ask("Hi")));
    expect(Date.now() - started).toBeGreaterThanOrEqual(55);
    expect(error.kind).toBe("rate-limit");
    expect(error.message).toMatch(/rate-limiting requests \(429\) after 2 retries; resume the run in a minute\.$/);
    expect(error.retryAfterMs).toBe(30);
    expect(h.mock.chatRequests()).toHaveLength(3);
  });

  test("a long Retry-After is capped so a run never waits unboundedly", async () => {
    h = await harness([{ status: 429, headers: { "retry-after": "3600" } }, { stream: ["ok"] }], { maxRetryDelayMs: 20 });
    const started = Date.now();
    await h.model.complete(ask("Hi"));
    expect(Date.now() - started).toBeLessThan(500);
  });

  test.each([500, 503])("%i is retried with backoff and then succeeds", async (status) => {
    h = await harness([{ status }, { status }, { stream: ["back"] }]);
    expect((await h.model.complete(ask("Hi"))).text).toBe("back");
    expect(h.mock.chatRequests()).toHaveLength(3);
  });

  test("5xx past maxRetries is a server error", async () => {
    h = await harness([{ status: 503 }, { status: 503 }, { status: 503 }], { maxRetries: 2 });
    const error = await failureOf(h.model.complete(ask("Hi")));
    expect(error.kind).toBe("server");
    expect(error.message).toMatch(/server error \(503\) after 2 retries; resume the run when it is back\.$/);
  });

  test("another 400 is a bad request carrying the endpoint's reason", async () => {
    h = await harness([{ status: 400, body: { error: { message: "messages: too many tokens" } } }]);
    const error = await failureOf(h.model.complete(ask("Hi")));
    expect(error.kind).toBe("bad-request");
    expect(error.message).toMatch(/rejected the request \(400\): messages: too many tokens\.$/);
  });
});

test("a long provider message is shown whole on one line, the key redacted, its cause at the end included", async () => {
  const jinja = `Unable to generate parser for this template.\n${"------------ While executing CallExpression at line 1 ".repeat(5)}\nKey ${SECRET_KEY}\nJinja Exception: Conversation roles must alternate user/assistant/user/assistant/...`;
  h = await harness([{ status: 400, body: { error: { message: jinja } } }]);
  const error = await failureOf(h.model.complete(ask("Hi")));
  expect(error.message).toContain("Jinja Exception: Conversation roles must alternate user/assistant/user/assistant");
  expect(error.message).not.toContain("\n");
  expect(error.message).not.toContain(SECRET_KEY);
});

describe("faults in the middle of a stream", () => {
  test("a connection reset mid-stream is a network error that keeps the partial text", async () => {
    h = await harness([{ stream: ["Kept ", "text", " lost"], resetAfter: 2 }]);
    const deltas: string[] = [];
    const error = await failureOf(h.model.complete(ask("Hi"), (d) => deltas.push(d)));
    expect(error.kind).toBe("network");
    expect(error.partialText).toBe("Kept text");
    expect(deltas.join("")).toBe("Kept text");
    expect(error.message).toContain("the partial answer is kept");
    expect(h.mock.chatRequests()).toHaveLength(1);
  });

  test("a malformed chunk is a malformed error that keeps the partial text", async () => {
    h = await harness([{ stream: ["Good ", "start", "never"], malformedAfter: 2 }]);
    const error = await failureOf(h.model.complete(ask("Hi")));
    expect(error.kind).toBe("malformed");
    expect(error.partialText).toBe("Good start");
    expect(error.message).toContain("not valid JSON");
  });

  test("a content-filter stop is a content-filter error that keeps the partial text", async () => {
    h = await harness([{ stream: ["Some "], finishReason: "content_filter" }]);
    const error = await failureOf(h.model.complete(ask("Hi")));
    expect(error.kind).toBe("content-filter");
    expect(error.partialText).toBe("Some ");
    expect(error.message).toContain("content filter");
  });

  test("an error event inside the stream is a server error with the endpoint's reason, partial text kept", async () => {
    h = await harness([{ stream: ["Begun ", "never"], errorAfter: 1 }]);
    const error = await failureOf(h.model.complete(ask("Hi")));
    expect(error.kind).toBe("server");
    expect(error.partialText).toBe("Begun ");
    expect(error.message).toMatch(/reported an error in the middle of the answer: Upstream provider error; the partial answer is kept\.$/);
  });

  test("a fault during a continuation keeps the text of every part so far, and the tokens they used", async () => {
    h = await harness([{ stream: ["First part, "], finishReason: "length", usage: { prompt_tokens: 2000, completion_tokens: 2096 } }, { stream: ["second", " never"], resetAfter: 1 }]);
    const error = await failureOf(h.model.complete(ask("Hi")));
    expect(error.kind).toBe("network");
    expect(error.partialText).toBe("First part, second");
    // The first part as the server reported it, plus an estimate for the attempt that broke off.
    expect(error.usage?.promptTokens).toBeGreaterThan(2000);
    expect(error.usage?.completionTokens).toBeGreaterThan(2096);
  });
});

describe("timeouts and cancel", () => {
  test("an endpoint that never answers times out", async () => {
    h = await harness([{ hang: true }], { timeoutMs: 150 });
    const started = Date.now();
    const error = await failureOf(h.model.complete(ask("Hi")));
    expect(error.kind).toBe("timeout");
    expect(error.message).toMatch(/did not answer within 0\.15 s; resume the run to try again\.$/);
    expect(Date.now() - started).toBeLessThan(800);
  });

  test("a stream that stalls mid-answer times out with the partial text kept", async () => {
    h = await harness([{ stream: ["Half ", "and the rest"], delayMs: [0, 600] }], { timeoutMs: 150 });
    const error = await failureOf(h.model.complete(ask("Hi")));
    expect(error.kind).toBe("timeout");
    expect(error.partialText).toBe("Half ");
    expect(error.message).toMatch(/stopped sending for 0\.15 s in the middle of the answer; the partial answer is kept/);
  });

  test("cancel mid-stream resolves within a fraction of a second as cancelled, partial text kept", async () => {
    h = await harness([{ stream: ["One ", "two ", "three ", "four ", "five"], delayMs: 100 }]);
    const controller = new AbortController();
    const deltas: string[] = [];
    let cancelledAt = 0;
    const call = h.model.complete(ask("Hi", { signal: controller.signal }), (d) => {
      deltas.push(d);
      if (deltas.length === 2) {
        cancelledAt = Date.now();
        controller.abort();
      }
    });
    const error = await failureOf(call);
    expect(Date.now() - cancelledAt).toBeLessThan(200);
    expect(error.kind).toBe("cancelled");
    expect(error.partialText).toBe("One two ");
    expect(error.message).toBe("The model call was cancelled; the partial answer is kept.");
  });

  test("cancel while the endpoint has not answered yet stops at once", async () => {
    h = await harness([{ hang: true }]);
    const controller = new AbortController();
    const call = h.model.complete(ask("Hi", { signal: controller.signal }));
    setTimeout(() => controller.abort(), 50);
    const started = Date.now();
    const error = await failureOf(call);
    expect(error.kind).toBe("cancelled");
    expect(error.partialText).toBe("");
    expect(Date.now() - started).toBeLessThan(300);
  });

  test("cancel while waiting to retry a 429 stops at once", async () => {
    h = await harness([{ status: 429, headers: { "retry-after": "5" } }, { stream: ["never"] }], { maxRetryDelayMs: 10_000 });
    const controller = new AbortController();
    const call = h.model.complete(ask("Hi", { signal: controller.signal }));
    setTimeout(() => controller.abort(), 50);
    const started = Date.now();
    const error = await failureOf(call);
    expect(error.kind).toBe("cancelled");
    expect(Date.now() - started).toBeLessThan(300);
  });

  test("an already-aborted signal never reaches the endpoint", async () => {
    h = await harness([{ stream: ["never"] }]);
    const error = await failureOf(h.model.complete(ask("Hi", { signal: AbortSignal.abort() })));
    expect(error.kind).toBe("cancelled");
    expect(h.mock.chatRequests()).toHaveLength(0);
  });
});

describe("secrets", () => {
  const faults: { name: string; script: MockReply[]; timeoutMs?: number }[] = [
    { name: "401", script: [{ status: 401, body: keyInBody }] },
    { name: "403", script: [{ status: 403, body: keyInBody }] },
    { name: "404", script: [{ status: 404, body: keyInBody }] },
    { name: "400", script: [{ status: 400, body: keyInBody }] },
    { name: "429", script: [0, 1, 2].map(() => ({ status: 429, body: keyInBody, headers: { "retry-after": "0" } })) },
    { name: "500", script: [0, 1, 2].map(() => ({ status: 500, body: keyInBody })) },
    { name: "reset", script: [{ stream: [SECRET_KEY, "x"], resetAfter: 1 }] },
    { name: "malformed", script: [{ stream: ["x"], malformedAfter: 1 }] },
    { name: "stream error", script: [{ stream: ["x"], errorAfter: 1 }] },
    { name: "content filter", script: [{ stream: ["x"], finishReason: "content_filter" }] },
    { name: "timeout", script: [{ hang: true }], timeoutMs: 100 },
  ];

  test.each(faults)("the API key appears in no error message ($name)", async ({ script, timeoutMs }) => {
    h = await harness(script, timeoutMs ? { timeoutMs } : {});
    const error: ModelError = await failureOf(h.model.complete(ask("Hi")));
    expect(error.message).not.toContain(SECRET_KEY);
    expect(error.message).not.toMatch(/Bearer (?!\[redacted\])/);
    expect(error.message).not.toMatch(/\n|\bat .*\.(js|ts):\d+/);
    // the key was really sent: it is the wire that carries it, never the message
    expect(h.mock.chatRequests()[0].headers.authorization).toBe(`Bearer ${SECRET_KEY}`);
  });
});
