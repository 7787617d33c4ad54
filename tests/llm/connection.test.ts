// Listing an endpoint's models and the "test connection" verdict a person reads.
import { ModelError } from "../../src/core/ports";
import { listModels, testConnection, type ConnectionOptions } from "../../src/llm/connection";
import { startMockOpenAI, type MockOpenAI, type MockScript } from "../support/mock-openai-server";
import { SECRET_KEY } from "./model-harness";

let mock: MockOpenAI | undefined;
afterEach(async () => {
  await mock?.close();
  mock = undefined;
});

async function endpoint(models: MockScript["models"], extra: Partial<ConnectionOptions> = {}): Promise<ConnectionOptions> {
  mock = await startMockOpenAI({ chat: [], models });
  return { baseUrl: mock.baseUrl, apiKey: SECRET_KEY, fetch, timeoutMs: 1000, ...extra };
}

/** The address of a port nobody listens on: a server that was started and closed again. */
async function deadBaseUrl(): Promise<string> {
  const dead = await startMockOpenAI([]);
  await dead.close();
  return dead.baseUrl;
}

describe("listModels", () => {
  test("returns the endpoint's model ids, sorted", async () => {
    const options = await endpoint(["qwen2.5:7b", "gpt-4o-mini", "llama3.2:3b"]);
    expect(await listModels(options)).toEqual(["gpt-4o-mini", "llama3.2:3b", "qwen2.5:7b"]);
    expect(mock!.requests[0].path).toBe("/v1/models");
    expect(mock!.requests[0].headers.authorization).toBe(`Bearer ${SECRET_KEY}`);
  });

  test("a refused key rejects with the auth sentence", async () => {
    const options = await endpoint({ status: 401 });
    const error = await listModels(options).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ModelError);
    expect((error as ModelError).kind).toBe("auth");
    expect((error as ModelError).message).toContain("Check the API key");
  });
});

describe("testConnection", () => {
  test("a reachable endpoint gives a verdict with its model count", async () => {
    const options = await endpoint(["a", "b", "c"]);
    const verdict = await testConnection(options);
    expect(verdict).toEqual({ ok: true, models: ["a", "b", "c"], message: `Connected to the endpoint at ${options.baseUrl}: 3 models available.` });
  });

  test("a known provider is named in the verdict", async () => {
    const options = await endpoint(["llama3.2:3b"]);
    // Route the Ollama preset's address to the mock, as a person's local Ollama would answer it.
    const toMock: typeof fetch = (input, init) => fetch(String(input instanceof Request ? input.url : input).replace("http://localhost:11434/v1", options.baseUrl), init);
    const verdict = await testConnection({ ...options, baseUrl: "http://localhost:11434/v1", apiKey: "", fetch: toMock });
    expect(verdict.message).toBe("Connected to Ollama at http://localhost:11434/v1: 1 model available.");
  });

  test("an endpoint with no models says what to do", async () => {
    const verdict = await testConnection(await endpoint([]));
    expect(verdict.ok).toBe(true);
    expect(verdict.message).toMatch(/lists no models: load or pull one there first\.$/);
  });

  test("a refused key gives the auth sentence and no key", async () => {
    const verdict = await testConnection(await endpoint({ status: 401, body: { error: { message: `bad key ${SECRET_KEY}` } } }));
    expect(verdict.ok).toBe(false);
    expect(verdict.message).toBe(
      "The endpoint refused the API key (401). Check the API key.",
    );
  });

  test("a wrong base URL (no /models there) points at the base URL", async () => {
    const verdict = await testConnection(await endpoint({ status: 404 }));
    expect(verdict.ok).toBe(false);
    expect(verdict.message).toMatch(/has no model list \(404\): check the base URL \(it usually ends in \/v1\)\.$/);
  });

  test("a server that is not running gives a clear 'could not reach' verdict", async () => {
    const baseUrl = await deadBaseUrl();
    const verdict = await testConnection({ baseUrl, apiKey: SECRET_KEY, fetch, timeoutMs: 1000 });
    expect(verdict.ok).toBe(false);
    expect(verdict.message).toBe(`Could not reach the endpoint at ${baseUrl}: connection refused. Check that the server is running and the base URL.`);
    // Each caller names what the person used; nothing here speaks of a settings tab the command line does not have.
    const named = await testConnection({ baseUrl, apiKey: SECRET_KEY, fetch, timeoutMs: 1000, baseUrlHint: "the base URL given by --base-url" });
    expect(named.message).toBe(`Could not reach the endpoint at ${baseUrl}: connection refused. Check that the server is running and the base URL given by --base-url.`);
  });

  test("credentials in the base URL are not shown in the verdict", async () => {
    const options = await endpoint({ status: 503 });
    const withUser = options.baseUrl.replace("http://", "http://admin:hunter2@");
    const stripUser: typeof fetch = (input, init) => fetch(String(input instanceof Request ? input.url : input).replace("admin:hunter2@", ""), init);
    const verdict = await testConnection({ ...options, baseUrl: withUser, fetch: stripUser });
    expect(verdict.ok).toBe(false);
    expect(verdict.message).not.toContain("hunter2");
    expect(verdict.message).toContain(options.baseUrl.replace("http://", "http://***@"));
  });

  test("a 5xx from the model list is reported with its status", async () => {
    const verdict = await testConnection(await endpoint({ status: 502 }));
    expect(verdict.ok).toBe(false);
    expect(verdict.message).toMatch(/failed with a server error \(502\); resume the run when it is back\.$/);
  });
});
