// The one place configuration becomes the engine, the review service and the batch runner: both hosts call
// createRuntime with their ports and what the person set (plugin settings, or command-line flags).
import type { Clock, LockFilePort, ModelPort, VaultPort, YamlCodec } from "../ports";
import { RunEngine } from "../run/engine";
import { DEFAULT_ENGINE_SETTINGS, type EnginePorts, type EngineSettings } from "../run/engine-types";
import { ReviewService } from "../review/review-service";
import { BatchRunner } from "../batch/batch-runner";

export interface RuntimePorts {
  vault: VaultPort;
  yaml: YamlCodec;
  clock: Clock;
  /** null: no model configured; steps become checklists and reviews are refused. */
  model: ModelPort | null;
  price?: EnginePorts["price"];
  locks?: LockFilePort;
  notes?: EnginePorts["notes"];
}

/**
 * The conversation budget for a model's context window in tokens (0: not set, the engine's default). Characters are
 * about four a token in the project's estimate, and a quarter of the window is left for the answer: 3 characters a
 * token. Past it, a long run sends its oldest approved outputs as references (core/prompt/long-run.ts).
 */
export function conversationBudgetFor(contextTokens: number): number | undefined {
  return contextTokens > 0 ? Math.floor(contextTokens * 3) : undefined;
}

/** What a host sets; anything left out (or undefined) takes the engine's default. */
export type RuntimeConfig = { [K in keyof EngineSettings]?: EngineSettings[K] | undefined };

export interface Runtime {
  settings: EngineSettings;
  engine: RunEngine;
  reviews: ReviewService;
  batch: BatchRunner;
}

export function createRuntime(ports: RuntimePorts, config: RuntimeConfig = {}): Runtime {
  const settings: EngineSettings = { ...DEFAULT_ENGINE_SETTINGS };
  for (const key of Object.keys(config) as (keyof EngineSettings)[]) {
    const value = config[key];
    if (value !== undefined) (settings as unknown as Record<string, unknown>)[key] = value;
  }
  const { vault, yaml, clock, model } = ports;
  const engine = new RunEngine({ ...ports, settings });
  const reviews = new ReviewService({ vault, yaml, clock, model, settings: { roleTag: settings.roleTag, defaultModel: settings.defaultModel } });
  const batch = new BatchRunner({ engine, vault, yaml, clock, settings });
  return { settings, engine, reviews, batch };
}
