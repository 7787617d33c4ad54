// Waiting before a retry, on a fake clock (no sleeping): 429 without Retry-After backs off exponentially with
// jitter, Retry-After is honoured in seconds and as an HTTP date, and the Retries setting bounds the attempts.
import type { createOpenAIModel as CreateOpenAIModel } from "../../src/llm/openai-model";

let createOpenAIModel: typeof CreateOpenAIModel;

const NOW = Date.parse("2026-01-01T00:00:00Z");

beforeAll(async () => {
  // The model layer keeps the timers it finds when it loads: fake them first, then load it.
  jest.useFakeTimers({ now: NOW });
  ({ createOpenAIModel } = await import("../../src/llm/openai-model"));
});

afterAll(() => jest.useRealTimers());
afterEach(() => jest.restoreAllMocks());

function chunk(delta: Record<string, unknown>, finish: string | null): string {
  return `data: ${JSON.stringify({ id: "c", object: "chat.completion.chunk", created: 0, model: "m", choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;
}

const answer = (): Response => new Response(`${chunk({ content: "done" }, null)}${chunk({}, "stop")}data: [DONE]\n\n`, { status: 200, headers: { "content-type": "text/event-stream" } });
const limited = (headers: Record<string, string> = {}) => (): Response =>
  new Response(JSON.stringify({ error: { message: "slow down" } }), { status: 429, headers: { "content-type": "application/json", ...headers } });

/** A fetch that answers from a script and notes when (on the fake clock) each request came. */
function scripted(replies: (() => Response)[]): { fetch: typeof fetch; times: number[] } {
  const times: number[] = [];
  const fetch = (): Promise<Response> => {
    times.push(Date.now() - NOW);
    const next = replies.shift();
    return Promise.resolve(next ? next() : new Response("no more replies", { status: 500 }));
  };
  return { fetch, times };
}

function start(replies: (() => Response)[], maxRetries = 3): { times: number[]; result: Promise<string> } {
  jest.setSystemTime(NOW);
  const { fetch, times } = scripted(replies);
  const model = createOpenAIModel({ baseUrl: "http://127.0.0.1:9/v1", apiKey: "", fetch, maxRetries });
  const result = model.complete({ model: "m", messages: [{ role: "user", content: "hi" }] }).then((r) => r.text);
  return { times, result };
}

/** Moves the fake clock to `ms` after the start, letting every promise along the way settle. */
async function at(ms: number): Promise<void> {
  await jest.advanceTimersByTimeAsync(ms - (Date.now() - NOW));
}

it("a 429 without Retry-After is retried after 1 s, 2 s and 4 s, not at once", async () => {
  jest.spyOn(Math, "random").mockReturnValue(0.5);
  const { times, result } = start([limited(), limited(), limited(), answer]);
  await at(999);
  expect(times).toEqual([0]);
  await at(1000);
  expect(times).toEqual([0, 1000]);
  await at(2999);
  expect(times).toHaveLength(2);
  await at(7000);
  expect(times).toEqual([0, 1000, 3000, 7000]);
  await expect(result).resolves.toBe("done");
});

it("the back-off is jittered by up to a fifth either way, so parallel runs do not retry in step", async () => {
  jest.spyOn(Math, "random").mockReturnValue(0);
  const early = start([limited(), answer]);
  await at(799);
  expect(early.times).toEqual([0]);
  await at(800);
  expect(early.times).toEqual([0, 800]);
  await expect(early.result).resolves.toBe("done");
  jest.spyOn(Math, "random").mockReturnValue(0.999);
  const late = start([limited(), answer]);
  await at(1198);
  expect(late.times).toEqual([0]);
  await at(1200);
  expect(late.times).toEqual([0, 1199]);
  await expect(late.result).resolves.toBe("done");
});

it("Retry-After is honoured in seconds and as an HTTP date", async () => {
  const seconds = start([limited({ "retry-after": "7" }), answer]);
  await at(6999);
  expect(seconds.times).toEqual([0]);
  await at(7000);
  expect(seconds.times).toEqual([0, 7000]);
  await expect(seconds.result).resolves.toBe("done");
  const date = start([limited({ "retry-after": new Date(NOW + 5000).toUTCString() }), answer]);
  await at(4999);
  expect(date.times).toEqual([0]);
  await at(5000);
  expect(date.times).toEqual([0, 5000]);
  await expect(date.result).resolves.toBe("done");
});

it("gives up after the configured retries with the rate-limit sentence", async () => {
  jest.spyOn(Math, "random").mockReturnValue(0.5);
  const { times, result } = start([limited(), limited(), limited()], 1);
  const settled = result.catch((error: unknown) => (error instanceof Error ? error.message : String(error)));
  await at(10_000);
  expect(times).toEqual([0, 1000]);
  await expect(settled).resolves.toMatch(/rate-limiting requests \(429\) after 1 retry; resume the run in a minute\.$/);
});
