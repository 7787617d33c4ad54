// How long to wait before retrying: Retry-After in its three forms, and capped backoff.
import { backoffMs, retryAfterMs, retryDelayMs, type RetryPolicy } from "../../src/llm/retry-policy";

const policy: RetryPolicy = { maxRetries: 3, baseDelayMs: 100, maxDelayMs: 1000 };

describe("retryAfterMs", () => {
  test("reads retry-after-ms first", () => {
    expect(retryAfterMs(new Headers({ "retry-after-ms": "250", "retry-after": "9" }))).toBe(250);
  });

  test("reads Retry-After in (fractional) seconds", () => {
    expect(retryAfterMs(new Headers({ "retry-after": "0.05" }))).toBe(50);
    expect(retryAfterMs(new Headers({ "retry-after": "2" }))).toBe(2000);
  });

  test("reads Retry-After as an HTTP date", () => {
    const now = Date.parse("2026-01-01T00:00:00Z");
    expect(retryAfterMs(new Headers({ "retry-after": "Thu, 01 Jan 2026 00:00:03 GMT" }), now)).toBe(3000);
  });

  test("is undefined when the response names no wait or an unreadable one", () => {
    expect(retryAfterMs(new Headers())).toBeUndefined();
    expect(retryAfterMs(new Headers({ "retry-after": "soon" }))).toBeUndefined();
    expect(retryAfterMs(undefined)).toBeUndefined();
  });
});

describe("delays", () => {
  test("backoff grows with each attempt and never passes the cap", () => {
    const waits = [0, 1, 2, 3, 4, 5].map((attempt) => backoffMs(attempt, policy));
    expect(waits[1]).toBeGreaterThan(waits[0]);
    expect(waits[2]).toBeGreaterThan(waits[1]);
    for (const wait of waits) expect(wait).toBeLessThanOrEqual(policy.maxDelayMs);
    expect(waits[5]).toBe(policy.maxDelayMs);
  });

  test("an asked-for wait is used, capped", () => {
    expect(retryDelayMs(0, policy, 300)).toBe(300);
    expect(retryDelayMs(0, policy, 60_000)).toBe(policy.maxDelayMs);
  });
});
