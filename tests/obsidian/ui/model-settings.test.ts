/** @jest-environment jsdom */
// The model rows of the settings tab, inside the loaded plugin: provider, endpoint, key by secret name, models, prices, budget.
import type { App as ObsidianApp } from "obsidian";
import { ButtonComponent, DropdownComponent, SecretComponent, TextAreaComponent, TextComponent } from "obsidian-test-mocks/obsidian";
import SopRuntimePlugin from "../../../src/obsidian/plugin";
import { runtimeConfigOf } from "../../../src/obsidian/settings";
import { SopRuntimeSettingTab } from "../../../src/obsidian/ui/settings-tab";
import { FakeModelLayer } from "../../support/fake-model-layer";
import { createMockApp } from "../../support/obsidian-mock-app";
import { captureRows, rowNamed } from "../../support/obsidian-settings-rows";
import type { RenderedRow } from "../../support/obsidian-settings-rows";
import { pluginManifest } from "../../support/manifest";
import { mockOf } from "../../support/plugin-harness";
import { testConnection } from "../../../src/llm/index";

const KEY = "sk-test-0123456789abcdef";

async function loadPlugin(saved?: unknown): Promise<{ plugin: SopRuntimePlugin; app: ObsidianApp; layer: FakeModelLayer; rows: RenderedRow[]; secretChange: (name: string) => void }> {
  const app = createMockApp();
  const layer = new FakeModelLayer();
  const plugin = new SopRuntimePlugin(app, pluginManifest);
  plugin.modelLayer = layer;
  if (saved !== undefined) mockOf(plugin).data__ = saved;
  await plugin.onload();
  const tab = mockOf(plugin).settingTabs__[0] as unknown as SopRuntimeSettingTab;
  let secretChange: (name: string) => void = () => undefined;
  const original = Object.getOwnPropertyDescriptor(SecretComponent.prototype, "onChange")?.value as SecretComponent["onChange"];
  const spy = jest.spyOn(SecretComponent.prototype, "onChange").mockImplementation(function (this: SecretComponent, callback) {
    secretChange = (name) => void callback(name);
    return original.call(this, callback);
  });
  const rows = captureRows(() => tab.display());
  spy.mockRestore();
  return { plugin, app, layer, rows, secretChange };
}

function component<T>(row: RenderedRow, type: abstract new (...args: never[]) => T): T {
  const found = row.setting.components.find((c) => c instanceof type);
  if (!found) throw new Error(`"${row.name}" has no such control`);
  return found as T;
}

async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise((resolve) => setTimeout(resolve, 0));
}

it("shows the model rows under a Model heading, in sentence case", async () => {
  const { rows } = await loadPlugin();
  expect(rows.filter((r) => r.heading).map((r) => r.name)).toEqual(["Model", "Runs"]);
  expect(rows.filter((r) => !r.heading).map((r) => r.name)).toEqual([
    "SOP tag",
    "Role tag",
    "Provider",
    "Base URL",
    "API key",
    "Default model",
    "Test connection",
    "Time-out",
    "Retries",
    "Model context",
    "Prices",
    "Run budget",
    "Runs folder",
    "Default mode",
    "Open a run's notes in",
    "Link runs into project notes",
  ]);
});

it("stores only the secret's name: the key itself never reaches data.json", async () => {
  const { plugin, app, rows, secretChange } = await loadPlugin();
  app.secretStorage.setSecret("openai-key", KEY);
  const provider = component(rowNamed(rows, "Provider"), DropdownComponent);
  provider.selectEl.value = "openai";
  provider.simulateChange__();
  secretChange("openai-key");
  await settle();
  const saved = JSON.stringify(mockOf(plugin).data__);
  expect(saved).toContain('"apiKeySecret":"openai-key"');
  expect(saved).toContain('"baseUrl":"https://api.openai.com/v1"');
  expect(saved).not.toContain(KEY);
  expect(plugin.endpoint()?.apiKey).toBe(KEY);
});

it("round-trips the model settings through data.json", async () => {
  const first = await loadPlugin();
  const provider = component(rowNamed(first.rows, "Provider"), DropdownComponent);
  provider.selectEl.value = "ollama";
  provider.simulateChange__();
  component(rowNamed(first.rows, "Default model"), TextComponent).setValue("llama3.2");
  component(rowNamed(first.rows, "Prices"), TextAreaComponent).setValue('{"llama3.2": {"input": 0, "output": 0.1}}');
  component(rowNamed(first.rows, "Run budget"), TextComponent).setValue("$2");
  await settle();
  const again = await loadPlugin(JSON.parse(JSON.stringify(mockOf(first.plugin).data__)));
  expect(again.plugin.settings).toMatchObject({
    provider: "ollama",
    baseUrl: "http://localhost:11434/v1",
    defaultModel: "llama3.2",
    prices: { "llama3.2": { input: 0, output: 0.1 } },
    budgetUsd: 2,
  });
  expect(component(rowNamed(again.rows, "Base URL"), TextComponent).getValue()).toBe("http://localhost:11434/v1");
});

