/** @jest-environment jsdom */
// Amending an SOP from the palette: instruction → model proposal → per-hunk diff modal → atomic, versioned, changelogged write.
import type { Command, TFile } from "obsidian";
import type { ModelRequest } from "../../../src/core/ports";
import { splitFrontmatter } from "../../../src/core/notes/frontmatter";
import { isoDate } from "../../../src/core/notes/dates";
import { parseProcedure } from "../../../src/core/sop/parse-procedure";
import { obsidianYaml } from "../../../src/obsidian/adapters/obsidian-yaml";
import { DiffModal } from "../../../src/obsidian/ui/diff-modal";
import { SopPickerModal } from "../../../src/obsidian/ui/sop-picker-modal";
import { TextPromptModal } from "../../../src/obsidian/ui/text-prompt-modal";
import { EXAMPLE_SOP } from "../../support/example-vault-files";
import { gateAt, loadPlugin, mockOf, read, until } from "../../support/obsidian-run-view";
import type { ViewHarness } from "../../support/obsidian-run-view";
import { stepOf } from "../../support/scripted-model";

const NEW_LINE = "Prompt for common confusions around lifecycle events (e.g. team transfers, departures) that affect access.";
const INSTRUCTION = `Insert this line into Step 1: '${NEW_LINE}'`;
const STEP_1_LAST = "   - List the questions they actually ask, in their words";

afterEach(() => jest.restoreAllMocks());

/** What the model answers to an amendment request; step prompts get a step's output. */
let amendAnswer: (sopBody: string) => string = (body) => body;

function isAmendRequest(request: ModelRequest): boolean {
  return request.messages[0]?.content.startsWith("You maintain standard operating procedures") ?? false;
}

/** The SOP body as the prompt carried it, between the markers. */
function sopInPrompt(request: ModelRequest): string {
  const user = request.messages[request.messages.length - 1].content;
  return /<<<SOP\n([\s\S]*)\nSOP>>>/.exec(user)?.[1] ?? "";
}

/** The essay's amendment: the new line as a sub-bullet at the end of step 1, nothing else touched. */
function withEssayLine(body: string): string {
  return body.replace(`${STEP_1_LAST}\n`, `${STEP_1_LAST}\n   - ${NEW_LINE}\n`);
}

async function harness(): Promise<ViewHarness & { modals: unknown[] }> {
  const modals: unknown[] = [];
  for (const type of [DiffModal, SopPickerModal]) {
    jest.spyOn(type.prototype, "open").mockImplementation(function (this: unknown) {
      modals.push(this);
    });
  }
  const h = await loadPlugin((request) => (isAmendRequest(request) ? amendAnswer(sopInPrompt(request)) : `Output of step ${stepOf(request)}.`));
  return { ...h, modals };
}

function command(h: ViewHarness, id: string): Command {
  const found = mockOf(h.plugin).commands__.get(id);
  if (!found) throw new Error(`No command "${id}"`);
  return found;
}

function execute(h: ViewHarness, id: string): void {
  const c = command(h, id);
  if (c.checkCallback) {
    expect(c.checkCallback(true)).toBe(true);
    c.checkCallback(false);
  } else void c.callback?.();
}

async function openSop(h: ViewHarness): Promise<void> {
  await h.app.workspace.getLeaf(false).openFile(h.app.vault.getFileByPath(EXAMPLE_SOP) as TFile);
}

/** Runs "Amend this SOP…" on the open SOP with the instruction, and returns the diff modal once it opens. */
async function amendWith(h: ViewHarness & { modals: unknown[] }, instruction: string): Promise<DiffModal> {
  await openSop(h);
  execute(h, "amend-sop");
  const prompt = await until(() => [...h.opened].reverse().find((m): m is TextPromptModal => m instanceof TextPromptModal), "the instruction prompt");
  prompt.textArea.value = instruction;
  prompt.submit();
  return until(() => h.modals.find((m): m is DiffModal => m instanceof DiffModal), "the diff modal");
}

function buttonOf(modal: DiffModal, text: string): HTMLButtonElement {
  const found = [...modal.contentEl.querySelectorAll("button")].find((b) => b.textContent === text);
  if (!found) throw new Error(`No button "${text}"`);
  return found;
}

it("registers the amend commands with stable ids and no hotkeys; 'Amend this SOP…' shows only on an SOP", async () => {
  const h = await harness();
  for (const id of ["amend-sop", "amend-sop-pick", "suggest-amendments"]) expect(command(h, id).hotkeys).toBeUndefined();
  expect(command(h, "amend-sop").checkCallback?.(true)).toBe(false);
  await h.app.workspace.getLeaf(false).openFile(h.app.vault.getFileByPath("Projects/Identity platform guide.md") as TFile);
  expect(command(h, "amend-sop").checkCallback?.(true)).toBe(false);
  await openSop(h);
  expect(command(h, "amend-sop").checkCallback?.(true)).toBe(true);
});

