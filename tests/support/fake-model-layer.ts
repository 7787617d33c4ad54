// Test support: a ModelLayer that records what the plugin asks of it, with the real presets' shape and a scripted model.
import type { ModelPort } from "../../src/core/ports";
import type { ConnectionVerdict, EndpointConfig, ModelLayer } from "../../src/core/ports";
import { ScriptedModel, type Script } from "./scripted-model";

export class FakeModelLayer implements ModelLayer {
  readonly presets = [
    { id: "openai", name: "OpenAI", baseUrl: "https://api.openai.com/v1", needsKey: true, isOpenAI: true },
    { id: "ollama", name: "Ollama", baseUrl: "http://localhost:11434/v1", needsKey: false, isOpenAI: false },
    { id: "custom", name: "Custom", baseUrl: "", needsKey: false, isOpenAI: false },
  ];
  /** As the real default table: local models such as llama3.2 are free, an unknown id has no price. */
  readonly defaultPrices = { "gpt-4o-mini": { input: 0.15, output: 0.6 }, "llama3.2": { input: 0, output: 0 } };
  readonly endpoints: EndpointConfig[] = [];
  models: string[] = ["llama3.2", "qwen2.5"];
  verdict: ConnectionVerdict = { ok: true, message: "Connected to Ollama: 2 models available.", models: ["llama3.2", "qwen2.5"] };
  readonly model: ScriptedModel;

  constructor(script: Script = []) {
    this.model = new ScriptedModel(script);
  }

  createModel(config: EndpointConfig): ModelPort {
    this.endpoints.push(config);
    return this.model;
  }

  listModels(config: EndpointConfig): Promise<string[]> {
    this.endpoints.push(config);
    return Promise.resolve(this.models);
  }

  testConnection(config: EndpointConfig): Promise<ConnectionVerdict> {
    this.endpoints.push(config);
    return Promise.resolve(this.verdict);
  }

  costOf(usage: { promptTokens: number; completionTokens: number }, model: string, table: Record<string, { input: number; output: number }>): { usd: number; known: boolean } {
    const price = table[model];
    if (!price) return { usd: 0, known: false };
    return { usd: (usage.promptTokens * price.input + usage.completionTokens * price.output) / 1_000_000, known: true };
  }
}
