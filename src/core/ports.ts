// The interfaces the core needs from the outside world; adapters (Obsidian, folder on disk, openai) implement them.

/** YAML is injected: Obsidian ships parseYaml/stringifyYaml, the command line uses the `yaml` package. */
export interface YamlCodec {
  /** Throws an Error whose message names the line on malformed input. */
  parse(text: string): unknown;
  stringify(value: unknown): string;
}

/** Vault-relative paths with forward slashes, e.g. `SOPs/Drafting internal product docs.md`. */
export interface VaultPort {
  /** The note's text, or null when there is no such file. */
  read(path: string): Promise<string | null>;
  exists(path: string): Promise<boolean>;
  /** Creates a new note (and missing parent folders). Rejects if the path already exists. */
  create(path: string, content: string): Promise<void>;
  /** Atomic read-modify-write of an existing note's whole text; resolves to the new text. */
  process(path: string, fn: (current: string) => string): Promise<string>;
  /** Adds text at the end of an existing note without rewriting it (the run log grows this way). */
  append(path: string, text: string): Promise<void>;
  /** Atomic edit of an existing note's frontmatter properties, leaving the body untouched. */
  processFrontMatter(path: string, fn: (frontmatter: Record<string, unknown>) => void): Promise<void>;
  /** Every Markdown note below `folder` ("" for the whole vault), recursively, sorted by path. */
  list(folder: string): Promise<string[]>;
  ensureFolder(path: string): Promise<void>;
  /** A link to `targetPath` written in a note at `sourcePath` that resolves in this vault (wikilink or Markdown, per vault settings). */
  link(targetPath: string, sourcePath: string, alias?: string): string;
  /** Resolves the link text of `[[Note]]` or `[[Folder/Note|alias]]` (without brackets) from `sourcePath`; null when nothing matches. */
  resolveLink(linkText: string, sourcePath: string): string | null;
  /**
   * Optional, for a vault another process may write while this one runs (the command line's folder on disk): the
   * note's text with the version of the file it was read from, so a note read once is used again while its file is
   * unchanged. Hosts without it are read afresh at each engine call, or tell the cache of every change (the plugin).
   */
  readVersion?(path: string): Promise<VersionedText>;
  /** With `readVersion`: a check of kept versions against the files as they are now, for one engine call. */
  versionCheck?(): VersionCheck;
}

/** A note's text (null: no such file) and its file's version; null when a change could go unseen by the version. */
export interface VersionedText {
  text: string | null;
  version: string | null;
}

/** Whether the note at `path` is still the file `version` names (it costs no read of the note). */
export type VersionCheck = (path: string, version: string) => boolean;

export type ChatRole = "system" | "user" | "assistant";

export interface ChatMessage {
  role: ChatRole;
  content: string;
}

export interface ModelRequest {
  model: string;
  messages: ChatMessage[];
  /** "json" asks for a JSON object (reviewer findings); the adapter falls back to plain text where unsupported. */
  responseFormat?: "text" | "json";
  /** With `responseFormat: "json"`, a JSON schema the endpoint may enforce (OpenAI `json_schema`); adapters may ignore it, since the prompt states the form too. */
  responseSchema?: { name: string; schema: Record<string, unknown> };
  maxTokens?: number;
  signal?: AbortSignal;
}

export interface TokenUsage {
  promptTokens: number;
  completionTokens: number;
  /** True when the endpoint gave no usage and the numbers are estimates. */
  estimated: boolean;
}

export interface ModelResult {
  text: string;
  finishReason: "stop" | "length" | "content_filter" | "cancelled";
  usage: TokenUsage;
  /** The model that answered, as the endpoint names it. */
  model: string;
}

/** Why a model call failed; each kind maps to one clear sentence and a resumable run. */
export type ModelErrorKind =
  | "auth"
  | "rate-limit"
  | "server"
  | "timeout"
  | "network"
  | "not-found"
  | "content-filter"
  | "bad-request"
  | "cancelled"
  | "malformed";