it("amends the essay's SOP: one hunk with word highlights, applied as version 2 with a Changelog line and frontmatter intact", async () => {
  amendAnswer = withEssayLine;
  const h = await harness();
  const before = await read(h, EXAMPLE_SOP);
  const modal = await amendWith(h, INSTRUCTION);

  const request = h.layer.model.requests.find(isAmendRequest)!;
  expect(request.messages[1].content).toContain(INSTRUCTION);
  expect(sopInPrompt(request)).not.toContain("sop_version");
  expect(modal.contentEl.querySelectorAll(".sop-diff-hunk")).toHaveLength(1);
  expect([...modal.contentEl.querySelectorAll(".sop-diff-added")].map((el) => el.textContent)).toEqual([`+   - ${NEW_LINE}`]);
  expect(modal.contentEl.querySelectorAll(".sop-diff-removed")).toHaveLength(0);
  expect(modal.contentEl.textContent).toContain("Version 1 → 2");
  expect(modal.contentEl.querySelector(".sop-diff-changelog")?.textContent).toMatch(new RegExp(`^Changelog: - ${isoDate(new Date())} — v2: `));
  const toggles = modal.contentEl.querySelectorAll<HTMLInputElement>("input[type=checkbox]");
  expect([...toggles].map((t) => t.checked)).toEqual([true]);
  expect(modal.contentEl.querySelectorAll("[style]")).toHaveLength(0);
  expect(await read(h, EXAMPLE_SOP)).toBe(before);

  buttonOf(modal, "Apply selected").click();
  await until(() => h.notices.find((n) => n.startsWith("Amended")), "the applied notice");
  const after = await read(h, EXAMPLE_SOP);
  const props = obsidianYaml.parse(splitFrontmatter(after).yaml ?? "") as Record<string, unknown>;
  const oldProps = obsidianYaml.parse(splitFrontmatter(before).yaml ?? "") as Record<string, unknown>;
  expect(props).toEqual({ ...oldProps, sop_version: 2 });
  expect(after).toMatch(new RegExp(`## Changelog\\n\\n- ${isoDate(new Date())} — v2: .+\\n`));
  const parsed = parseProcedure(after, { name: "SOP", yaml: obsidianYaml });
  if (!parsed.ok) throw new Error(parsed.error);
  expect(parsed.procedure.steps).toHaveLength(5);
  const step1 = after.slice(after.indexOf("1. Identify"), after.indexOf("2. Build"));
  expect(step1).toContain(`   - ${NEW_LINE}`);
  expect(after.slice(after.indexOf("2. Build"), after.indexOf("## Notes"))).not.toContain(NEW_LINE);
  expect(h.notices).toContain('Amended "Drafting internal product docs": it is now version 2.');
});

it("shows word-level highlights for an edited line, and writes nothing when every hunk is unticked", async () => {
  amendAnswer = (body) => body.replace("List the questions they actually ask", "List the questions new hires actually ask");
  const h = await harness();
  const before = await read(h, EXAMPLE_SOP);
  const modal = await amendWith(h, "Say who asks in step 1.");
  const words = (cls: string): string => [...modal.contentEl.querySelectorAll(cls)].map((el) => el.textContent?.trim()).filter(Boolean).join(" ");
  expect(words(".sop-diff-word-added")).toBe("new hires");
  expect(words(".sop-diff-word-removed")).toBe("they");

  modal.contentEl.querySelector<HTMLInputElement>("input[type=checkbox]")!.click();
  buttonOf(modal, "Apply selected").click();
  await until(() => h.notices.find((n) => n.startsWith("Nothing was selected")), "the nothing-selected notice");
  expect(await read(h, EXAMPLE_SOP)).toBe(before);
});

it("applies only the ticked hunks when the proposal has several", async () => {
  amendAnswer = (body) => withEssayLine(body).replace("   - Each section starts with what the reader can do\n", "   - Each section starts with what the reader can do\n   - Link the access policy\n");
  const h = await harness();
  const modal = await amendWith(h, "Two changes.");
  expect(modal.contentEl.querySelectorAll(".sop-diff-hunk")).toHaveLength(2);
  modal.contentEl.querySelectorAll<HTMLInputElement>("input[type=checkbox]")[1].click();
  buttonOf(modal, "Apply selected").click();
  await until(() => h.notices.find((n) => n.startsWith("Amended")), "the applied notice");
  const after = await read(h, EXAMPLE_SOP);
  expect(after).toContain(NEW_LINE);
  expect(after).not.toContain("Link the access policy");
  expect(after).toMatch(/sop_version: 2/);
});

it("warns in the diff when the proposal changes the number of steps", async () => {
  amendAnswer = (body) => body.replace("\n## Notes", "6. Publish the guide\n   role:: Editor\n\n## Notes");
  const h = await harness();
  const modal = await amendWith(h, "Add a publishing step.");
  expect([...modal.contentEl.querySelectorAll(".sop-diff-warning")].map((el) => el.textContent)).toEqual([
    "The proposal changes the number of steps from 5 to 6; check that no step was lost.",
  ]);
});

