// Nothing outside the vault reaches the model or gets written: links by `..`, links through symlinks that point out
// of the vault, and a project argument outside it.
import { mkdir, mkdtemp, readdir, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runCli } from "../../src/cli/run-cli";
import { commands } from "../../src/cli/commands/index";
import { bufferIo } from "../support/buffer-io";
import { startMockOpenAI, type MockOpenAI } from "../support/mock-openai-server";
import { tempVault } from "../support/temp-vault";

const SECRET = "OUTSIDE-SECRET-7f3a: payroll export";

let vault: { root: string; cleanup(): Promise<void> };
let outside: string;
let mock: MockOpenAI;

beforeEach(async () => {
  vault = await tempVault();
  outside = await mkdtemp(join(tmpdir(), "sop-outside-"));
  await writeFile(join(outside, "Secret.md"), `# Secret\n\n${SECRET}\n`, "utf8");
  await mkdir(join(outside, "Folder"));
  await writeFile(join(outside, "Folder", "Leak.md"), `${SECRET}\n`, "utf8");
  mock = await startMockOpenAI((request) => (JSON.stringify(request.body).includes("You review one waypoint") ? { stream: ['{"findings": []}'] } : { stream: ["Done."] }));
});

afterEach(async () => {
  await mock.close();
  await vault.cleanup();
  await rm(outside, { recursive: true, force: true });
});

it("sends none of an outside file's text to the model and writes nothing outside, by .. or by symlink", async () => {
  // A symlinked note and a symlinked folder inside the vault, both pointing out of it.
  await symlink(join(outside, "Secret.md"), join(vault.root, "Roles", "Insider.md"));
  await symlink(join(outside, "Folder"), join(vault.root, "Shared"));
  const rel = `../../${outside.split("/").pop()}`;
  const sop = [
    "---",
    "tags: [sop]",
    "---",
    "# Leaky",
    "",
    "## Steps",
    "",
    "1. Draft the note",
    "   role:: [[Insider]]",
    `   context:: [secret](${rel}/Secret.md), [[Shared/Leak]], [[Leak]]`,
    "2. Check the note",
    "   review:: [[Fact-checker]]",
    `   sources:: [secret](${rel}/Secret.md), [[Shared/Leak]]`,
    "",
  ].join("\n");
  await writeFile(join(vault.root, "SOPs", "Leaky.md"), sop, "utf8");
  await writeFile(join(vault.root, "Projects", "Leaky project.md"), `# Project\n\nSee [[Shared/Leak]] and [it](${rel}/Secret.md).\n`, "utf8");

  const io = bufferIo();
  const code = await runCli(["run", vault.root, "SOPs/Leaky.md", "--project", "Projects/Leaky project.md", "--auto", "--base-url", mock.baseUrl, "--model", "m"], io, commands);
  // Said once, however many steps (and runs) the unpriced model answers.
  expect(io.stderr()).toBe("No price is known for model \"m\": its cost is recorded and shown as unknown, not $0.\n");
  expect(code).toBe(0);
  const requests = mock.chatRequests();
  expect(requests.length).toBeGreaterThanOrEqual(2);
  for (const request of requests) expect(JSON.stringify(request.body)).not.toContain("OUTSIDE-SECRET");
  expect((await readdir(outside)).sort()).toEqual(["Folder", "Secret.md"]);
  expect(await readdir(join(outside, "Folder"))).toEqual(["Leak.md"]);
});

it("refuses an SOP or project argument outside the vault with a usage error and writes nothing", async () => {
  const rel = `../${outside.split("/").pop()}/Secret.md`;
  for (const args of [["run", vault.root, rel], ["run", vault.root, "SOPs/Drafting internal product docs.md", "--project", rel]]) {
    const io = bufferIo();
    expect(await runCli([...args, "--auto", "--base-url", mock.baseUrl, "--model", "m"], io, commands)).toBe(2);
    expect(io.stderr().trim().split("\n")).toHaveLength(1);
  }
  expect(mock.chatRequests()).toHaveLength(0);
  expect((await readdir(outside)).sort()).toEqual(["Folder", "Secret.md"]);
});
