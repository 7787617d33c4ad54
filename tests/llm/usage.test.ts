// Token usage: endpoint numbers when given, estimates otherwise, summed over continuations.
import { addUsage, estimatePromptTokens, estimateTokens, usageOf } from "../../src/llm/usage";

describe("usage", () => {
  test("estimateTokens is the prompt preview's estimate: about four characters per token in ASCII", () => {
    expect(estimateTokens("")).toBe(0);
    expect(estimateTokens("abcd")).toBe(1);
    expect(estimateTokens("a".repeat(401))).toBe(101);
    expect(estimateTokens("日本語です")).toBe(3);
  });

  test("the endpoint's numbers are used as they are", () => {
    expect(usageOf({ prompt_tokens: 10, completion_tokens: 3 }, [], "x")).toEqual({ promptTokens: 10, completionTokens: 3, estimated: false });
  });

  test("without endpoint numbers both sides are estimated and marked", () => {
    const messages = [{ role: "user" as const, content: "a".repeat(40) }];
    expect(usageOf(null, messages, "b".repeat(8))).toEqual({ promptTokens: estimatePromptTokens(messages), completionTokens: 2, estimated: true });
    expect(estimatePromptTokens(messages)).toBeGreaterThan(estimateTokens(messages[0].content));
  });

  test("a sum is estimated if any part was", () => {
    const sum = addUsage({ promptTokens: 1, completionTokens: 2, estimated: false }, { promptTokens: 3, completionTokens: 4, estimated: true });
    expect(sum).toEqual({ promptTokens: 4, completionTokens: 6, estimated: true });
  });
});
