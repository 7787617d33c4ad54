// What a model call cost, from an editable price table in USD per million tokens.
import type { ModelPrice, TokenUsage } from "../core/ports";

export type { ModelPrice };

export type PriceTable = Record<string, ModelPrice>;

/** Public list prices at the time of writing; users edit their own copy in settings. */
export const DEFAULT_PRICES: PriceTable = {
  "gpt-4o-mini": { input: 0.15, output: 0.6 },
  "gpt-4o": { input: 2.5, output: 10 },
  "gpt-4.1": { input: 2, output: 8 },
  "gpt-4.1-mini": { input: 0.4, output: 1.6 },
  "gpt-4.1-nano": { input: 0.1, output: 0.4 },
  "o4-mini": { input: 1.1, output: 4.4 },
  "llama3.2": { input: 0, output: 0 },
  "qwen2.5": { input: 0, output: 0 },
  "mistral": { input: 0, output: 0 },
};

export interface Cost {
  usd: number;
  /** False when the model is not in the table: the cost is then 0 and should be shown as unknown. */
  known: boolean;
}

/**
 * Finds a model's price: exact id, then without a provider prefix (`openai/gpt-4o`), a tag (`llama3.2:3b`) or a
 * date (`gpt-4o-mini-2024-07-18` is priced as `gpt-4o-mini`).
 */
export function priceOf(model: string, table: PriceTable): ModelPrice | undefined {
  const candidates = [model, model.split("/").pop() ?? model];
  const untagged = candidates.map((c) => c.split(":")[0]);
  const undated = untagged.map((c) => c.replace(/-\d{4}-\d{2}-\d{2}$/, ""));
  for (const candidate of [...candidates, ...untagged, ...undated]) {
    const price = Object.prototype.hasOwnProperty.call(table, candidate) ? table[candidate] : undefined;
    if (price) return price;
  }
  return undefined;
}

export function costOf(usage: TokenUsage, model: string, table: PriceTable = DEFAULT_PRICES): Cost {
  const price = priceOf(model, table);
  if (!price) return { usd: 0, known: false };
  return { usd: (usage.promptTokens * price.input + usage.completionTokens * price.output) / 1_000_000, known: true };
}