/** Thrown by a ModelPort. `message` is one user-facing sentence with no secret and no stack; `partialText` is what streamed before the fault. */
export class ModelError extends Error {
  constructor(
    readonly kind: ModelErrorKind,
    message: string,
    readonly partialText = "",
    readonly retryAfterMs?: number,
    /** Tokens the failed call still used (earlier parts of a continued answer, the attempt that broke off); they cost too. */
    readonly usage?: TokenUsage,
  ) {
    super(message);
    this.name = "ModelError";
  }
}

export interface ModelPort {
  /** Streams a chat completion; `onDelta` receives text as it arrives. Rejects with ModelError. */
  complete(request: ModelRequest, onDelta?: (delta: string) => void): Promise<ModelResult>;
}

/**
 * How the model layer reaches an endpoint. One interface, several backends: the window's streaming fetch and
 * Obsidian's requestUrl in the plugin (`obsidian/adapters/transport/`), Node's fetch on the command line.
 */
export type FetchLike = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

/** What "Test connection" tells the person: whether the endpoint answered, one sentence, and the models it lists. */
export interface ConnectionVerdict {
  ok: boolean;
  /** One sentence for a notice or the terminal. */
  message: string;
  /** The endpoint's model ids, sorted; empty when the connection failed. */
  models: string[];
}

/** A model's list price. */
export interface ModelPrice {
  /** USD per million prompt tokens. */
  input: number;
  /** USD per million completion tokens. */
  output: number;
}

/** A provider the settings offer (OpenAI, Ollama, LM Studio, custom). */
export interface ProviderChoice {
  id: string;
  name: string;
  /** Empty for "custom": the person types it. */
  baseUrl: string;
  needsKey: boolean;
  isOpenAI: boolean;
}

/** Where and how to reach an OpenAI-compatible endpoint, and how its faults name what the person set. */
export interface EndpointConfig {
  baseUrl: string;
  apiKey: string;
  fetch: FetchLike;
  isOpenAI?: boolean;
  /** Where the person fixes the key, named in 401/403 messages. */
  keyHint?: string;
  /** Where the person set the base URL, named when the endpoint cannot be reached or lacks a model. */
  baseUrlHint?: string;
  /** Longest wait for the first byte or between two chunks (the Time-out setting). */
  timeoutMs?: number;
  /** Retries of a 429 or 5xx answer per request (the Retries setting). */
  maxRetries?: number;
}

/**
 * The model layer as a host sees it: a ModelPort for an endpoint, the endpoint's models, a connection test and
 * prices. `src/llm` implements it over the openai SDK; the plugin receives it from main.ts, so `src/obsidian`
 * never imports `src/llm`.
 */
export interface ModelLayer {
  presets: readonly ProviderChoice[];
  defaultPrices: Readonly<Record<string, ModelPrice>>;
  createModel(config: EndpointConfig): ModelPort;
  listModels(config: EndpointConfig): Promise<string[]>;
  testConnection(config: EndpointConfig): Promise<ConnectionVerdict>;
  costOf(usage: TokenUsage, model: string, table: Record<string, ModelPrice>): { usd: number; known: boolean };
}

export interface Clock {
  now(): Date;
}

/** Who takes a run lock: shown to a second writer as "driven by <owner> (pid <pid> on <host>)". */
export interface LockHolder {
  owner: string;
  pid: number;
  host: string;
}

/**
 * Small files beside a run that every process sharing the vault sees (the command line and the plugin): the
 * run lock lives there. Paths are vault-relative, like VaultPort's; the files are hidden (dot names), not notes.
 */
export interface LockFilePort {
  /** Creates the file only when nothing is at `path` (an exclusive create); false when something already is. */
  createExclusive(path: string, content: string): Promise<boolean>;
  read(path: string): Promise<string | null>;
  /** Replaces the file's whole content atomically. */
  write(path: string, content: string): Promise<void>;
  /** Removes the file; a missing file is not an error. */
  remove(path: string): Promise<void>;
  /** Calls `tick` every `ms` until the returned function is called (heartbeats, and polls while waiting for a run). */
  every(ms: number, tick: () => void): () => void;
  /** This process, as a lock it takes names it. */
  readonly self: LockHolder;
  /** False only when the process `pid` on `host` is certainly gone (same host, no such process). */
  isAlive(pid: number, host: string): boolean;
}
