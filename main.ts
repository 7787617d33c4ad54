// Obsidian entry point: the plugin class lives in src/obsidian/plugin.ts; the model layer (src/llm) is plugged in here
// so that src/obsidian never imports src/llm (the dependency rule in DESIGN.md §2).
import SopRuntimePlugin from "./src/obsidian/plugin";
import type { ModelLayer } from "./src/core/ports";
import { costOf, createOpenAIModel, DEFAULT_PRICES, listModels, PROVIDER_PRESETS, testConnection } from "./src/llm/index";

const llmLayer: ModelLayer = {
  presets: PROVIDER_PRESETS,
  defaultPrices: DEFAULT_PRICES,
  createModel: (endpoint) => createOpenAIModel(endpoint),
  listModels: (endpoint) => listModels(endpoint),
  testConnection: (endpoint) => testConnection(endpoint),
  costOf: (usage, model, table) => costOf(usage, model, table),
};

export default class SopRuntime extends SopRuntimePlugin {
  override modelLayer: ModelLayer | null = llmLayer;
}
