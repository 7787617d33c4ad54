import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { runCli } from "../../src/cli/run-cli";
import { commands } from "../../src/cli/commands/index";
import { splitFrontmatter } from "../../src/core/notes/frontmatter";
import { nodeYaml } from "../../src/cli/yaml-codec";
import { bufferIo } from "../support/buffer-io";
import { startMockOpenAI, type MockOpenAI, type RecordedRequest } from "../support/mock-openai-server";
import { tempVault } from "../support/temp-vault";

const SOP = "SOPs/Drafting internal product docs.md";
const PROJECT = "Projects/Identity platform guide.md";
const CUE = "The audience is new IT hires onboarding this quarter.";

let vault: { root: string; cleanup(): Promise<void> };
let mock: MockOpenAI;

beforeEach(async () => {
  vault = await tempVault();
  let stepCalls = 0;
  // Step 3 of the example SOP names a `review::` Fact-checker: it finds nothing, and step answers stay numbered by step call.
  mock = await startMockOpenAI((request) => (isReview(request) ? { stream: ['{"findings": []}'] } : { stream: [`Answer number `, `${(stepCalls += 1)}.`] }));
});

function isReview(request: RecordedRequest): boolean {
  return JSON.stringify(request.body).includes("You review one waypoint");
}

afterEach(async () => {
  await mock.close();
  await vault.cleanup();
});

/** The step calls only, without the reviewer's. */
function stepRequests(): RecordedRequest[] {
  return mock.chatRequests().filter((request) => !isReview(request));
}

function messagesOf(request: RecordedRequest): { role: string; content: string }[] {
  return (request.body as { messages: { role: string; content: string }[] }).messages;
}

async function note(path: string): Promise<{ properties: Record<string, unknown>; body: string }> {
  const { yaml, body } = splitFrontmatter(await readFile(join(vault.root, path), "utf8"));
  return { properties: (yaml ? nodeYaml.parse(yaml) : {}) as Record<string, unknown>, body };
}

async function statusOf(root: string): Promise<{ run: string; sop: string; status: string; step: number; steps: number }[]> {
  const io = bufferIo();
  expect(await runCli(["status", root, "--json"], io, commands)).toBe(0);
  return JSON.parse(io.stdout()) as { run: string; sop: string; status: string; step: number; steps: number }[];
}

