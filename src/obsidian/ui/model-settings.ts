// The settings rows for the model: provider, endpoint, key (by secret name), default model, connection test, prices, budget.
import { SecretComponent } from "obsidian";
import type { App, DropdownComponent, Setting, TextComponent } from "obsidian";
import type { EndpointConfig, ModelLayer } from "../../core/ports";
import { parseBudget, parsePrices, parseContextTokens, parseRetries, parseTimeout } from "../settings";
import type { SopRuntimeSettings, Validation } from "../settings";

/** One settings row, rendered by either the declarative API or display(). */
export interface SettingRow {
  name: string;
  desc: string;
  build(setting: Setting): void;
}

export interface ModelSettingsHost {
  settings: SopRuntimeSettings;
  saveSettings(): Promise<void>;
  /** The model layer; null when this build has none (then only checklist runs exist). */
  modelLayer?: ModelLayer | null;
  /** The endpoint as the settings describe it, with the key read from secret storage; null when no provider is chosen. */
  endpoint?(): EndpointConfig | null;
}

const NO_PROVIDER = "";

export function modelRows(app: App, host: ModelSettingsHost): SettingRow[] {
  const layer = host.modelLayer;
  if (!layer || !host.endpoint) return [];
  let baseUrlText: TextComponent | null = null;
  const save = (): Promise<void> => host.saveSettings();
  return [
    {
      name: "Provider",
      desc: "Where steps are sent. Without a provider every step becomes a checklist for you.",
      build: (setting) => {
        setting.addDropdown((dropdown) => {
          dropdown.addOption(NO_PROVIDER, "None (checklist only)");
          for (const preset of layer.presets) dropdown.addOption(preset.id, preset.name);
          dropdown.setValue(host.settings.provider).onChange(async (value) => {
            host.settings.provider = value;
            const preset = layer.presets.find((p) => p.id === value);
            if (preset && preset.baseUrl !== "") host.settings.baseUrl = preset.baseUrl;
            baseUrlText?.setValue(host.settings.baseUrl);
            await save();
          });
        });
      },
    },
    {
      name: "Base URL",
      desc: "The endpoint's address, usually ending in /v1.",
      build: (setting) => {
        const messageEl = setting.descEl.createDiv({ cls: "sop-runtime-setting-error" });
        setting.addText((text) => {
          baseUrlText = text;
          text.setPlaceholder("Address ending in /v1").setValue(host.settings.baseUrl).onChange(async (input) => {
            const trimmed = input.trim();
            if (trimmed !== "" && !/^https?:\/\/[^\s]+$/.test(trimmed)) {
              messageEl.setText(`"${trimmed}" is not an http or https address. Keeping "${host.settings.baseUrl}".`);
              return;
            }
            messageEl.setText("");
            host.settings.baseUrl = trimmed;
            await save();
          });
        });
      },
    },
    {
      name: "API key",
      desc: "Pick or create a secret in Obsidian's secret storage; only its name is saved with the plugin's options.",
      build: (setting) => {
        new SecretComponent(app, setting.controlEl).setValue(host.settings.apiKeySecret).onChange(async (name) => {
          if (name === host.settings.apiKeySecret) return;
          host.settings.apiKeySecret = name;
          await save();
        });
      },
    },
    defaultModelRow(host, layer),
    {
      name: "Test connection",
      desc: "Asks the endpoint for its models.",
      build: (setting) => {
        const verdictEl = setting.descEl.createDiv({ cls: "sop-runtime-setting-verdict" });
        setting.addButton((button) =>
          button.setButtonText("Test").onClick(async () => {
            const endpoint = endpointOrSay(host, verdictEl);
            if (!endpoint) return;
            verdictEl.setText("Connecting…");
            const verdict = await layer.testConnection(endpoint);
            showVerdict(verdictEl, verdict.ok, verdict.message);
          }),
        );
      },
    },
    numberRow(host, {
      name: "Time-out",
      desc: "Seconds a step may wait for the model's first word, or between two pieces of its answer. A slow local model may need 300 or more.",
      read: (s) => s.timeoutSeconds,
      parse: parseTimeout,
      write: (s, value) => (s.timeoutSeconds = value),
    }),
    numberRow(host, {
      name: "Retries",
      desc: "How often a busy (429) or failing (5xx) endpoint is tried again, waiting longer each time or as long as it asks.",
      read: (s) => s.retries,
      parse: parseRetries,
      write: (s, value) => (s.retries = value),
    }),
    numberRow(host, {
      name: "Model context",
      desc: "The model's context window in tokens (0: not set, about 60,000). A long run then sends its oldest approved outputs as links with an excerpt, eight at a time, so each prompt keeps to three quarters of it. Set it for a small local model: Ollama cuts a longer prompt without saying so.",
      read: (s) => s.contextTokens,
      parse: parseContextTokens,
      write: (s, value) => (s.contextTokens = value),
    }),
    {
      name: "Prices",
      desc: 'USD per million tokens by model, as JSON: {"gpt-4o-mini": {"input": 0.15, "output": 0.6}}. Empty uses the built-in table.',
      build: (setting) => {
        const messageEl = setting.descEl.createDiv({ cls: "sop-runtime-setting-error" });
        setting.addTextArea((area) => {
          area.inputEl.addClass("sop-runtime-price-table");
          area.setPlaceholder(JSON.stringify(layer.defaultPrices, null, 2));
          area.setValue(host.settings.prices ? JSON.stringify(host.settings.prices, null, 2) : "").onChange(async (input) => {
            const result = parsePrices(input);
            if (!result.ok) {
              messageEl.setText(`${result.message} Keeping the previous table.`);
              return;
            }
            messageEl.setText("");
            host.settings.prices = result.value;
            await save();
          });
        });
      },
    },
    {
      name: "Run budget",
      desc: "USD a run may spend before it pauses. 0 means no budget.",
      build: (setting) => {
        const messageEl = setting.descEl.createDiv({ cls: "sop-runtime-setting-error" });
        setting.addText((text) =>
          text.setValue(String(host.settings.budgetUsd)).onChange(async (input) => {
            const result = parseBudget(input);
            if (!result.ok) {
              messageEl.setText(`${result.message} Keeping ${host.settings.budgetUsd}.`);
              return;
            }
            messageEl.setText("");
            host.settings.budgetUsd = result.value;
            await save();
          }),
        );
      },
    },
  ];
}

