// Builds the openai SDK client the way this plugin needs it: our transport, our retries, no SDK logging.
import OpenAI from "openai";
import { splitCredentials } from "./credentials";
import { acceptJsonForStreams, stripStainlessHeaders, withAuthorization, type FetchLike } from "./fetch-wrappers";
import { normalizeBaseUrl, presetForBaseUrl } from "./presets";

export interface EndpointOptions {
  baseUrl: string;
  /** Empty for endpoints that need none (Ollama, LM Studio). */
  apiKey: string;
  /** The transport: the plugin passes its own (window fetch or a requestUrl fallback), the CLI Node's fetch. */
  fetch: FetchLike;
  defaultHeaders?: Record<string, string>;
  /** Whether the endpoint is OpenAI itself; defaults from the presets. When false, x-stainless-* headers are stripped. */
  isOpenAI?: boolean;
  /** Longest wait for the first byte, and between two chunks of a stream. Default 120 s (local models load slowly). */
  timeoutMs?: number;
}

export const DEFAULT_TIMEOUT_MS = 120_000;

/** Endpoints without keys still get a harmless placeholder: the SDK refuses to start without one. */
const NO_KEY = "no-key";

export function createClient(options: EndpointOptions): OpenAI {
  const isOpenAI = options.isOpenAI ?? presetForBaseUrl(options.baseUrl).isOpenAI;
  // Credentials in the base URL go out as Basic auth (fetch refuses a URL that carries them).
  const endpoint = splitCredentials(options.baseUrl);
  const authorized = endpoint.basicAuth ? withAuthorization(options.fetch, endpoint.basicAuth) : options.fetch;
  const transport = acceptJsonForStreams(isOpenAI ? authorized : stripStainlessHeaders(authorized));
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  return new OpenAI({
    baseURL: normalizeBaseUrl(endpoint.url),
    apiKey: options.apiKey || NO_KEY,
    defaultHeaders: options.defaultHeaders,
    fetch: transport,
    // Our own idle timer decides timeouts; the SDK's is only a backstop a little later.
    timeout: Math.ceil(timeoutMs) + 1000,
    // Retries are ours (see openai-model.ts) so their behaviour is visible and testable.
    maxRetries: 0,
    // The SDK would print malformed chunks (and their text) to the console.
    logLevel: "off",
    dangerouslyAllowBrowser: true,
  });
}
