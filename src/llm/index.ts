// The model layer's public surface: the ModelPort over the openai SDK and what settings need around it.
export { createOpenAIModel, CONTINUE_PROMPT, type OpenAIModelOptions } from "./openai-model";
export { DEFAULT_TIMEOUT_MS, type EndpointOptions } from "./client";
export { listModels, testConnection, type ConnectionOptions, type ConnectionVerdict } from "./connection";
export { PROVIDER_PRESETS, presetById, presetForBaseUrl, normalizeBaseUrl, type ProviderPreset, type ProviderId } from "./presets";
export { stripStainlessHeaders, acceptJsonForStreams, type FetchLike } from "./fetch-wrappers";
export { costOf, priceOf, DEFAULT_PRICES, type PriceTable, type ModelPrice, type Cost } from "./cost";
export { estimateTokens, estimatePromptTokens } from "./usage";
export { redactSecrets } from "./redact";
export { DEFAULT_KEY_HINT } from "./fault-messages";
export { maskCredentials, splitCredentials } from "./credentials";
