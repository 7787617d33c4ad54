// The plugin's own settings: defaults, validation of what the person types, and repair of what data.json holds.
import { normalizePath } from "obsidian";
import type { RunMode } from "../core/sop/types";
import type { ModelPrice } from "../core/ports";
import { conversationBudgetFor, type RuntimeConfig } from "../core/app/runtime";

export interface SopRuntimeSettings {
  /** Notes carrying this tag (or a nested `tag/…`) are SOPs. Stored without the leading `#`. */
  sopTag: string;
  /** Notes carrying this tag are role notes (Drafter, Editor, …). */
  roleTag: string;
  /** Vault folder that holds one sub-folder per run. */
  runsFolder: string;
  /** Whether a run adds a link to itself in its project note. */
  linkRunsIntoProjects: boolean;
  defaultMode: RunMode;
  /** A provider preset id (openai, openrouter, ollama, lmstudio, custom); "" = no model, every step is a checklist. */
  provider: string;
  /** The endpoint, prefilled from the preset; editable for custom. */
  baseUrl: string;
  /** The NAME of the secret in Obsidian's secret storage that holds the API key; the key itself is never stored here. */
  apiKeySecret: string;
  /** The model a step uses when neither the step, its role nor the SOP names one. */
  defaultModel: string;
  /** USD per million tokens by model; null = the built-in table. */
  prices: Record<string, ModelPriceSetting> | null;
  /** USD a run may spend before it pauses; 0 = no budget. */
  budgetUsd: number;
  /** Seconds a model call may wait for its first byte, or between two chunks, before the attempt times out. */
  timeoutSeconds: number;
  /** Retries of a 429 or 5xx answer per request (exponential back-off with jitter, honouring Retry-After). */
  retries: number;
  /** The model's context window in tokens; 0 = not set (long runs keep to about 60,000 tokens). */
  contextTokens: number;
  /** Endpoints that refused the browser's fetch (CORS) and so get the buffered transport. */
  bufferedEndpoints: string[];
  /** Where a run's notes open: the tab already showing one of this run's notes (else a new one), or always a new tab. */
  openNotesIn: OpenNotesIn;
  /** Interrupted runs already offered for resumption at a startup, so each is offered once. */
  offeredInterruptedRuns: string[];
}

export type OpenNotesIn = "run-tab" | "new-tab";

export function isOpenNotesIn(value: unknown): value is OpenNotesIn {
  return value === "run-tab" || value === "new-tab";
}

/** A model's price as the settings keep it (the core's ModelPrice). */
export type ModelPriceSetting = ModelPrice;

export const DEFAULT_SETTINGS: Readonly<SopRuntimeSettings> = {
  sopTag: "sop",
  roleTag: "sop-role",
  runsFolder: "SOP runs",
  linkRunsIntoProjects: true,
  defaultMode: "step",
  provider: "",
  baseUrl: "",
  apiKeySecret: "",
  defaultModel: "",
  prices: null,
  budgetUsd: 0,
  timeoutSeconds: 120,
  retries: 3,
  contextTokens: 0,
  bufferedEndpoints: [],
  openNotesIn: "run-tab",
  offeredInterruptedRuns: [],
};

/** Either the cleaned value or one sentence saying why the input was refused. */
export type Validation<T> = { ok: true; value: T } | { ok: false; message: string };