/** A text row holding one number: checked as typed, kept as it was (and why said) when the input is refused. */
function numberRow(
  host: ModelSettingsHost,
  row: { name: string; desc: string; read(s: SopRuntimeSettings): number; parse(input: string): Validation<number>; write(s: SopRuntimeSettings, value: number): void },
): SettingRow {
  return {
    name: row.name,
    desc: row.desc,
    build: (setting) => {
      const messageEl = setting.descEl.createDiv({ cls: "sop-runtime-setting-error" });
      setting.addText((text) =>
        text.setValue(String(row.read(host.settings))).onChange(async (input) => {
          const result = row.parse(input);
          if (!result.ok) {
            messageEl.setText(`${result.message} Keeping ${row.read(host.settings)}.`);
            return;
          }
          messageEl.setText("");
          row.write(host.settings, result.value);
          await host.saveSettings();
        }),
      );
    },
  };
}

function defaultModelRow(host: ModelSettingsHost, layer: ModelLayer): SettingRow {
  return {
    name: "Default model",
    desc: "Used when neither the step, its role note nor the SOP names a model.",
    build: (setting) => {
      const verdictEl = setting.descEl.createDiv({ cls: "sop-runtime-setting-verdict" });
      let modelText: TextComponent | null = null;
      let picker: DropdownComponent | null = null;
      setting.addText((text) => {
        modelText = text;
        text.setPlaceholder("Model name").setValue(host.settings.defaultModel).onChange(async (input) => {
          host.settings.defaultModel = input.trim();
          await host.saveSettings();
        });
      });
      setting.addDropdown((dropdown) => {
        picker = dropdown;
        dropdown.selectEl.addClass("sop-runtime-model-picker");
        dropdown.onChange((value) => {
          // Setting the text field saves through its own onChange.
          if (value !== "") modelText?.setValue(value);
        });
      });
      setting.addButton((button) =>
        button.setButtonText("Load models").onClick(async () => {
          const endpoint = endpointOrSay(host, verdictEl);
          if (!endpoint) return;
          try {
            const models = await layer.listModels(endpoint);
            picker?.selectEl.empty();
            picker?.addOption("", models.length === 0 ? "No models" : "Pick a model");
            for (const model of models) picker?.addOption(model, model);
            picker?.setValue(models.includes(host.settings.defaultModel) ? host.settings.defaultModel : "");
            showVerdict(verdictEl, true, models.length === 1 ? "1 model loaded." : `${models.length} models loaded.`);
          } catch (error) {
            showVerdict(verdictEl, false, error instanceof Error ? error.message : String(error));
          }
        }),
      );
    },
  };
}

/** The endpoint the settings describe, or null after saying under the row what is missing. */
function endpointOrSay(host: { endpoint?: () => EndpointConfig | null }, verdictEl: HTMLElement): EndpointConfig | null {
  const endpoint = host.endpoint?.() ?? null;
  if (!endpoint) showVerdict(verdictEl, false, "Choose a provider and a base URL first.");
  return endpoint;
}

function showVerdict(el: HTMLElement, ok: boolean, message: string): void {
  el.setText(message);
  el.toggleClass("is-error", !ok);
  el.toggleClass("is-ok", ok);
}