it("time-out and retries: kept in data.json, refused out of bounds with the reason, and given to every model call", async () => {
  const first = await loadPlugin({ provider: "ollama", baseUrl: "http://localhost:11434/v1" });
  expect(first.plugin.endpoint()).toMatchObject({ timeoutMs: 120_000, maxRetries: 3 });
  component(rowNamed(first.rows, "Time-out"), TextComponent).setValue("2");
  component(rowNamed(first.rows, "Retries"), TextComponent).setValue("1.5");
  expect(descOf(first.rows, "Time-out")).toContain('The time-out "2" is not a number of seconds from 5 to 3600. Keeping 120.');
  expect(descOf(first.rows, "Retries")).toContain('The retries "1.5" are not a whole number from 0 to 10. Keeping 3.');
  component(rowNamed(first.rows, "Time-out"), TextComponent).setValue("600");
  component(rowNamed(first.rows, "Retries"), TextComponent).setValue("0");
  await settle();
  expect(descOf(first.rows, "Time-out")).not.toContain("Keeping");
  const again = await loadPlugin(JSON.parse(JSON.stringify(mockOf(first.plugin).data__)));
  expect(again.plugin.settings).toMatchObject({ timeoutSeconds: 600, retries: 0 });
  expect(again.plugin.endpoint()).toMatchObject({ timeoutMs: 600_000, maxRetries: 0 });
});

it("model context: kept in data.json, refused out of bounds with the reason, and a long run's conversation budget", async () => {
  const first = await loadPlugin({ provider: "ollama", baseUrl: "http://localhost:11434/v1" });
  expect(runtimeConfigOf(first.plugin.settings).conversationBudgetChars).toBeUndefined();
  component(rowNamed(first.rows, "Model context"), TextComponent).setValue("100");
  expect(descOf(first.rows, "Model context")).toContain('The context "100" is not a whole number of tokens from 512 to 10000000 (empty for not set). Keeping 0.');
  component(rowNamed(first.rows, "Model context"), TextComponent).setValue("8,192");
  await settle();
  expect(descOf(first.rows, "Model context")).not.toContain("Keeping");
  const again = await loadPlugin(JSON.parse(JSON.stringify(mockOf(first.plugin).data__)));
  expect(again.plugin.settings.contextTokens).toBe(8192);
  expect(runtimeConfigOf(again.plugin.settings).conversationBudgetChars).toBe(24_576);
});

it("keeps the previous price table and budget when the typed ones are invalid, and says why", async () => {
  const { plugin, rows } = await loadPlugin();
  component(rowNamed(rows, "Prices"), TextAreaComponent).setValue("{not json");
  component(rowNamed(rows, "Run budget"), TextComponent).setValue("lots");
  expect(plugin.settings.prices).toBeNull();
  expect(plugin.settings.budgetUsd).toBe(0);
  expect(descOf(rows, "Prices")).toContain("The price table is not valid JSON. Keeping the previous table.");
  expect(descOf(rows, "Run budget")).toContain('The budget "lots" is not an amount of USD (0 for none). Keeping 0.');
});

it("tests the connection and loads the endpoint's models into a picker", async () => {
  const { plugin, layer, rows } = await loadPlugin({ provider: "ollama", baseUrl: "http://localhost:11434/v1" });
  component(rowNamed(rows, "Test connection"), ButtonComponent).simulateClick__();
  await settle();
  expect(descOf(rows, "Test connection")).toContain("Connected to Ollama: 2 models available.");
  component(rowNamed(rows, "Default model"), ButtonComponent).simulateClick__();
  await settle();
  const picker = component(rowNamed(rows, "Default model"), DropdownComponent);
  expect([...picker.selectEl.options].map((o) => o.value)).toEqual(["", "llama3.2", "qwen2.5"]);
  picker.selectEl.value = "qwen2.5";
  picker.simulateChange__();
  await settle();
  expect(plugin.settings.defaultModel).toBe("qwen2.5");
  expect(layer.endpoints.map((e) => e.baseUrl)).toEqual(["http://localhost:11434/v1", "http://localhost:11434/v1"]);
});

it("an endpoint that cannot be reached is reported naming the plugin's options, where the person set it", async () => {
  const { plugin } = await loadPlugin({ provider: "custom", baseUrl: "http://127.0.0.1:9/v1" });
  const endpoint = plugin.endpoint();
  if (!endpoint) throw new Error("no endpoint");
  const refused = (): Promise<Response> => Promise.reject(Object.assign(new TypeError("fetch failed"), { cause: { code: "ECONNREFUSED" } }));
  const verdict = await testConnection({ ...endpoint, fetch: refused });
  expect(verdict.message).toBe("Could not reach the endpoint at http://127.0.0.1:9/v1: connection refused. Check that the server is running and the base URL in the plugin's options.");
});

it("says what is missing when no provider is chosen yet", async () => {
  const { rows, layer } = await loadPlugin();
  component(rowNamed(rows, "Test connection"), ButtonComponent).simulateClick__();
  await settle();
  expect(descOf(rows, "Test connection")).toContain("Choose a provider and a base URL first.");
  expect(layer.endpoints).toEqual([]);
});

/** The row's description as it reads now (messages appear under it after the render). */
function descOf(rows: RenderedRow[], name: string): string {
  return rowNamed(rows, name).setting.descEl.textContent ?? "";
}
