// Cost from the editable price table.
import { costOf, DEFAULT_PRICES, priceOf, type PriceTable } from "../../src/llm/cost";

const usage = (promptTokens: number, completionTokens: number) => ({ promptTokens, completionTokens, estimated: false });

describe("costOf", () => {
  test("prices prompt and completion tokens per million from the table", () => {
    const table: PriceTable = { "house-model": { input: 2, output: 8 } };
    expect(costOf(usage(500_000, 250_000), "house-model", table)).toEqual({ usd: 1 + 2, known: true });
  });

  test("the default table knows gpt-4o-mini", () => {
    const cost = costOf(usage(1_000_000, 1_000_000), "gpt-4o-mini");
    expect(cost.known).toBe(true);
    expect(cost.usd).toBeCloseTo(DEFAULT_PRICES["gpt-4o-mini"].input + DEFAULT_PRICES["gpt-4o-mini"].output, 10);
  });

  test("an unknown model costs 0 and says it is unknown", () => {
    expect(costOf(usage(1000, 1000), "mystery-model", DEFAULT_PRICES)).toEqual({ usd: 0, known: false });
  });

  test("local models are known and free", () => {
    expect(costOf(usage(10_000, 10_000), "llama3.2:3b")).toEqual({ usd: 0, known: true });
  });

  test("an edited table wins over the defaults", () => {
    const table = { ...DEFAULT_PRICES, "gpt-4o": { input: 1, output: 1 } };
    expect(costOf(usage(1_000_000, 0), "gpt-4o", table).usd).toBe(1);
  });
});

describe("priceOf", () => {
  test("finds a model behind a provider prefix or a tag", () => {
    const table: PriceTable = { "gpt-4o": { input: 2.5, output: 10 }, qwen: { input: 0, output: 0 } };
    expect(priceOf("openai/gpt-4o", table)).toEqual(table["gpt-4o"]);
    expect(priceOf("qwen:14b", table)).toEqual(table.qwen);
    expect(priceOf("gpt-4o-2024-08-06", table)).toEqual(table["gpt-4o"]);
    expect(priceOf("openai/gpt-4o-2024-08-06", table)).toEqual(table["gpt-4o"]);
    expect(priceOf("gpt-4o-mini", table)).toBeUndefined();
  });

  test("does not mistake object built-ins for models", () => {
    expect(priceOf("constructor", {})).toBeUndefined();
    expect(priceOf("toString", DEFAULT_PRICES)).toBeUndefined();
  });
});
