// What the command line says when the endpoint refuses or is not there: what the person used, no empty revisions.
import { readdir, readFile, writeFile } from "node:fs/promises";
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
    // A refused key is the endpoint's failure (exit 1, as any model error), not bad input (exit 2).
    expect(code).toBe(1);
    expect(io.stderr()).toContain("The endpoint refused the API key (401). Check the MY_KEY environment variable (named by --api-key-env).");
    expect(io.stderr()).not.toMatch(/Name a model|Settings → SOP Runtime|OPENAI_API_KEY|sk-wrong/);
  } finally {
    await mock.close();
    await vault.cleanup();
  }
});

it("an unreachable or wrong endpoint is reported with the flag or variable the base URL came from, never a settings tab", async () => {
  const vault = await tempVault();
  const mock = await startMockOpenAI({ chat: () => ({ status: 404 }), models: { status: 404 } });
  try {
    const base = `http://127.0.0.1:${await closedPort()}/v1`;
    const flag = bufferIo([], {});
    expect(await runCli(["run", vault.root, SOP, "--auto", "--base-url", base, "--model", "x"], flag, commands)).toBe(1);
    expect(flag.stderr()).toContain(`Could not reach the endpoint at ${base}: connection refused. Check that the server is running and the base URL given by --base-url.`);
    const variable = bufferIo([], { OPENAI_BASE_URL: mock.baseUrl });
    expect(await runCli(["run", vault.root, SOP, "--auto", "--model", "x"], variable, commands)).toBe(1);
    expect(variable.stderr()).toContain("check the base URL in OPENAI_BASE_URL (it usually ends in /v1)");
    for (const io of [flag, variable]) expect(io.stderr()).not.toMatch(/Settings|in settings|plugin/);
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

it("strips control characters from everything printed (keeping newlines and tabs); the note keeps the model's text", async () => {
  const vault = await tempVault();
  const esc = String.fromCharCode(27);
  const c1 = String.fromCharCode(0x9b);
  const answer = `Line one\tok${esc}[2J${esc}]0;owned${String.fromCharCode(7)}\r${c1}31m\nLine two`;
  const mock = await startMockOpenAI(() => ({ stream: [answer] }));
  try {
    const io = bufferIo(["q"], {});
    await runCli(["run", vault.root, SOP, "--base-url", mock.baseUrl, "--model", "m"], io, commands);
    const printed = io.stdout() + io.stderr();
    expect(printed).toContain("Line one\tok[2J]0;owned31m\nLine two");
    expect(printed).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
    const runs = join(vault.root, "SOP runs");
    const [folder] = await readdir(runs);
    const first = (await readdir(join(runs, folder))).find((name) => name.startsWith("01 ")) as string;
    expect(await readFile(join(runs, folder, first), "utf8")).toContain(answer);
  } finally {
    await mock.close();
    await vault.cleanup();
  }
});

it("an endpoint's message goes into the run log as text: its links and tags escaped, no control characters", async () => {
  const vault = await tempVault();
  const esc = String.fromCharCode(27);
  const message = `Bad request, see [[Secret plans]] and ![[photo.png]] #injected ${esc}[31mnow`;
  const mock = await startMockOpenAI(() => ({ status: 400, body: { error: { message } } }));
  try {
    const io = bufferIo([], {});
    expect(await runCli(["run", vault.root, SOP, "--auto", "--base-url", mock.baseUrl, "--model", "gpt-4o-mini"], io, commands)).toBe(1);
    expect(io.stderr()).toContain("Bad request, see [[Secret plans]] and ![[photo.png]] #injected [31mnow");
    const runs = join(vault.root, "SOP runs");
    const [folder] = await readdir(runs);
    const log = await readFile(join(runs, folder, `${folder} log.md`), "utf8");
    expect(log).toContain("Bad request, see \\[\\[Secret plans\\]\\] and !\\[\\[photo.png\\]\\] \\#injected [31mnow");
    expect(log).not.toMatch(/(^|[^\\])\[\[Secret|(^|\s)#injected/);
    expect(log).not.toContain(esc);
  } finally {
    await mock.close();
    await vault.cleanup();
  }
});

it("says a stopped step's number once, not 'Step 1: Step 1 …'", async () => {
  const vault = await tempVault();
  try {
    const io = bufferIo([], {});
    await runCli(["run", vault.root, SOP, "--auto", "--base-url", `http://127.0.0.1:${await closedPort()}/v1`, "--model", "x"], io, commands);
    expect(io.stderr()).toMatch(/^Step 1 "Identify the target audience/m);
    expect(io.stderr()).not.toContain("Step 1: Step 1");
  } finally {
    await vault.cleanup();
  }
});

it("--timeout and --retries set the time-out per attempt and the retries per request", async () => {
  const vault = await tempVault();
  const mock = await startMockOpenAI([{ status: 503 }, { status: 503 }, { hang: true }]);
  try {
    const io = bufferIo([], {});
    const code = await runCli(["run", vault.root, SOP, "--auto", "--base-url", mock.baseUrl, "--model", "m", "--retries", "0", "--timeout", "0.3"], io, commands);
    expect(code).toBe(1);
    // One request per attempt (no retries of the 503 inside it); the engine's own step retries come on top.
    expect(mock.chatRequests()).toHaveLength(3);
    expect(io.stderr()).toContain("did not answer within 0.3 s");
    const bad = bufferIo([], {});
    expect(await runCli(["run", vault.root, SOP, "--base-url", mock.baseUrl, "--timeout", "soon"], bad, commands)).toBe(2);
    expect(bad.stderr()).toContain('--timeout takes seconds greater than 0, not "soon".');
  } finally {
    await mock.close();
    await vault.cleanup();
  }
});

it("with --budget, a reviewer's role note model without a price is asked about too, though --model has one", async () => {
  const vault = await tempVault();
  const mock = await startMockOpenAI(() => ({ stream: ["Done."] }));
  try {
    const role = join(vault.root, "Roles", "Fact-checker.md");
    await writeFile(role, (await readFile(role, "utf8")).replace("tags:\n  - sop-role\n", "tags:\n  - sop-role\nmodel: checker-9b\n"));
    const refused = bufferIo(["n"], {});
    const code = await runCli(["run", vault.root, SOP, "--auto", "--base-url", mock.baseUrl, "--model", "gpt-4o-mini-2024-07-18", "--budget", "0.10"], refused, commands);
    expect(code).toBe(1);
    expect(refused.stdout()).toContain('No price is known for model "checker-9b", so --budget cannot stop the run. Run anyway? [y/N]');
    expect(refused.stderr()).toContain('Not started: no price is known for model "checker-9b", so the budget could not be kept.');
    expect(mock.chatRequests()).toHaveLength(0);
  } finally {
    await mock.close();
    await vault.cleanup();
  }
});

it("with --budget and a model without a known price, the run asks first and does not start without a yes", async () => {
  const vault = await tempVault();
  const mock = await startMockOpenAI(() => ({ stream: ["Done."] }));
  try {
    const refused = bufferIo(["n"], {});
    const code = await runCli(["run", vault.root, SOP, "--auto", "--base-url", mock.baseUrl, "--model", "tiny-random-llama", "--budget", "0.10"], refused, commands);
    expect(code).toBe(1);
    expect(refused.stdout()).toContain('No price is known for model "tiny-random-llama", so --budget cannot stop the run. Run anyway? [y/N]');
    expect(refused.stderr()).toContain("Not started");
    expect(mock.chatRequests()).toHaveLength(0);
    const priced = bufferIo(["q"], {});
    await runCli(["run", vault.root, SOP, "--base-url", mock.baseUrl, "--model", "gpt-4o-mini-2024-07-18", "--budget", "0.10"], priced, commands);
    expect(priced.stdout() + priced.stderr()).not.toContain("No price is known");
  } finally {
    await mock.close();
    await vault.cleanup();
  }
});
