// Exit codes a script can rely on: 2 and one line for bad input, 1 and one line for a runtime failure, never a stack.
import { readdir, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { runCli } from "../../src/cli/run-cli";
import { commands } from "../../src/cli/commands/index";
import { bufferIo } from "../support/buffer-io";
import { startMockOpenAI, type MockOpenAI } from "../support/mock-openai-server";
import { tempVault } from "../support/temp-vault";

const SOP = "SOPs/Drafting internal product docs.md";

let vault: { root: string; cleanup(): Promise<void> };
let mock: MockOpenAI;

beforeEach(async () => {
  vault = await tempVault();
  mock = await startMockOpenAI(() => ({ stream: ["An answer."] }));
});

afterEach(async () => {
  await mock.close();
  await vault.cleanup();
});

function oneLine(text: string): void {
  expect(text.trim().split("\n")).toHaveLength(1);
  expect(text).not.toMatch(/\n\s+at /);
}

it("an SOP argument outside the vault is a usage error: exit 2, one line, nothing written", async () => {
  const outside = join(vault.root, "..", `outside-${process.pid}.md`);
  await writeFile(outside, "# Outside\n\n## Steps\n\n1. Leak it.\n");
  try {
    const io = bufferIo();
    expect(await runCli(["run", vault.root, "../" + outside.slice(outside.lastIndexOf("/") + 1), "--base-url", mock.baseUrl, "--model", "m"], io, commands)).toBe(2);
    expect(io.stderr()).toContain("outside the vault");
    oneLine(io.stderr());
    expect(mock.chatRequests()).toHaveLength(0);
    expect(await readdir(vault.root)).not.toContain("SOP runs");
  } finally {
    await rm(outside, { force: true });
  }
});

it("a run that cannot go on is a runtime failure: exit 1, one line", async () => {
  const first = bufferIo(["q"]);
  expect(await runCli(["run", vault.root, SOP, "--base-url", mock.baseUrl, "--model", "m"], first, commands)).toBe(0);
  const runPath = /Run: (.+)\n/.exec(first.stdout())?.[1] ?? "";
  const folder = join(vault.root, runPath.slice(0, runPath.lastIndexOf("/")));
  const waypoint = (await readdir(folder)).find((name) => name.startsWith("01 ")) ?? "";
  const path = join(folder, waypoint);
  await writeFile(path, (await readFile(path, "utf8")).replace("waypoint_status: awaiting-review", "waypoint_status: half-done"));

  const io = bufferIo(["a"]);
  expect(await runCli(["resume", vault.root, runPath, "--base-url", mock.baseUrl, "--model", "m"], io, commands)).toBe(1);
  expect(io.stderr()).toContain("half-done");
  oneLine(io.stderr());
});
