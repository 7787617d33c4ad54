// Edits made in another editor while a gate waits are what every gate action takes and carries forward.
import { readdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { runCli } from "../../src/cli/run-cli";
import { commands } from "../../src/cli/commands/index";
import { splitFrontmatter } from "../../src/core/notes/frontmatter";
import type { CliIo } from "../../src/cli/command";
import { bufferIo } from "../support/buffer-io";
import { startMockOpenAI, type MockOpenAI, type RecordedRequest } from "../support/mock-openai-server";
import { tempVault } from "../support/temp-vault";

const SOP = "SOPs/Drafting internal product docs.md";
const EDIT = "Edited by the person while the gate waited: the audience is support staff.";

let vault: { root: string; cleanup(): Promise<void> };
let mock: MockOpenAI;
let calls = 0;

beforeEach(async () => {
  vault = await tempVault();
  calls = 0;
  mock = await startMockOpenAI(() => ({ stream: [`Model answer ${(calls += 1)}.`] }));
});

afterEach(async () => {
  await mock.close();
  await vault.cleanup();
});

function promptOf(request: RecordedRequest | undefined): string {
  return JSON.stringify((request?.body as { messages?: unknown } | undefined)?.messages ?? []);
}

async function waypoint(name: RegExp): Promise<{ path: string; body: string; yaml: string }> {
  const runs = join(vault.root, "SOP runs");
  const folder = join(runs, (await readdir(runs))[0]);
  const file = (await readdir(folder)).find((n) => name.test(n));
  if (!file) throw new Error(`no note matching ${String(name)}`);
  const path = join(folder, file);
  const { yaml, body } = splitFrontmatter(await readFile(path, "utf8"));
  return { path, body, yaml: yaml ?? "" };
}

/** A terminal whose person edits the step-1 waypoint in another editor just before giving the first answer. */
function editingIo(answers: string[]): CliIo & { stdout(): string } {
  const io = bufferIo(answers);
  let edited = false;
  return {
    ...io,
    ask: async (question) => {
      if (!edited && question.startsWith("[a]pprove")) {
        edited = true;
        const { path, body } = await waypoint(/^01 [^(]*\.md$/);
        const text = await readFile(path, "utf8");
        await writeFile(path, text.replace(body, `${EDIT}\n`));
      }
      return io.ask(question);
    },
  };
}

async function run(answers: string[]): Promise<number> {
  return runCli(["run", vault.root, SOP, "--base-url", mock.baseUrl, "--model", "m"], editingIo(answers), commands);
}

it("approve: the approved note and the next step's prompt hold the edit", async () => {
  expect(await run(["a", "q"])).toBe(0);
  const approved = await waypoint(/^01 [^(]*\.md$/);
  expect(approved.body.trim()).toBe(EDIT);
  expect(approved.yaml).toContain("waypoint_status: approved");
  const next = promptOf(mock.chatRequests()[1]);
  expect(next).toContain(EDIT);
  expect(next).not.toContain("Model answer 1.");
});

it("revise: the kept revision and the revision's prompt hold the edit", async () => {
  expect(await run(["r", "Shorter, please.", "q"])).toBe(0);
  expect((await waypoint(/^01 .*\(r1\)\.md$/)).body.trim()).toBe(EDIT);
  const revision = promptOf(mock.chatRequests()[1]);
  expect(revision).toContain(EDIT);
  expect(revision).toContain("Shorter, please.");
});

it("retry: the kept revision holds the edit", async () => {
  expect(await run(["t", "q"])).toBe(0);
  expect((await waypoint(/^01 .*\(r1\)\.md$/)).body.trim()).toBe(EDIT);
  expect((await waypoint(/^01 [^(]*\.md$/)).body.trim()).toBe("Model answer 2.");
});

it("skip: the skipped note keeps the edit", async () => {
  expect(await run(["s", "Not needed this time.", "q"])).toBe(0);
  const skipped = await waypoint(/^01 [^(]*\.md$/);
  expect(skipped.body.trim()).toBe(EDIT);
  expect(skipped.yaml).toContain("waypoint_status: skipped");
});
