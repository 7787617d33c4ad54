// The model layer as the builds bundle it (the openai SDK without the API it never calls) behaves as with the SDK as published.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { build, type BuildOptions } from "esbuild";
import * as published from "../../src/llm/index";
import { startMockOpenAI, type MockOpenAI, type MockScript } from "../support/mock-openai-server";

const ROOT = join(__dirname, "..", "..");
const { leanBundle } = jest.requireActual<{ leanBundle: (root: string) => Pick<BuildOptions, "alias" | "plugins"> }>("../../scripts/esbuild/lean-bundle.mjs");

type Layer = typeof published;
type Client = { chat: { completions: { stream(body: unknown): unknown } }; responses: { create?: unknown } };
let lean: Layer & { createClient(options: { baseUrl: string; apiKey: string; fetch: typeof fetch }): Client };

beforeAll(async () => {
  const outfile = join(mkdtempSync(join(tmpdir(), "sop-lean-llm-")), "llm.cjs");
  await build({
    stdin: { contents: 'export * from "./src/llm/index";\nexport { createClient } from "./src/llm/client";', resolveDir: ROOT, loader: "ts" },
    bundle: true,
    platform: "node",
    format: "cjs",
    target: "node20",
    outfile,
    logLevel: "silent",
    ...leanBundle(ROOT),
  });
  lean = jest.requireActual<typeof lean>(outfile);
}, 60_000);

let mock: MockOpenAI | undefined;
afterEach(async () => {
  await mock?.close();
  mock = undefined;
});

/** What a caller sees from one request through a layer: the streamed pieces and result, or the error's kind and sentence. */
async function outcome(layer: Layer, script: MockScript) {
  mock = await startMockOpenAI(script);
  const model = layer.createOpenAIModel({ baseUrl: mock.baseUrl, apiKey: "sk-test-key", fetch, timeoutMs: 2000, maxRetries: 0, maxContinuations: 1 });
  const deltas: string[] = [];
  try {
    const result = await model.complete({ model: "mock-model", messages: [{ role: "user", content: "Draft it." }] }, (delta) => deltas.push(delta));
    return { deltas, text: result.text, finish: result.finishReason, usage: result.usage };
  } catch (error) {
    const { kind, message, partialText } = error as { kind?: string; message: string; partialText?: string };
    // Each request gets a fresh server on its own port.
    return { deltas, kind, message: message.replace(mock.baseUrl, "<endpoint>"), partialText };
  } finally {
    await mock.close();
    mock = undefined;
  }
}

const scripts: [string, MockScript][] = [
  ["a streamed answer with usage", { chat: [{ stream: ["The ", "first ", "draft."], usage: { prompt_tokens: 12, completion_tokens: 3 } }] }],
  ["a whole JSON answer to a streaming request", { chat: [{ json: "All at once." }] }],
  ["a refused key", { chat: [{ status: 401, body: { error: { message: "Incorrect API key provided" } } }] }],
  ["an unknown model", { chat: [{ status: 404, body: { error: { message: "model not found" } } }], models: ["llama3.2:3b", "qwen2.5:7b"] }],
  ["a server fault", { chat: [{ status: 500, body: { error: { message: "boom" } } }] }],
  ["a connection reset mid-stream", { chat: [{ stream: ["Half ", "of it"], resetAfter: 1 }] }],
  ["a malformed chunk", { chat: [{ stream: ["Some ", "text"], malformedAfter: 1 }] }],
  ["an error event inside the stream", { chat: [{ stream: ["Some ", "text"], errorAfter: 1 }] }],
];

it.each(scripts)("%s: same pieces, text or one-line error as with the SDK as published", async (_, script) => {
  const expected = await outcome(published, script);
  expect(await outcome(lean, script)).toEqual(expected);
});

it("lists the endpoint's models and reports the connection as the published SDK does", async () => {
  mock = await startMockOpenAI({ chat: [], models: ["qwen2.5:7b", "llama3.2:3b"] });
  const options = { baseUrl: mock.baseUrl, apiKey: "", fetch };
  expect(await lean.listModels(options)).toEqual(["llama3.2:3b", "qwen2.5:7b"]);
  expect(await lean.testConnection(options)).toEqual(await published.testConnection(options));
});

it("what the model layer never calls is left out, and says so when called", () => {
  const client = lean.createClient({ baseUrl: "http://127.0.0.1:9/v1", apiKey: "", fetch });
  expect(client.responses.create).toBeUndefined();
  expect(() => client.chat.completions.stream({})).toThrow("openai: chat.completions.stream is left out of this build (scripts/esbuild/slim-openai.mjs).");
});