it("refuses a proposal that breaks the procedure: a notice, no diff, the SOP untouched", async () => {
  amendAnswer = () => "I'm sorry, I can only describe the change: add a line about team transfers.";
  const h = await harness();
  const before = await read(h, EXAMPLE_SOP);
  await openSop(h);
  execute(h, "amend-sop");
  const prompt = await until(() => h.opened.find((m): m is TextPromptModal => m instanceof TextPromptModal), "the instruction prompt");
  prompt.textArea.value = INSTRUCTION;
  prompt.submit();
  const refusal = await until(() => h.notices.find((n) => n.startsWith("The proposed SOP has no procedure left")), "the refusal");
  expect(refusal).not.toContain("\n");
  expect(h.modals.some((m) => m instanceof DiffModal)).toBe(false);
  expect(await read(h, EXAMPLE_SOP)).toBe(before);
});

it("leaves the SOP as the person saved it when it was edited while the diff was open", async () => {
  amendAnswer = withEssayLine;
  const h = await harness();
  const modal = await amendWith(h, INSTRUCTION);
  const file = h.app.vault.getFileByPath(EXAMPLE_SOP) as TFile;
  await h.app.vault.process(file, (text) => `${text}\nA note the person added.\n`);
  const edited = await read(h, EXAMPLE_SOP);
  buttonOf(modal, "Apply selected").click();
  await until(() => h.notices.find((n) => n.includes("was edited while the amendment was being made")), "the refusal");
  expect(await read(h, EXAMPLE_SOP)).toBe(edited);
});

it("says in one sentence that a model is needed when none is set up", async () => {
  const h = await harness();
  mockOf(h.plugin).data__ = {};
  await h.plugin.loadSettings();
  await openSop(h);
  execute(h, "amend-sop");
  const prompt = await until(() => h.opened.find((m): m is TextPromptModal => m instanceof TextPromptModal), "the instruction prompt");
  prompt.textArea.value = INSTRUCTION;
  prompt.submit();
  await until(() => h.notices.length > 0, "a notice");
  expect(h.notices).toEqual(["Amending an SOP needs a model: choose a provider in the plugin's options first."]);
});

it("picks an SOP from anywhere with 'Amend an SOP…'", async () => {
  amendAnswer = withEssayLine;
  const h = await harness();
  execute(h, "amend-sop-pick");
  const picker = await until(() => h.modals.find((m): m is SopPickerModal => m instanceof SopPickerModal), "the SOP picker");
  picker.onChooseItem(picker.getItems().find((l) => l.path === EXAMPLE_SOP)!);
  const prompt = await until(() => h.opened.find((m): m is TextPromptModal => m instanceof TextPromptModal), "the instruction prompt");
  prompt.textArea.value = INSTRUCTION;
  prompt.submit();
  const modal = await until(() => h.modals.find((m): m is DiffModal => m instanceof DiffModal), "the diff modal");
  buttonOf(modal, "Cancel").click();
  expect(await read(h, EXAMPLE_SOP)).not.toContain(NEW_LINE);
});

describe("suggested amendments from a run", () => {
  it("folds the run's feedback into the SOP, the Changelog entry linking the run", async () => {
    amendAnswer = withEssayLine;
    const h = await harness();
    const runPath = await h.plugin.runs!.start({ sopPath: EXAMPLE_SOP, projectPath: null, cue: "" });
    if (!runPath) throw new Error(h.notices.join(" | "));
    await gateAt(h, 1);
    await h.plugin.runs!.revise(runPath, "Cover what happens on a team transfer.");
    await gateAt(h, 1);
    execute(h, "suggest-amendments");
    const modal = await until(() => h.modals.find((m): m is DiffModal => m instanceof DiffModal), "the diff modal");
    const request = h.layer.model.requests.find(isAmendRequest)!;
    expect(request.messages[1].content).toContain("Step 1 — feedback: Cover what happens on a team transfer.");
    const runName = runPath.split("/").pop()!.replace(/\.md$/, "");
    expect(modal.contentEl.querySelector(".sop-diff-changelog")?.textContent).toContain(`(from [[${runName}`);
    buttonOf(modal, "Apply selected").click();
    await until(() => h.notices.find((n) => n.startsWith("Amended")), "the applied notice");
    const after = await read(h, EXAMPLE_SOP);
    expect(after).toMatch(new RegExp(`- ${isoDate(new Date())} — v2: .+ \\(from \\[\\[[^\\]]*${runName.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}`));
  });

  it("says there is nothing to amend when the run taught nothing", async () => {
    const h = await harness();
    const runPath = await h.plugin.runs!.start({ sopPath: EXAMPLE_SOP, projectPath: null, cue: "" });
    if (!runPath) throw new Error(h.notices.join(" | "));
    await gateAt(h, 1);
    const before = await read(h, EXAMPLE_SOP);
    execute(h, "suggest-amendments");
    await until(() => h.notices.includes("No lessons in this run: nothing to amend."), "the no-lessons notice");
    expect(h.layer.model.requests.some(isAmendRequest)).toBe(false);
    expect(await read(h, EXAMPLE_SOP)).toBe(before);
  });
});