describe("sop run --auto", () => {
  it("runs the example SOP to the end with one approved, linked waypoint per step", async () => {
    const io = bufferIo();
    const code = await runCli(
      ["run", vault.root, SOP, "--project", PROJECT, "--cue", CUE, "--auto", "--base-url", mock.baseUrl, "--model", "mock-model"],
      io,
      commands,
    );
    // Said once, however many steps (and runs) the unpriced model answers.
  expect(io.stderr()).toBe("No price is known for model \"mock-model\": its cost is recorded and shown as unknown, not $0.\n");
    expect(code).toBe(0);
    expect(io.stdout()).toContain("Step 1/5: Identify the target audience and their common questions");
    expect(io.stdout()).toContain("Run done:");
    expect(io.stdout()).toContain("Fact-checker reviewed it: 0 high, 0 medium, 0 low findings");

    const [run] = await statusOf(vault.root);
    expect(run).toMatchObject({ sop: SOP, status: "done", step: 5, steps: 5 });

    const runNote = await note(run.run);
    expect(runNote.properties).toMatchObject({ run_status: "done", steps_total: 5, mode: "auto", sop_version: 1 });
    expect(runNote.body).toContain(CUE);
    const waypointLinks = [...runNote.body.matchAll(/\[\[([^\]|]+)/g)].map((m) => m[1]).filter((l) => /^(.*\/)?0\d /.test(l));
    expect(new Set(waypointLinks).size).toBeGreaterThanOrEqual(5);

    const runFolder = run.run.slice(0, run.run.lastIndexOf("/"));
    for (let step = 1; step <= 5; step++) {
      const calls = stepRequests();
      const waypointName = `${String(step).padStart(2, "0")} `;
      const { readdir } = await import("node:fs/promises");
      const files = (await readdir(join(vault.root, runFolder))).filter((f) => f.startsWith(waypointName) && !f.includes("(r"));
      expect(files).toHaveLength(1);
      const waypoint = await note(`${runFolder}/${files[0]}`);
      expect(waypoint.properties).toMatchObject({ step, waypoint_status: "approved", revision: 1 });
      expect(waypoint.body.trim()).toBe(`Answer number ${step}.`);
      expect(calls).toHaveLength(5);
    }

    const project = await readFile(join(vault.root, PROJECT), "utf8");
    expect(project).toContain("## SOP runs");
    expect(project).toContain("An internal guide to the identity platform");
  });

  it("carries the cue, the project note and every earlier approved output into later prompts, with a shared prefix", async () => {
    const io = bufferIo();
    await runCli(["run", vault.root, SOP, "--project", PROJECT, "--cue", CUE, "--auto", "--base-url", mock.baseUrl, "--model", "m"], io, commands);
    const prompts = stepRequests().map(messagesOf);
    expect(prompts).toHaveLength(5);
    prompts.forEach((messages, i) => {
      const all = messages.map((m) => m.content).join("\n");
      expect(all).toContain(CUE);
      expect(all).toContain("role-based access for every internal system");
      for (let earlier = 1; earlier <= i; earlier++) expect(all).toContain(`Answer number ${earlier}.`);
    });
    for (let i = 1; i < prompts.length; i++) {
      const previous = JSON.stringify(prompts[i - 1].slice(0, -1));
      const current = JSON.stringify(prompts[i].slice(0, prompts[i - 1].length - 1));
      expect(current).toBe(previous);
    }
  });
});

describe("sop run with gates on the terminal", () => {
  it("revises with feedback, keeps the old revision, skips with a reason and cancels", async () => {
    const io = bufferIo(["r", "Add: what happens if I leave a team or project?", "a", "s", "We already have an outline.", "c"]);
    const code = await runCli(["run", vault.root, SOP, "--project", PROJECT, "--cue", CUE, "--base-url", mock.baseUrl, "--model", "m"], io, commands);
    expect(code).toBe(0);
    expect(io.stdout()).toContain("Run cancelled.");
    const calls = stepRequests().map(messagesOf);
    expect(calls).toHaveLength(4); // step 1, its revision, step 2 (then skipped), step 3 (then cancelled)
    const revisionPrompt = calls[1].map((m) => m.content).join("\n");
    expect(revisionPrompt).toContain("Add: what happens if I leave a team or project?");
    expect(revisionPrompt).toContain("Answer number 1.");

    const [run] = await statusOf(vault.root);
    expect(run.status).toBe("cancelled");
    const runFolder = run.run.slice(0, run.run.lastIndexOf("/"));
    const { readdir } = await import("node:fs/promises");
    const files = await readdir(join(vault.root, runFolder));
    const superseded = files.find((f) => f.startsWith("01 ") && f.includes("(r1)"));
    expect(superseded).toBeDefined();
    expect((await note(`${runFolder}/${superseded}`)).body.trim()).toBe("Answer number 1.");
    const current = files.find((f) => f.startsWith("01 ") && !f.includes("(r"));
    expect((await note(`${runFolder}/${current}`)).properties).toMatchObject({ waypoint_status: "approved", revision: 2 });
    expect((await note(run.run)).body).toContain("We already have an outline.");
  });

  it("leaves the run at its gate when the person quits, and resume picks it up", async () => {
    const first = bufferIo(["q"]);
    expect(await runCli(["run", vault.root, SOP, "--base-url", mock.baseUrl, "--model", "m"], first, commands)).toBe(0);
    expect(first.stdout()).toContain("sop resume");
    expect((await statusOf(vault.root))[0]).toMatchObject({ status: "awaiting-review", step: 1 });

    const second = bufferIo(["a", "q"]);
    expect(await runCli(["resume", vault.root, "--base-url", mock.baseUrl, "--model", "m"], second, commands)).toBe(0);
    expect((await statusOf(vault.root))[0]).toMatchObject({ status: "awaiting-review", step: 2 });
    expect(mock.chatRequests()).toHaveLength(2);
  });
});

describe("bad input", () => {
  it.each([
    [["run"], "Name the vault folder."],
    [["run", "/no/such/folder", SOP], 'No vault folder at "/no/such/folder".'],
    [["run", "<vault>", "SOPs/Missing.md"], 'No SOP note "SOPs/Missing.md"'],
    [["run", "<vault>", SOP, "--bogus"], "Unknown option '--bogus'"],
    [["run", "<vault>", "Sources/Style guide.md", "--base-url", "<mock>"], "No procedure found"],
  ])("%j exits 2 with one line", async (args, message) => {
    const io = bufferIo();
    const argv = args.map((a) => a.replace("<vault>", vault.root).replace("<mock>", mock.baseUrl));
    expect(await runCli(argv, io, commands)).toBe(2);
    expect(io.stderr()).toContain(message);
    expect(io.stderr().trim().split("\n")).toHaveLength(1);
  });
});
