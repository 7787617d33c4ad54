// Credentials in a base URL (http://user:pass@host/v1): sent as Basic auth, masked in every message.
import { runCli } from "../../src/cli/run-cli";
import { commands } from "../../src/cli/commands/index";
import { maskCredentials, splitCredentials } from "../../src/llm/credentials";
import { createOpenAIModel } from "../../src/llm/openai-model";
import { bufferIo } from "../support/buffer-io";
import { startMockOpenAI } from "../support/mock-openai-server";
import { tempVault } from "../support/temp-vault";
import { ask, failureOf, harness, type Harness } from "./model-harness";

const withUser = (baseUrl: string, userInfo: string) => baseUrl.replace("http://", `http://${userInfo}@`);

let h: Harness | undefined;
afterEach(async () => {
  await h?.mock.close();
  h = undefined;
});

it("splits the credentials off the URL into a Basic auth header, decoding escapes", () => {
  expect(splitCredentials("http://ann:p%40ss:w@proxy.local:8080/v1")).toEqual({
    url: "http://proxy.local:8080/v1",
    basicAuth: `Basic ${Buffer.from("ann:p@ss:w").toString("base64")}`,
    secrets: ["ann:p%40ss:w", "p%40ss:w", "p@ss:w"],
  });
  expect(splitCredentials("http://localhost:11434/v1")).toEqual({ url: "http://localhost:11434/v1", basicAuth: null, secrets: [] });
  expect(maskCredentials("https://ann:secret@host/v1")).toBe("https://***@host/v1");
});

it("an endpoint behind Basic auth in its base URL works, and a refusal never shows the password", async () => {
  h = await harness([{ stream: ["Hello."] }, { status: 401 }]);
  const baseUrl = withUser(h.mock.baseUrl, "ann:s3cret-pass");
  const model = createOpenAIModel({ baseUrl, apiKey: "", fetch, timeoutMs: 2000, maxRetries: 0 });
  expect((await model.complete(ask("Hi"))).text).toBe("Hello.");
  expect(h.mock.chatRequests()[0].headers.authorization).toBe(`Basic ${Buffer.from("ann:s3cret-pass").toString("base64")}`);
  const error = await failureOf(model.complete(ask("Hi")));
  expect(error.message).not.toContain("s3cret-pass");
});

it("the command line masks credentials in what it prints", async () => {
  const vault = await tempVault();
  const mock = await startMockOpenAI([{ stream: ["Done."] }]);
  try {
    const io = bufferIo(["q"], {});
    await runCli(["run", vault.root, "SOPs/Drafting internal product docs.md", "--base-url", withUser(mock.baseUrl, "ann:s3cret-pass"), "--model", "m"], io, commands);
    expect(io.stdout()).toContain(`Model m at ${withUser(mock.baseUrl, "***")}.`);
    expect(io.stdout() + io.stderr()).not.toContain("s3cret-pass");
  } finally {
    await mock.close();
    await vault.cleanup();
  }
});
