// Turns `--base-url`, `--model`, `--api-key-env` and the OPENAI_*/SOP_MODEL variables into a ModelPort (or none).
import type { ModelPort } from "../core/ports";
import { createOpenAIModel, listModels, maskCredentials, presetForBaseUrl, PROVIDER_PRESETS, type ConnectionOptions } from "../llm/index";
import { UsageError } from "./command";
import { conversationBudgetFor, type RuntimeConfig } from "../core/app/runtime";

export interface ModelFlags {
  "base-url"?: string;
  model?: string;
  "api-key-env"?: string;
  /** Seconds an attempt may wait for the first byte or between two chunks (default 120). */
  timeout?: string;
  /** Retries of a 429 or 5xx answer per request (default 3). */
  retries?: string;
  /** The model's context window in tokens: long runs keep each prompt to three quarters of it. */
  context?: string;
}

/** The option definitions every command that talks to a model accepts (for node:util parseArgs). */
export const MODEL_FLAG_OPTIONS = {
  "base-url": { type: "string" },
  model: { type: "string" },
  "api-key-env": { type: "string" },
  timeout: { type: "string" },
  retries: { type: "string" },
  context: { type: "string" },
} as const;

/** `--timeout <seconds>` and `--retries <n>`, checked; undefined leaves the model layer's defaults. */
function attemptOptions(flags: ModelFlags): { timeoutMs?: number; maxRetries?: number } {
  const out: { timeoutMs?: number; maxRetries?: number } = {};
  if (flags.timeout !== undefined) {
    const seconds = Number(flags.timeout);
    if (!Number.isFinite(seconds) || seconds <= 0) throw new UsageError(`--timeout takes seconds greater than 0, not "${flags.timeout}".`);
    out.timeoutMs = seconds * 1000;
  }
  if (flags.retries !== undefined) {
    const retries = Number(flags.retries);
    if (!Number.isInteger(retries) || retries < 0) throw new UsageError(`--retries takes a whole number of 0 or more, not "${flags.retries}".`);
    out.maxRetries = retries;
  }
  return out;
}

/** `--context <tokens>`: what the engine is told of the model's context window (nothing without the flag). */
function contextConfig(flags: ModelFlags): RuntimeConfig {
  if (flags.context === undefined) return {};
  const tokens = Number(flags.context.replace(/[,_]/g, ""));
  if (!Number.isInteger(tokens) || tokens < 512) throw new UsageError(`--context takes the model's context window in tokens, a whole number of 512 or more, not "${flags.context}".`);
  return { conversationBudgetChars: conversationBudgetFor(tokens) };
}

export interface ModelChoice {
  model: ModelPort | null;
  /** What the flags set of the engine's configuration (`--context`). */
  config: RuntimeConfig;
  /** The model name the run records; "" when no model is configured. */
  modelName: string;
  /** One line for the terminal: where steps go. */
  describe: string;
}

const OPENAI_BASE = PROVIDER_PRESETS.find((p) => p.id === "openai")?.baseUrl ?? "https://api.openai.com/v1";

export async function chooseModel(flags: ModelFlags, env: Record<string, string | undefined>): Promise<ModelChoice> {
  const keyVariable = flags["api-key-env"] ?? "OPENAI_API_KEY";
  if (flags["api-key-env"] && !env[keyVariable]) {
    throw new UsageError(`--api-key-env names ${keyVariable}, but that environment variable is not set.`);
  }
  const apiKey = env[keyVariable] ?? "";
  const baseUrl = flags["base-url"] ?? env.OPENAI_BASE_URL ?? (apiKey ? OPENAI_BASE : "");
  if (!baseUrl) {
    return { model: null, modelName: "", config: contextConfig(flags), describe: "No model configured: every step waits for you as a checklist." };
  }
  const preset = presetForBaseUrl(baseUrl);
  if (preset.needsKey && !apiKey) {
    throw new UsageError(`${preset.name} needs an API key: set ${keyVariable} (or name another variable with --api-key-env).`);
  }
  // Messages name what the person used: the variable the key came from (--api-key-env or OPENAI_API_KEY).
  const keyHint = flags["api-key-env"] ? `the ${keyVariable} environment variable (named by --api-key-env)` : `the ${keyVariable} environment variable`;
  const baseUrlHint = flags["base-url"] ? "the base URL given by --base-url" : env.OPENAI_BASE_URL ? "the base URL in OPENAI_BASE_URL" : "the base URL (--base-url or OPENAI_BASE_URL)";
  const endpoint = { baseUrl, apiKey, fetch: globalThis.fetch.bind(globalThis), keyHint, baseUrlHint, ...attemptOptions(flags) };
  let modelName = flags.model ?? env.SOP_MODEL ?? (preset.id === "openai" ? "gpt-4o-mini" : "");
  if (!modelName) modelName = await onlyModel(endpoint, baseUrl);
  const model = createOpenAIModel(endpoint);
  return { model, modelName, config: contextConfig(flags), describe: `Model ${modelName} at ${maskCredentials(baseUrl)}.` };
}

/** A local server with one model loaded needs no --model; with several, the person picks. */
async function onlyModel(endpoint: ConnectionOptions, baseUrl: string): Promise<string> {
  let models: string[];
  try {
    models = await listModels(endpoint);
  } catch (error) {
    // The endpoint could not list its models (a wrong key, a server down): that is the problem to report, not the
    // model, and it is the endpoint's failure (exit 1, as a model error during a run), not bad input.
    throw new Error(error instanceof Error ? error.message : String(error));
  }
  if (models.length === 1) return models[0];
  if (models.length === 0) throw new UsageError(`${maskCredentials(baseUrl)} lists no models: load one, or name it with --model.`);
  throw new UsageError(`Name a model with --model or SOP_MODEL; ${maskCredentials(baseUrl)} has: ${models.join(", ")}.`);
}
