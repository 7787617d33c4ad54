// Listing an endpoint's models and the "test connection" verdict shown in settings and on the command line.
import { ModelError, type ConnectionVerdict } from "../core/ports";
import { createClient, DEFAULT_TIMEOUT_MS, type EndpointOptions } from "./client";
import { classify, DEFAULT_BASE_URL_HINT, DEFAULT_KEY_HINT, endpointLabel, toModelError } from "./fault-messages";
import { listModelIds } from "./model-list";

export interface ConnectionOptions extends EndpointOptions {
  /** Where the person fixes the key, used in 401/403 messages. */
  keyHint?: string;
  /** Where the person set the base URL, used when the endpoint cannot be reached or has no model list. */
  baseUrlHint?: string;
}

export type { ConnectionVerdict };

/** GET /models → sorted ids. Rejects with a ModelError carrying one clear sentence. */
export async function listModels(options: ConnectionOptions): Promise<string[]> {
  try {
    return await listModelIds(createClient(options));
  } catch (error) {
    throw listingError(error, options);
  }
}

export async function testConnection(options: ConnectionOptions): Promise<ConnectionVerdict> {
  try {
    const models = await listModels(options);
    const where = endpointLabel(options.baseUrl);
    if (models.length === 0) return { ok: true, models, message: `Connected to ${where}, but it lists no models: load or pull one there first.` };
    const count = models.length === 1 ? "1 model available" : `${models.length} models available`;
    return { ok: true, models, message: `Connected to ${where}: ${count}.` };
  } catch (error) {
    const message = error instanceof ModelError ? error.message : `Could not reach ${endpointLabel(options.baseUrl)}.`;
    return { ok: false, models: [], message };
  }
}

function listingError(error: unknown, options: ConnectionOptions): ModelError {
  const fault = classify(error);
  const context = {
    baseUrl: options.baseUrl,
    model: "",
    apiKey: options.apiKey,
    keyHint: options.keyHint ?? DEFAULT_KEY_HINT,
    baseUrlHint: options.baseUrlHint ?? DEFAULT_BASE_URL_HINT,
    partialText: "",
    timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    retries: 0,
  };
  if (fault.kind === "not-found") {
    const where = endpointLabel(options.baseUrl);
    return new ModelError("not-found", `${where.charAt(0).toUpperCase()}${where.slice(1)} has no model list (404): check ${context.baseUrlHint} (it usually ends in /v1).`);
  }
  return toModelError(fault, context);
}
