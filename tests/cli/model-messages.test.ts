// What the command line says when the endpoint refuses or is not there: what the person used, no empty revisions.
import { readdir } from "node:fs/promises";
import { createServer } from "node:net";
import { join } from "node:path";
import { runCli } from "../../src/cli/run-cli";
import { commands } from "../../src/cli/commands/index";
import { bufferIo } from "../support/buffer-io";
import { startMockOpenAI } from "../support/mock-openai-server";
import { tempVault } from "../support/temp-vault";

const SOP = "SOPs/Drafting internal product docs.md";

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  const { port } = server.address() as { port: number };
  await new Promise((done) => server.close(done));
  return port;
}

it("a wrong key without --model names the variable it came from, not a missing model", async () => {
  const vault = await tempVault();
  const mock = await startMockOpenAI({ chat: [], models: { status: 401, body: { error: { message: "Invalid API Key", type: "authentication_error" } } } });
  try {
    const io = bufferIo([], { MY_KEY: "sk-wrong-0123456789" });
    const code = await runCli(["run", vault.root, SOP, "--auto", "--base-url", mock.baseUrl, "--api-key-env", "MY_KEY"], io, commands);
    expect(code).not.toBe(0);
    expect(io.stderr()).toContain("The endpoint refused the API key (401). Check the MY_KEY environment variable (named by --api-key-env).");
    expect(io.stderr()).not.toMatch(/Name a model|Settings → SOP Runtime|OPENAI_API_KEY|sk-wrong/);
  } finally {
    await mock.close();
    await vault.cleanup();
  }
});

it("an unreachable server leaves no empty interrupted revision notes behind, however often the step is tried", async () => {
  const vault = await tempVault();
  try {
    const port = await closedPort();
    for (let i = 0; i < 2; i++) {
      const io = bufferIo([], {});
      const code = await runCli(["run", vault.root, SOP, "--auto", "--base-url", `http://127.0.0.1:${port}/v1`, "--model", "x"], io, commands);
      expect(code).toBe(1);
      expect(io.stderr()).toContain(`Could not reach the endpoint at http://127.0.0.1:${port}/v1`);
    }
    const runs = join(vault.root, "SOP runs");
    for (const folder of await readdir(runs)) {
      expect((await readdir(join(runs, folder))).filter((name) => /\(r\d/.test(name))).toEqual([]);
    }
  } finally {
    await vault.cleanup();
  }
});
