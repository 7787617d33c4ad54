// `sop make-runnable` on a temporary vault, against a scripted OpenAI-compatible server.
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { runCli } from "../../src/cli/run-cli";
import { commands } from "../../src/cli/commands/index";
import { isoDate } from "../../src/core/notes/dates";
import { bufferIo } from "../support/buffer-io";
import { startMockOpenAI, type MockOpenAI, type MockReply } from "../support/mock-openai-server";
import { tempVault } from "../support/temp-vault";
import { RUNBOOK, RUNNABLE_BODY } from "../core/learn/runnable-note";

const NOTE = "Runbooks/Rotate the API key.md";
let vault: { root: string; cleanup(): Promise<void> };
let mock: MockOpenAI;
let replies: MockReply[] = [];

beforeEach(async () => {
  vault = await tempVault();
  await mkdir(join(vault.root, "Runbooks"), { recursive: true });
  await writeFile(join(vault.root, NOTE), RUNBOOK);
  mock = await startMockOpenAI(() => replies.shift() ?? { stream: ["nothing"] });
});

afterEach(async () => {
  await mock.close();
  await vault.cleanup();
});

async function makeRunnable(args: string[], answers: string[] = []) {
  const io = bufferIo(answers);
  const code = await runCli(["make-runnable", vault.root, NOTE, ...args, "--base-url", mock.baseUrl, "--model", "m"], io, commands);
  return { code, io, text: await readFile(join(vault.root, NOTE), "utf8") };
}

it("prints the diff and, on --yes, writes the runnable version as version 2 with 'Made runnable' in the Changelog", async () => {
  replies = [{ stream: [RUNNABLE_BODY] }];
  const { code, io, text } = await makeRunnable(["--yes"]);
  expect(io.stderr()).toBe("");
  expect(code).toBe(0);
  expect(io.stdout()).toContain("+## Steps");
  expect(io.stdout()).toContain(`Version: 1 → 2; Changelog: - ${isoDate(new Date())} — v2: Made runnable`);
  expect(io.stdout()).toContain(`Applied: ${NOTE} is now runnable, version 2.`);
  expect(text).toContain("sop_version: 2");
  expect(text).toContain("\n## Steps\n\n1. Create a new key");
});

it("leaves the note unchanged when the answer is no, or when the proposal has no procedure", async () => {
  replies = [{ stream: [RUNNABLE_BODY] }];
  const declined = await makeRunnable([], ["n"]);
  expect(declined.code).toBe(0);
  expect(declined.io.stdout()).toContain(`Not applied; ${NOTE} is unchanged.`);
  expect(declined.text).toBe(RUNBOOK);

  replies = [{ stream: ["# Rotate the API key\n\nJust prose about [[Key policy]], https://example.com/keys and [the on-call](https://oncall.example.com).\n"] }];
  const refused = await makeRunnable(["--yes"]);
  expect(refused.code).toBe(1);
  expect(refused.io.stderr()).toMatch(/^The model's runnable version of "Rotate the API key" has no procedure the parser can read/);
  expect(refused.text).toBe(RUNBOOK);
});
