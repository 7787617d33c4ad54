// The OpenAI-compatible providers a person can pick, with what each needs.

export type ProviderId = "openai" | "openrouter" | "ollama" | "lmstudio" | "custom";

export interface ProviderPreset {
  id: ProviderId;
  name: string;
  /** Empty for "custom": the person types it. */
  baseUrl: string;
  needsKey: boolean;
  /** Only OpenAI itself accepts the SDK's x-stainless-* headers without a CORS preflight failing. */
  isOpenAI: boolean;
}

export const PROVIDER_PRESETS: readonly ProviderPreset[] = [
  { id: "openai", name: "OpenAI", baseUrl: "https://api.openai.com/v1", needsKey: true, isOpenAI: true },
  { id: "openrouter", name: "OpenRouter", baseUrl: "https://openrouter.ai/api/v1", needsKey: true, isOpenAI: false },
  { id: "ollama", name: "Ollama", baseUrl: "http://localhost:11434/v1", needsKey: false, isOpenAI: false },
  { id: "lmstudio", name: "LM Studio", baseUrl: "http://localhost:1234/v1", needsKey: false, isOpenAI: false },
  { id: "custom", name: "Custom", baseUrl: "", needsKey: false, isOpenAI: false },
];

export function presetById(id: string): ProviderPreset | undefined {
  return PROVIDER_PRESETS.find((p) => p.id === id);
}

/** The preset whose base URL matches, for naming an endpoint in messages; "custom" when none does. */
export function presetForBaseUrl(baseUrl: string): ProviderPreset {
  const wanted = normalizeBaseUrl(baseUrl);
  return PROVIDER_PRESETS.find((p) => p.baseUrl !== "" && normalizeBaseUrl(p.baseUrl) === wanted) ?? presetById("custom")!;
}

export function normalizeBaseUrl(baseUrl: string): string {
  return baseUrl.trim().replace(/\/+$/, "");
}
