// `sop amend` and `sop scorecard` on a copy of the example vault, against a scripted OpenAI-compatible server.
import { readdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { runCli } from "../../src/cli/run-cli";
import { commands } from "../../src/cli/commands/index";
import { splitFrontmatter } from "../../src/core/notes/frontmatter";
import { isoDate } from "../../src/core/notes/dates";
import { nodeYaml } from "../../src/cli/yaml-codec";
import { bufferIo, type BufferIo } from "../support/buffer-io";
import { startMockOpenAI, type MockOpenAI, type MockReply, type RecordedRequest } from "../support/mock-openai-server";
import { EXAMPLE_VAULT, tempVault } from "../support/temp-vault";

const SOP = "SOPs/Drafting internal product docs.md";
const NEW_LINE = "Prompt for common confusions around lifecycle events (e.g. team transfers, departures) that affect access.";
const ESSAY_INSTRUCTION = `Insert this line into Step 1: "${NEW_LINE}"`;
const STEP_1_LAST_CHECK = "   - List the questions they actually ask, in their words\n";

let vault: { root: string; cleanup(): Promise<void> };
let mock: MockOpenAI | null = null;
/** What the scripted server answers to the next chat requests, in order (a step's output when the list runs out). */
let replies: MockReply[] = [];

beforeEach(async () => {
  vault = await tempVault();
  replies = [];
  mock = await startMockOpenAI(() => replies.shift() ?? { stream: ["Step output."], usage: { prompt_tokens: 100, completion_tokens: 10 } });
});

afterEach(async () => {
  await mock?.close();
  await vault.cleanup();
});

function baseUrl(): string {
  return mock?.baseUrl ?? "";
}

async function readSop(): Promise<string> {
  return readFile(join(vault.root, SOP), "utf8");
}

function propertiesOf(text: string): Record<string, unknown> {
  const { yaml } = splitFrontmatter(text);
  return (yaml ? nodeYaml.parse(yaml) : {}) as Record<string, unknown>;
}

function promptOf(request: RecordedRequest): string {
  return (request.body as { messages: { content: string }[] }).messages.map((m) => m.content).join("\n");
}

/** The essay's amendment as a model would return it: the SOP body with the line added to step 1's checks. */
function amendedBody(sopText: string): string {
  return splitFrontmatter(sopText).body.replace(STEP_1_LAST_CHECK, `${STEP_1_LAST_CHECK}   - ${NEW_LINE}\n`);
}

async function amend(args: string[], io: BufferIo = bufferIo()): Promise<{ code: number; io: BufferIo }> {
  const code = await runCli(["amend", vault.root, SOP, ...args, "--base-url", baseUrl(), "--model", "m"], io, commands);
  return { code, io };
}

async function stepsOf(sopText: string): Promise<{ index: number; title: string; checks: string[] }[]> {
  const path = join(vault.root, "parsed.md");
  await writeFile(path, sopText);
  const io = bufferIo();
  expect(await runCli(["parse", path, "--json"], io, commands)).toBe(0);
  return (JSON.parse(io.stdout()) as { steps: { index: number; title: string; checks: string[] }[] }).steps;
}

describe("sop amend", () => {
  it("turns the essay's instruction into a versioned, changelogged change with the frontmatter intact", async () => {
    const before = await readSop();
    replies = [{ stream: [amendedBody(before)] }];
    const { code, io } = await amend(["--instruction", ESSAY_INSTRUCTION, "--yes"]);
    expect(io.stderr()).toBe("");
    expect(code).toBe(0);
    // The diff shows the one added line, with context, and the summary names it.
    expect(io.stdout()).toContain(`+   - ${NEW_LINE}`);
    expect(io.stdout()).toContain(`    - List the questions they actually ask, in their words`);
    expect(io.stdout()).toMatch(/@@ -\d+,\d+ \+\d+,\d+ @@ hunk 1/);
    expect(io.stdout()).toContain(`Summary: Step 1: added "${NEW_LINE}"`);
    expect(io.stdout()).toContain("Version: 1 → 2");
    expect(io.stdout()).toContain(`Applied: ${SOP} is now version 2.`);

    // The model saw the instruction and the body, never the frontmatter.
    const [request] = mock?.chatRequests() ?? [];
    expect(promptOf(request)).toContain(ESSAY_INSTRUCTION);
    expect(promptOf(request)).toContain("1. Identify the target audience and their common questions");
    expect(promptOf(request)).not.toContain("sop_mode");

    const after = await readSop();
    expect(propertiesOf(after)).toEqual({ ...propertiesOf(before), sop_version: 2 });
    expect(splitFrontmatter(after).yaml).toBe(splitFrontmatter(before).yaml?.replace("sop_version: 1", "sop_version: 2"));
    expect(after).toContain(`## Changelog\n\n- ${isoDate(new Date())} — v2: Step 1: added "${NEW_LINE}"\n`);
    const steps = await stepsOf(after);
    expect(steps).toHaveLength(5);
    expect(steps[0].checks).toEqual([
      "Name who the readers are, where they are in their first weeks, and what is urgent for them",
      "List the questions they actually ask, in their words",
      NEW_LINE,
    ]);
    // Everything outside the inserted line and the Changelog is byte for byte what it was.
    const expected = before.replace("sop_version: 1", "sop_version: 2").replace(STEP_1_LAST_CHECK, `${STEP_1_LAST_CHECK}   - ${NEW_LINE}\n`);
    expect(after.slice(0, expected.length)).toBe(expected);
  });

  it.each([
    ["a proposal with no procedure left", "I'm sorry, I can't rewrite this document.", "no procedure left"],
    ["an empty proposal", "   ", "returned no SOP text"],
    ["an unchanged proposal", null, "changes nothing"],
  ])("refuses %s with one line, exit 1, and the SOP untouched", async (_name, answer, reason) => {
    const before = await readSop();
    replies = [{ stream: [answer ?? splitFrontmatter(before).body] }];
    const { code, io } = await amend(["--instruction", ESSAY_INSTRUCTION, "--yes"]);
    expect(code).toBe(1);
    expect(io.stderr()).toContain(reason);
    expect(io.stderr().trim().split("\n")).toHaveLength(1);
    expect(io.stdout()).not.toContain("Applied");
    expect(await readSop()).toBe(before);
  });

  it("asks before applying: no leaves the SOP as it was, yes applies", async () => {
    const before = await readSop();
    replies = [{ stream: [amendedBody(before)] }];
    const declined = await amend(["--instruction", ESSAY_INSTRUCTION], bufferIo(["n"]));
    expect(declined.code).toBe(0);
    expect(declined.io.stdout()).toContain("Apply this amendment? [y/N] ");
    expect(declined.io.stdout()).toContain(`Not applied; ${SOP} is unchanged.`);
    expect(await readSop()).toBe(before);

    replies = [{ stream: [amendedBody(before)] }];
    const accepted = await amend(["--instruction", ESSAY_INSTRUCTION], bufferIo(["y"]));
    expect(accepted.code).toBe(0);
    expect(propertiesOf(await readSop()).sop_version).toBe(2);
  });

  it("refuses to apply when the SOP was edited while the person looked at the diff", async () => {
    const before = await readSop();
    replies = [{ stream: [amendedBody(before)] }];
    const io = bufferIo();
    const edited = before.replace("## Notes", "## Notes\n\nEdited by someone else meanwhile.");
    io.ask = async (question) => {
      io.out(question);
      await writeFile(join(vault.root, SOP), edited);
      return "y";
    };
    const { code } = await amend(["--instruction", ESSAY_INSTRUCTION], io);
    expect(code).toBe(1);
    expect(io.stderr()).toContain("was edited while the amendment was being made");
    expect(await readSop()).toBe(edited);
  });

  it("folds a run's feedback into the SOP, with the Changelog linking back to the run", async () => {
    const feedback = "Add: what happens if I leave a team or project?";
    const runIo = bufferIo(["r", feedback, "a", "q"]);
    expect(await runCli(["run", vault.root, SOP, "--base-url", baseUrl(), "--model", "m"], runIo, commands)).toBe(0);
    const runPath = /Run: (.+)\n/.exec(runIo.stdout())?.[1] ?? "";
    expect(runPath).not.toBe("");
    const runs = mock?.chatRequests().length ?? 0;

    const before = await readSop();
    replies = [{ stream: [amendedBody(before)] }];
    const { code, io } = await amend(["--from-run", runPath, "--yes"]);
    expect(io.stderr()).toBe("");
    expect(code).toBe(0);
    const prompt = promptOf((mock?.chatRequests() ?? [])[runs]);
    expect(prompt).toContain(`Step 1 — feedback: ${feedback}`);
    const runName = runPath.slice(runPath.lastIndexOf("/") + 1).replace(/\.md$/, "");
    // The vault writes the shortest link that still names the run note uniquely, as Obsidian does.
    expect(await readSop()).toContain(`— v2: Step 1: added "${NEW_LINE}" (from [[${runName}]])`);
  });

  it("says there is nothing to amend when the run taught nothing", async () => {
    const runIo = bufferIo(["a", "q"]);
    await runCli(["run", vault.root, SOP, "--base-url", baseUrl(), "--model", "m"], runIo, commands);
    const runPath = /Run: (.+)\n/.exec(runIo.stdout())?.[1] ?? "";
    const before = await readSop();
    const calls = mock?.chatRequests().length;
    const { code, io } = await amend(["--from-run", runPath, "--yes"]);
    expect(code).toBe(2);
    expect(io.stderr()).toBe("sop amend: No lessons in that run: nothing to amend.\n");
    expect(mock?.chatRequests().length).toBe(calls);
    expect(await readSop()).toBe(before);
  });

  it("needs a model, and an instruction or a run", async () => {
    const noModel = bufferIo();
    expect(await runCli(["amend", vault.root, SOP, "--instruction", ESSAY_INSTRUCTION], noModel, commands)).toBe(2);
    expect(noModel.stderr()).toMatch(/^sop amend: amend needs a model: .+\n$/);

    const nothing = bufferIo();
    expect(await runCli(["amend", vault.root, SOP, "--base-url", baseUrl(), "--model", "m"], nothing, commands)).toBe(2);
    expect(nothing.stderr()).toContain("--instruction");
    expect(mock?.chatRequests()).toHaveLength(0);
  });
});

interface StepJson {
  index: number;
  title: string;
  runs: number;
  first_pass_approval: number | null;
  revisions: number | null;
  skips: number;
  findings: { high: number; medium: number; low: number };
  tokens: number;
  cost: number | null;
}

interface ScorecardJson {
  runs: number;
  steps: StepJson[];
  roles: { role: string; steps: number; first_pass_approval: number | null }[];
}

/** Every note under the runs folder with its properties, as the scorecard should read them. */
async function runNotes(): Promise<{ path: string; properties: Record<string, unknown> }[]> {
  const root = join(vault.root, "SOP runs");
  const notes: { path: string; properties: Record<string, unknown> }[] = [];
  for (const folder of await readdir(root)) {
    for (const file of await readdir(join(root, folder))) {
      notes.push({ path: `${folder}/${file}`, properties: propertiesOf(await readFile(join(root, folder, file), "utf8")) });
    }
  }
  return notes;
}

function tagged(notes: { properties: Record<string, unknown> }[], tag: string): Record<string, unknown>[] {
  return notes.map((n) => n.properties).filter((p) => Array.isArray(p.tags) && p.tags.includes(tag));
}

async function scorecard(...flags: string[]): Promise<BufferIo> {
  const io = bufferIo();
  expect(await runCli(["scorecard", vault.root, SOP, ...flags], io, commands)).toBe(0);
  return io;
}

describe("sop scorecard", () => {
  /** Three runs at the terminal: all approved; step 1 revised once; step 2 skipped. */
  async function threeRuns(): Promise<void> {
    const scripts = [
      ["a", "a", "a", "a", "a"],
      ["r", "Name the team each reader belongs to.", "a", "a", "a", "a", "a"],
      ["a", "s", "The outline came from last quarter's guide.", "a", "a", "a"],
    ];
    for (const answers of scripts) {
      const io = bufferIo(answers);
      expect(await runCli(["run", vault.root, SOP, "--base-url", baseUrl(), "--model", "m"], io, commands)).toBe(0);
      expect(io.stdout()).toContain("Run done:");
    }
  }

  it("after three runs, its JSON numbers match what the run and waypoint notes say", async () => {
    await threeRuns();
    const card = JSON.parse((await scorecard("--json")).stdout()) as ScorecardJson;
    const notes = await runNotes();
    const runs = tagged(notes, "sop-run");
    const waypoints = tagged(notes, "sop-waypoint");
    expect(runs).toHaveLength(3);
    expect(card.runs).toBe(runs.length);
    expect(card.steps.map((s) => s.index)).toEqual([1, 2, 3, 4, 5]);

    // From the scenario: step 1 passed first time in 2 of 3 runs with one extra revision overall; step 2 was skipped once.
    expect(card.steps[0]).toMatchObject({ title: "Identify the target audience and their common questions", runs: 3, skips: 0 });
    expect(card.steps[0].first_pass_approval).toBeCloseTo(2 / 3);
    expect(card.steps[0].revisions).toBeCloseTo(1 / 3);
    expect(card.steps[1]).toMatchObject({ runs: 3, skips: 1, revisions: 0 });
    expect(card.steps[1].first_pass_approval).toBeCloseTo(2 / 3);
    for (const step of card.steps.slice(2)) expect(step).toMatchObject({ runs: 3, first_pass_approval: 1, revisions: 0, skips: 0 });

    // From the notes: each step's waypoints (current and kept revisions) and the runs' costs.
    for (const step of card.steps) {
      const own = waypoints.filter((w) => w.step === step.index);
      const current = own.filter((w) => w.revision_of === undefined);
      expect(current).toHaveLength(3);
      expect(current.filter((w) => w.waypoint_status === "skipped")).toHaveLength(step.skips);
      expect(step.revisions).toBeCloseTo(current.reduce((sum, w) => sum + Number(w.revision) - 1, 0) / 3);
      // A kept revision records no tokens of its own (a property a note lacks counts as 0).
      expect(step.tokens).toBe(own.reduce((sum, w) => sum + Number(w.tokens_in ?? 0) + Number(w.tokens_out ?? 0), 0));
      expect(step.tokens).toBeGreaterThan(0);
      expect(step.findings).toEqual({ high: 0, medium: 0, low: 0 });
    }
    // Every run note shows its map: B's step 1 took two revisions, C's step 2 was skipped.
    const maps: string[] = [];
    for (const note of notes.filter((n) => tagged([n], "sop-run").length === 1)) {
      const body = splitFrontmatter(await readFile(join(vault.root, "SOP runs", note.path), "utf8")).body;
      maps.push(/\n## Map\n\n```mermaid\n([\s\S]*?)\n```\n/.exec(body)?.[1] ?? "");
    }
    expect(maps.map((m) => (m.match(/:::approved/g) ?? []).length).sort()).toEqual([4, 5, 5]);
    expect(maps.filter((m) => m.includes('s1["1. Identify the target audience and their common questions<br/>approved · 2 revisions"]'))).toHaveLength(1);
    expect(maps.filter((m) => m.includes('s2["2. Build a topic outline focused on user workflows<br/>skipped · 1 revision"]:::skipped'))).toHaveLength(1);

    const runCost = runs.reduce((sum, r) => sum + Number(r.cost), 0);
    expect(card.steps.reduce((sum, s) => sum + (s.cost ?? 0), 0)).toBeCloseTo(runCost);

    // Roles: Drafter did steps 1–3 in every run (7 of 9 passed first time), Editor step 4, Fact-checker step 5.
    const roles = Object.fromEntries(card.roles.map((r) => [r.role, r]));
    expect(Object.keys(roles).sort()).toEqual(["Drafter", "Editor", "Fact-checker"]);
    expect(roles.Drafter.steps).toBe(9);
    expect(roles.Drafter.first_pass_approval).toBeCloseTo(7 / 9);
    expect(roles.Editor).toMatchObject({ steps: 3, first_pass_approval: 1 });
    expect(roles["Fact-checker"]).toMatchObject({ steps: 3, first_pass_approval: 1 });
  });

  it("prints readable tables, and --write keeps one scorecard note beside the SOP up to date", async () => {
    const empty = await scorecard();
    expect(empty.stdout()).toBe('Drafting internal product docs: no runs yet in "SOP runs".\n');
    expect((JSON.parse((await scorecard("--json")).stdout()) as ScorecardJson).runs).toBe(0);

    await threeRuns();
    const text = (await scorecard()).stdout();
    expect(text).toContain("Drafting internal product docs: 3 runs, version 1");
    expect(text).toMatch(/^1\. Identify the target audience and their common questions +3 +67% +0\.3 +0 +0 \/ 0 \/ 0 /m);
    expect(text).toMatch(/^2\. Build a topic outline focused on user workflows +3 +67% +0\.0 +1 /m);
    expect(text).toMatch(/^Drafter +9 +78% /m);
    expect(text).toContain("Verdict: keep");

    const notePath = "SOPs/Drafting internal product docs — scorecard.md";
    const written = await scorecard("--write");
    expect(written.stdout()).toContain(`Scorecard note: ${notePath}`);
    const first = await readFile(join(vault.root, notePath), "utf8");
    expect(propertiesOf(first)).toMatchObject({ runs: 3, tags: ["sop-scorecard"] });
    expect(first).toContain("# Scorecard: Drafting internal product docs");
    expect(first).toContain("| 1. Identify the target audience and their common questions | 3 | 67% | 0.3 | 0 | 0 / 0 / 0 |");

    // A fourth run and a property the person added: the note is updated in place and keeps their property.
    await writeFile(join(vault.root, notePath), first.replace("tags:", "owner: Sam\ntags:"));
    const io = bufferIo(["a", "a", "a", "a", "a"]);
    await runCli(["run", vault.root, SOP, "--base-url", baseUrl(), "--model", "m"], io, commands);
    const json = await scorecard("--json", "--write");
    expect((JSON.parse(json.stdout()) as ScorecardJson).runs).toBe(4);
    expect(json.stderr()).toBe(`Scorecard note: ${notePath}\n`);
    const second = await readFile(join(vault.root, notePath), "utf8");
    expect(propertiesOf(second)).toMatchObject({ runs: 4, owner: "Sam" });
    expect(second).toContain("| 1. Identify the target audience and their common questions | 4 | 75% |");
    expect((await readdir(join(vault.root, "SOPs"))).filter((f) => f.includes("scorecard"))).toHaveLength(1);
  });
});

describe("the example vault's run queries", () => {
  it("list columns the run notes really have: the Bases table and the Dataview query", async () => {
    const base = nodeYaml.parse(await readFile(join(EXAMPLE_VAULT, "SOP runs.base"), "utf8")) as {
      filters: { and: string[] };
      views: { type: string; order: string[]; sort?: { property: string; direction: string }[] }[];
    };
    expect(base.filters.and).toEqual(['file.hasTag("sop-run")']);
    const [table] = base.views;
    expect(table.type).toBe("table");
    expect(table.order).toEqual(expect.arrayContaining(["sop", "run_status", "current_step", "steps_total", "cost", "started"]));
    expect(table.sort).toEqual([{ property: "started", direction: "DESC" }]);
    const dashboard = await readFile(join(EXAMPLE_VAULT, "Run dashboard.md"), "utf8");
    expect(dashboard).toContain("```dataview\nTABLE sop, run_status, cost FROM #sop-run SORT started DESC\n```");
    expect(dashboard).toContain("![[SOP runs.base]]");

    const io = bufferIo(["q"]);
    await runCli(["run", vault.root, SOP, "--base-url", baseUrl(), "--model", "m"], io, commands);
    const [run] = tagged(await runNotes(), "sop-run");
    const columns = base.views.flatMap((v) => [...v.order, ...(v.sort ?? []).map((s) => s.property)]).filter((c) => !c.startsWith("file."));
    for (const column of new Set(columns)) expect(Object.keys(run)).toContain(column);
    expect(run.tags).toEqual(["sop-run"]);
  });
});
