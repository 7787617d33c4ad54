// What the plugin needs from the model layer, as an interface: main.ts passes src/llm in, so src/obsidian never imports it.
import type { ModelPort, TokenUsage } from "../core/ports";
import type { FetchLike } from "./adapters/transport/fallback-fetch";
import type { ModelPriceSetting } from "./settings";

export interface ProviderChoice {
  id: string;
  name: string;
  /** Empty for "custom": the person types it. */
  baseUrl: string;
  needsKey: boolean;
  isOpenAI: boolean;
}

export interface EndpointConfig {
  baseUrl: string;
  apiKey: string;
  fetch: FetchLike;
  isOpenAI?: boolean;
  /** Where the person fixes the key, named in 401/403 messages. */
  keyHint?: string;
  /** Where the person set the base URL, named when the endpoint cannot be reached or lacks a model. */
  baseUrlHint?: string;
  /** Longest wait for the first byte or between two chunks (the Time-out setting). */
  timeoutMs?: number;
  /** Retries of a 429 or 5xx answer per request (the Retries setting). */
  maxRetries?: number;
}

export interface ConnectionVerdict {
  ok: boolean;
  message: string;
  models: string[];
}

export interface ModelLayer {
  presets: readonly ProviderChoice[];
  defaultPrices: Readonly<Record<string, ModelPriceSetting>>;
  createModel(config: EndpointConfig): ModelPort;
  listModels(config: EndpointConfig): Promise<string[]>;
  testConnection(config: EndpointConfig): Promise<ConnectionVerdict>;
  costOf(usage: TokenUsage, model: string, table: Record<string, ModelPriceSetting>): { usd: number; known: boolean };
}
