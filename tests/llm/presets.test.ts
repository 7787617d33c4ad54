// Provider presets and recognising a preset from a base URL.
import { PROVIDER_PRESETS, presetById, presetForBaseUrl } from "../../src/llm/presets";

describe("provider presets", () => {
  test("offer OpenAI, OpenRouter, Ollama, LM Studio and custom", () => {
    expect(PROVIDER_PRESETS.map((p) => p.name)).toEqual(["OpenAI", "OpenRouter", "Ollama", "LM Studio", "Custom"]);
  });

  test("only OpenAI is treated as OpenAI, and local servers need no key", () => {
    expect(PROVIDER_PRESETS.filter((p) => p.isOpenAI).map((p) => p.id)).toEqual(["openai"]);
    expect(presetById("ollama")?.needsKey).toBe(false);
    expect(presetById("lmstudio")?.baseUrl).toBe("http://localhost:1234/v1");
  });

  test("a base URL is matched to its preset, ignoring a trailing slash", () => {
    expect(presetForBaseUrl("https://openrouter.ai/api/v1/").id).toBe("openrouter");
    expect(presetForBaseUrl("http://localhost:11434/v1").name).toBe("Ollama");
    expect(presetForBaseUrl("http://gpu-box:8000/v1").id).toBe("custom");
  });
});
