// What the settings make of the engine: the endpoint, the model, the price table and the runtime built over the vault.
import type { App } from "obsidian";
import type { EndpointConfig, ModelLayer, ModelPort, TokenUsage } from "../../core/ports";
import { createRuntime, type Runtime } from "../../core/app/runtime";
import type { StartOptions } from "../../core/run/engine-types";
import { NoteCache } from "../../core/notes/note-cache";
import { ObsidianVault } from "../adapters/obsidian-vault";
import { obsidianYaml } from "../adapters/obsidian-yaml";
import { ObsidianLockFiles } from "../adapters/lock-files";
import type { FetchLike, RequestUrlLike } from "../adapters/transport/fallback-fetch";
import { pluginTransport } from "../adapters/transport/plugin-transport";
import { runtimeConfigOf, type SopRuntimeSettings } from "../settings";
import { budgetQuestion, enginePrice } from "./run-pricing";

export interface NoticeAction {
  label: string;
  run(): void;
}

export interface RunControllerHost {
  app: App;
  settings(): SopRuntimeSettings;
  saveSettings(): Promise<void>;
  /** One sentence to the person; with an action, a button that does it (Resume, for a paused run). */
  notify(message: string, action?: NoticeAction): void;
  modelLayer: ModelLayer | null;
  /** Test seams: the model port to use instead of one built from settings, and the transports. */
  model?: () => ModelPort | null;
  fetch?: FetchLike;
  requestUrl?: RequestUrlLike;
}

/** Builds the runtime from the settings, and keeps it until they change. */
export class RuntimeSource {
  private cached: { key: string; runtime: Runtime } | null = null;
  /** Models without a price already told about in this session. */
  private readonly unpriced = new Set<string>();
  /** One lock holder for the app's lifetime: a run this window drives stays its own across settings changes. */
  private readonly locks: ObsidianLockFiles;
  /** What the engine has read of the vault, for the app's lifetime; the plugin forgets a note whenever the vault says it changed. */
  readonly notes = new NoteCache();

  constructor(private readonly host: RunControllerHost) {
    this.locks = new ObsidianLockFiles(host.app);
  }

  /** The endpoint from the settings, the key read from secret storage at call time; null when no provider is set. */
  endpoint(): EndpointConfig | null {
    const settings = this.host.settings();
    const layer = this.host.modelLayer;
    if (!layer || settings.provider === "" || settings.baseUrl === "") return null;
    const preset = layer.presets.find((p) => p.id === settings.provider);
    const apiKey = settings.apiKeySecret ? (this.host.app.secretStorage.getSecret(settings.apiKeySecret) ?? "") : "";
    return {
      baseUrl: settings.baseUrl,
      apiKey,
      fetch: this.transport(),
      isOpenAI: preset?.isOpenAI,
      keyHint: "the API key secret in the plugin's options",
      baseUrlHint: "the base URL in the plugin's options",
      timeoutMs: settings.timeoutSeconds * 1000,
      maxRetries: settings.retries,
    };
  }

  /** Prices a step's tokens on a model with the settings' table (or the default one); null without a model layer. */
  pricing(): ((usage: TokenUsage, model: string) => { usd: number; known: boolean }) | null {
    const layer = this.host.modelLayer;
    if (!layer) return null;
    const prices = this.host.settings().prices ?? layer.defaultPrices;
    return (usage, model) => layer.costOf(usage, model, prices);
  }

  /**
   * Why a run should be confirmed before it starts or resumes, or null: a run budget that a model the run will ask
   * (its steps', by `model::`, role or SOP, and their reviewers'; the engine says which) has no price to keep.
   */
  async budgetQuestion(target: string | StartOptions): Promise<string | null> {
    const settings = this.host.settings();
    const hasModel = this.host.model ? this.host.model() !== null : this.endpoint() !== null;
    if (!hasModel || settings.budgetUsd <= 0) return null;
    const models = await this.runtime().engine.models(target);
    // A run that cannot be read is not asked about here: starting or resuming it says what is wrong.
    return models.ok ? budgetQuestion(this.pricing(), models.value, settings.budgetUsd) : null;
  }

  /** The engine, review service and batch runner for the current settings, rebuilt only when they change. */
  runtime(): Runtime {
    const settings = this.host.settings();
    // The secret's value is part of the key (in memory only) so that a key changed in secret storage takes effect.
    const secret = settings.apiKeySecret ? this.host.app.secretStorage.getSecret(settings.apiKeySecret) : null;
    const key = JSON.stringify([settings.provider, settings.baseUrl, secret, runtimeConfigOf(settings), settings.prices, settings.timeoutSeconds, settings.retries]);
    if (this.cached?.key === key) return this.cached.runtime;
    const pricing = this.pricing();
    const runtime = createRuntime(
      {
        vault: ObsidianVault.fromApp(this.host.app),
        yaml: obsidianYaml,
        clock: { now: () => new Date() },
        model: this.model(),
        price: pricing ? enginePrice(pricing, this.unpriced, (message) => this.host.notify(message)) : undefined,
        locks: this.locks,
        notes: this.notes,
      },
      runtimeConfigOf(settings),
    );
    this.cached = { key, runtime };
    return runtime;
  }

  /** The model from the settings (also what reviewers ask); null when none is set up. */
  model(): ModelPort | null {
    if (this.host.model) return this.host.model();
    const endpoint = this.endpoint();
    if (!endpoint || !this.host.modelLayer) return null;
    try {
      return this.host.modelLayer.createModel(endpoint);
    } catch (error) {
      // A model that cannot be built must not leave the person stuck: the steps fall back to checklists, and they are told.
      const reason = error instanceof Error ? error.message : String(error);
      this.host.notify(`Could not set up the model at ${endpoint.baseUrl} (${reason}), so steps go to you as checklists.`);
      return null;
    }
  }

  private transport(): FetchLike {
    return pluginTransport(this.host);
  }
}
