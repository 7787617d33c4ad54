// Shared set-up for model-layer tests: a mock endpoint and a model pointed at it with fast timings.
import { ModelError, type ModelPort, type ModelRequest } from "../../src/core/ports";
import { createOpenAIModel, type OpenAIModelOptions } from "../../src/llm/openai-model";
import { startMockOpenAI, type ChatScript, type MockOpenAI, type MockScript } from "../support/mock-openai-server";

export const SECRET_KEY = "sk-test-SECRETKEY-0123456789abcdef";

export interface Harness {
  mock: MockOpenAI;
  model: ModelPort;
}

export async function harness(script: MockScript | ChatScript, options: Partial<OpenAIModelOptions> = {}): Promise<Harness> {
  const mock = await startMockOpenAI(script);
  const model = createOpenAIModel({
    baseUrl: mock.baseUrl,
    apiKey: SECRET_KEY,
    fetch,
    timeoutMs: 2000,
    maxRetries: 2,
    retryBaseDelayMs: 5,
    maxRetryDelayMs: 200,
    maxContinuations: 2,
    ...options,
  });
  return { mock, model };
}

export function ask(text: string, extra: Partial<ModelRequest> = {}): ModelRequest {
  return { model: "mock-model", messages: [{ role: "system", content: "You are terse." }, { role: "user", content: text }], ...extra };
}

/** The ModelError a call rejects with; fails the test if it resolves or throws anything else. */
export async function failureOf(promise: Promise<unknown>): Promise<ModelError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ModelError) return error;
    throw new Error(`expected a ModelError, got ${String(error)}`);
  }
  throw new Error("expected the call to fail, but it succeeded");
}