const TAG_FORBIDDEN = /[\s#,;:!?"'`()[\]{}<>|\\*&^%$@=+~]/;
const FOLDER_FORBIDDEN = /[*"<>:|?]/;

/** Accepts `sop`, `#sop` or `team/sop`; refuses what Obsidian would not read as a tag. */
export function validateTag(input: string, label: string): Validation<string> {
  const tag = input.trim().replace(/^#+/, "").replace(/\/+$/, "");
  if (tag === "") return { ok: false, message: `The ${label} cannot be empty.` };
  if (TAG_FORBIDDEN.test(tag)) {
    return { ok: false, message: `The ${label} "${tag}" has a space or punctuation that tags cannot contain.` };
  }
  if (/^[0-9/]+$/.test(tag)) return { ok: false, message: `The ${label} needs at least one letter.` };
  return { ok: true, value: tag };
}

export function validateRunsFolder(input: string): Validation<string> {
  const trimmed = input.trim();
  const folder = trimmed === "" ? "" : normalizePath(trimmed);
  if (folder === "" || folder === "/") return { ok: false, message: "The runs folder cannot be empty." };
  if (FOLDER_FORBIDDEN.test(folder)) {
    return { ok: false, message: `The runs folder "${folder}" contains a character file names cannot hold.` };
  }
  if (folder.split("/").some((part) => part.startsWith("."))) {
    return { ok: false, message: "The runs folder cannot be hidden (a name starting with a dot)." };
  }
  return { ok: true, value: folder };
}

export function isRunMode(value: unknown): value is RunMode {
  return value === "step" || value === "auto";
}

/** Builds settings from whatever data.json holds: each valid field is kept, anything else falls back to its default. */
export function settingsFromData(data: unknown): SopRuntimeSettings {
  const raw: Record<string, unknown> = typeof data === "object" && data !== null ? (data as Record<string, unknown>) : {};
  const settings: SopRuntimeSettings = { ...DEFAULT_SETTINGS };
  const sopTag = typeof raw.sopTag === "string" ? validateTag(raw.sopTag, "SOP tag") : null;
  if (sopTag?.ok) settings.sopTag = sopTag.value;
  const roleTag = typeof raw.roleTag === "string" ? validateTag(raw.roleTag, "role tag") : null;
  if (roleTag?.ok) settings.roleTag = roleTag.value;
  const runsFolder = typeof raw.runsFolder === "string" ? validateRunsFolder(raw.runsFolder) : null;
  if (runsFolder?.ok) settings.runsFolder = runsFolder.value;
  if (typeof raw.linkRunsIntoProjects === "boolean") settings.linkRunsIntoProjects = raw.linkRunsIntoProjects;
  if (isRunMode(raw.defaultMode)) settings.defaultMode = raw.defaultMode;
  if (typeof raw.provider === "string") settings.provider = raw.provider;
  if (typeof raw.baseUrl === "string") settings.baseUrl = raw.baseUrl.trim();
  if (typeof raw.apiKeySecret === "string" && SECRET_NAME.test(raw.apiKeySecret)) settings.apiKeySecret = raw.apiKeySecret;
  if (typeof raw.defaultModel === "string") settings.defaultModel = raw.defaultModel.trim();
  const prices = raw.prices === null || raw.prices === undefined ? null : validatePrices(raw.prices);
  if (prices?.ok) settings.prices = prices.value;
  if (typeof raw.budgetUsd === "number" && Number.isFinite(raw.budgetUsd) && raw.budgetUsd >= 0) settings.budgetUsd = raw.budgetUsd;
  if (typeof raw.timeoutSeconds === "number" && parseTimeout(String(raw.timeoutSeconds)).ok) settings.timeoutSeconds = raw.timeoutSeconds;
  if (typeof raw.retries === "number" && parseRetries(String(raw.retries)).ok) settings.retries = raw.retries;
  if (typeof raw.contextTokens === "number" && parseContextTokens(String(raw.contextTokens)).ok) settings.contextTokens = raw.contextTokens;
  if (Array.isArray(raw.bufferedEndpoints)) settings.bufferedEndpoints = raw.bufferedEndpoints.filter((e): e is string => typeof e === "string");
  if (isOpenNotesIn(raw.openNotesIn)) settings.openNotesIn = raw.openNotesIn;
  if (Array.isArray(raw.offeredInterruptedRuns)) settings.offeredInterruptedRuns = raw.offeredInterruptedRuns.filter((e): e is string => typeof e === "string");
  return settings;
}

/** Obsidian's secret ids: lowercase letters, digits and dashes. */
const SECRET_NAME = /^[a-z0-9-]*$/;

/** A price table from parsed JSON: `{ "model": { "input": n, "output": n } }`, USD per million tokens. */
export function validatePrices(data: unknown): Validation<Record<string, ModelPriceSetting>> {
  if (typeof data !== "object" || data === null || Array.isArray(data)) {
    return { ok: false, message: 'The price table must be an object such as {"gpt-4o-mini": {"input": 0.15, "output": 0.6}}.' };
  }
  const table: Record<string, ModelPriceSetting> = {};
  for (const [model, price] of Object.entries(data as Record<string, unknown>)) {
    const p = typeof price === "object" && price !== null ? (price as Record<string, unknown>) : {};
    if (!isPrice(p.input) || !isPrice(p.output)) {
      return { ok: false, message: `The price of "${model}" needs "input" and "output" as numbers of USD per million tokens.` };
    }
    table[model] = { input: p.input, output: p.output };
  }
  return { ok: true, value: table };
}

/** What the person types in the price table field. */
export function parsePrices(input: string): Validation<Record<string, ModelPriceSetting> | null> {
  if (input.trim() === "") return { ok: true, value: null };
  let data: unknown;
  try {
    data = JSON.parse(input);
  } catch {
    return { ok: false, message: "The price table is not valid JSON." };
  }
  return validatePrices(data);
}

export function parseBudget(input: string): Validation<number> {
  const trimmed = input.trim().replace(/^\$/, "");
  if (trimmed === "") return { ok: true, value: 0 };
  const value = Number(trimmed);
  if (!Number.isFinite(value) || value < 0) return { ok: false, message: `The budget "${input.trim()}" is not an amount of USD (0 for none).` };
  return { ok: true, value };
}

/** Bounds of the time-out: a local model on a CPU may need minutes for its first token, an hour is surely a hang. */
export const TIMEOUT_BOUNDS = { min: 5, max: 3600 };
export const RETRY_BOUNDS = { min: 0, max: 10 };

export function parseTimeout(input: string): Validation<number> {
  const trimmed = input.trim().replace(/\s*s$/, "");
  const value = Number(trimmed);
  if (trimmed === "" || !Number.isFinite(value) || value < TIMEOUT_BOUNDS.min || value > TIMEOUT_BOUNDS.max) {
    return { ok: false, message: `The time-out "${input.trim()}" is not a number of seconds from ${TIMEOUT_BOUNDS.min} to ${TIMEOUT_BOUNDS.max}.` };
  }
  return { ok: true, value };
}

/** A context window in tokens: empty or 0 for not set, else 512 to 10 million. */
export const CONTEXT_BOUNDS = { min: 512, max: 10_000_000 };

export function parseContextTokens(input: string): Validation<number> {
  const trimmed = input.trim().replace(/[,_\s]/g, "");
  if (trimmed === "" || trimmed === "0") return { ok: true, value: 0 };
  const value = Number(trimmed);
  if (!Number.isInteger(value) || value < CONTEXT_BOUNDS.min || value > CONTEXT_BOUNDS.max) {
    return { ok: false, message: `The context "${input.trim()}" is not a whole number of tokens from ${CONTEXT_BOUNDS.min} to ${CONTEXT_BOUNDS.max} (empty for not set).` };
  }
  return { ok: true, value };
}

export function parseRetries(input: string): Validation<number> {
  const trimmed = input.trim();
  const value = Number(trimmed);
  if (trimmed === "" || !Number.isInteger(value) || value < RETRY_BOUNDS.min || value > RETRY_BOUNDS.max) {
    return { ok: false, message: `The retries "${trimmed}" are not a whole number from ${RETRY_BOUNDS.min} to ${RETRY_BOUNDS.max}.` };
  }
  return { ok: true, value };
}

function isPrice(value: unknown): value is number {
  return typeof value === "number" && Number.isFinite(value) && value >= 0;
}

/** The one mapping from the plugin's settings to the engine's, reviews' and batches' configuration. */
export function runtimeConfigOf(settings: SopRuntimeSettings): RuntimeConfig {
  return {
    runsFolder: settings.runsFolder,
    sopTag: settings.sopTag,
    roleTag: settings.roleTag,
    linkProjects: settings.linkRunsIntoProjects,
    defaultModel: settings.defaultModel,
    budgetUsd: settings.budgetUsd,
    conversationBudgetChars: conversationBudgetFor(settings.contextTokens),
  };
}
