/** @jest-environment jsdom */
// "Make this note runnable…" with a model: progress in a notice (cancellable), the proposal in the amendment diff, applied as a versioned amendment, refused when it does not parse.
import type { Command, TFile } from "obsidian";
import { Notice } from "obsidian-test-mocks/obsidian";
import type { ModelRequest } from "../../../src/core/ports";
import { splitFrontmatter } from "../../../src/core/notes/frontmatter";
import { isoDate } from "../../../src/core/notes/dates";
import { parseProcedure } from "../../../src/core/sop/parse-procedure";
import { obsidianYaml } from "../../../src/obsidian/adapters/obsidian-yaml";
import { DiffModal } from "../../../src/obsidian/ui/diff-modal";
import { loadPlugin, mockOf, until } from "../../support/obsidian-run-view";
import type { ViewHarness } from "../../support/obsidian-run-view";
import type { ScriptedReply } from "../../support/scripted-model";
import { RUNBOOK, RUNNABLE_BODY } from "../../core/learn/runnable-note";

const PATH = "Runbooks/Rotate the API key.md";
afterEach(() => jest.restoreAllMocks());

function isRunnableRequest(request: ModelRequest): boolean {
  return request.messages[0]?.content.startsWith("You turn notes that describe a procedure") ?? false;
}

interface Harness extends ViewHarness {
  modals: DiffModal[];
  progress: string[];
  /** The progress notice's last message, as rendered (its Cancel button live). */
  lastMessage: () => DocumentFragment | null;
  file: TFile;
}

async function harness(answer: (request: ModelRequest) => ScriptedReply | string): Promise<Harness> {
  const modals: DiffModal[] = [];
  jest.spyOn(DiffModal.prototype, "open").mockImplementation(function (this: DiffModal) {
    modals.push(this);
  });
  const progress: string[] = [];
  let last: DocumentFragment | null = null;
  const setMessage = jest.spyOn(Notice.prototype, "setMessage");
  setMessage.mockImplementation(function (this: Notice, message: DocumentFragment | string) {
    progress.push(typeof message === "string" ? message : (message.textContent ?? ""));
    if (typeof message !== "string") last = message;
    return this;
  });
  const h = await loadPlugin((request) => (isRunnableRequest(request) ? answer(request) : "Step output."));
  const file = await h.app.vault.create(PATH, RUNBOOK);
  await h.app.workspace.getLeaf(false).openFile(file);
  return { ...h, modals, progress, file, lastMessage: () => last };
}

function command(h: ViewHarness, id: string): Command {
  const found = mockOf(h.plugin).commands__.get(id);
  if (!found) throw new Error(`No command "${id}"`);
  return found;
}

function run(h: ViewHarness, id: string): void {
  const c = command(h, id);
  expect(c.checkCallback?.(true)).toBe(true);
  c.checkCallback?.(false);
}

function buttonOf(modal: DiffModal, text: string): HTMLButtonElement {
  const found = [...modal.contentEl.querySelectorAll("button")].find((b) => b.textContent === text);
  if (!found) throw new Error(`No button "${text}"`);
  return found;
}

const read = (h: Harness): Promise<string> => h.app.vault.read(h.file);

it("registers the commands with no hotkeys; cancel shows only while the model is asked", async () => {
  const h = await harness(() => RUNNABLE_BODY);
  for (const id of ["make-runnable", "insert-steps-skeleton", "cancel-make-runnable"]) expect(command(h, id).hotkeys).toBeUndefined();
  expect(command(h, "cancel-make-runnable").checkCallback?.(true)).toBe(false);
});

it("shows the model's runnable version as a diff with progress, and applies it as version 2 with 'Made runnable' in the Changelog", async () => {
  const h = await harness(() => ({ text: RUNNABLE_BODY, chunk: 100 }));
  run(h, "make-runnable");
  const modal = await until(() => h.modals[0], "the diff modal");

  const request = h.layer.model.requests.find(isRunnableRequest)!;
  expect(request.messages[1].content).toContain("First create a new key in the console");
  expect(request.messages[1].content).not.toContain("owner: ops");
  expect(request.signal).toBeDefined();
  expect(h.progress.at(-1)).toMatch(/^Asking the model to make "Rotate the API key" runnable… [\d,]+ characters so far\.Cancel$/);
  expect(modal.titleEl.textContent).toBe('Make "Rotate the API key" runnable');
  expect(modal.contentEl.textContent).toContain("Version 1 → 2");
  expect(modal.contentEl.querySelector(".sop-diff-changelog")?.textContent).toBe(`Changelog: - ${isoDate(new Date())} — v2: Made runnable`);
  const added = [...modal.contentEl.querySelectorAll(".sop-diff-added")].map((el) => el.textContent);
  expect(added).toEqual(expect.arrayContaining(["+## Steps", "+1. Create a new key in the console and store it in the vault."]));
  expect(await read(h)).toBe(RUNBOOK);

  buttonOf(modal, "Apply selected").click();
  await until(() => h.notices.find((n) => n.includes("is now runnable")), "the applied notice");
  expect(h.notices.at(-1)).toBe('"Rotate the API key" is now runnable: version 2, recorded in its Changelog.');
  const after = await read(h);
  expect(obsidianYaml.parse(splitFrontmatter(after).yaml ?? "")).toEqual({ tags: ["sop"], owner: "ops", sop_version: 2 });
  expect(splitFrontmatter(after).body).toBe(`${RUNNABLE_BODY}\n## Changelog\n\n- ${isoDate(new Date())} — v2: Made runnable\n`);
  const parsed = parseProcedure(after, { name: "Rotate the API key", yaml: obsidianYaml });
  expect(parsed.ok && parsed.procedure.steps).toHaveLength(3);
});

it("says to tag the note when it is not an SOP yet, with a model and with the skeleton", async () => {
  const h = await harness(() => RUNNABLE_BODY);
  const untagged = RUNBOOK.replace("tags: [sop]\n", "");
  await h.app.vault.modify(h.file, untagged);
  run(h, "make-runnable");
  const modal = await until(() => h.modals[0], "the diff modal");
  buttonOf(modal, "Apply selected").click();
  await until(() => h.notices.find((n) => n.includes("is now runnable")), "the applied notice");
  expect(h.notices.at(-1)).toBe('"Rotate the API key" is now runnable: version 2, recorded in its Changelog. Tag it #sop to run it.');
  await h.app.vault.modify(h.file, untagged);
  run(h, "insert-steps-skeleton");
  await until(() => h.notices.find((n) => n.includes('Added a "## Steps" list')), "the skeleton notice");
  expect(h.notices.at(-1)).toMatch(/edit the steps, then run it\. Tag it #sop to run it\.$/);
});

it("refuses a proposal that does not parse, saying why, and changes nothing", async () => {
  const h = await harness(() => "# Rotate the API key\n\nCreate a key, deploy it, revoke the old one. See [[Key policy]].\n");
  run(h, "make-runnable");
  const notice = await until(() => h.notices.find((n) => n.includes("runnable version")), "the refusal");
  expect(notice).toMatch(/^The model's runnable version of "Rotate the API key" has no procedure the parser can read, so nothing was changed\. No procedure found/);
  expect(h.modals).toHaveLength(0);
  expect(await read(h)).toBe(RUNBOOK);
});

it("refuses a proposal that drops a link, naming it", async () => {
  const h = await harness(() => RUNNABLE_BODY.replace("[[Key policy]]", "the key policy"));
  run(h, "make-runnable");
  const notice = await until(() => h.notices.find((n) => n.includes("runnable version")), "the refusal");
  expect(notice).toContain('drops the link "[[Key policy]]", so nothing was changed');
  expect(await read(h)).toBe(RUNBOOK);
});

it("does not overwrite the note when the person edited it while the diff was open", async () => {
  const h = await harness(() => RUNNABLE_BODY);
  run(h, "make-runnable");
  const modal = await until(() => h.modals[0], "the diff modal");
  const edited = RUNBOOK.replace("Keys older", "Checked 2026-12-04. Keys older");
  await h.app.vault.modify(h.file, edited);
  buttonOf(modal, "Apply selected").click();
  await until(() => h.notices.find((n) => n.includes("was edited while")), "the refusal");
  expect(await read(h)).toBe(edited);
});

it("cancels the model's answer from the palette: the note is unchanged and no diff opens", async () => {
  const h = await harness(() => ({ text: RUNNABLE_BODY, chunk: 20, delayMs: 5 }));
  run(h, "make-runnable");
  await until(() => h.progress.some((p) => p.includes("characters so far")), "the progress");
  run(h, "cancel-make-runnable");
  await until(() => h.notices.find((n) => n.startsWith("Cancelled")), "the cancelled notice");
  expect(h.notices.at(-1)).toBe('Cancelled: "Rotate the API key" is unchanged.');
  expect(command(h, "cancel-make-runnable").checkCallback?.(true)).toBe(false);
  expect(h.modals).toHaveLength(0);
  expect(await read(h)).toBe(RUNBOOK);
});

it("cancels from the progress notice's Cancel button", async () => {
  const h = await harness(() => ({ text: RUNNABLE_BODY, chunk: 20, delayMs: 5 }));
  run(h, "make-runnable");
  const message = await until(() => h.lastMessage(), "the progress");
  const cancel = [...message.querySelectorAll("button")].find((b) => b.textContent === "Cancel");
  cancel?.click();
  await until(() => h.notices.find((n) => n.startsWith("Cancelled")), "the cancelled notice");
  expect(h.modals).toHaveLength(0);
  expect(await read(h)).toBe(RUNBOOK);
});

it("'Insert a steps skeleton' stays reachable with a model: it inserts the skeleton and asks no model", async () => {
  const h = await harness(() => RUNNABLE_BODY);
  run(h, "insert-steps-skeleton");
  await until(() => h.notices.find((n) => n.includes('Added a "## Steps" list')), "the confirmation");
  expect(h.layer.model.requests.filter(isRunnableRequest)).toHaveLength(0);
  expect(await read(h)).toMatch(/^---\ntags: \[sop\]\nowner: ops\n---\n[\s\S]*Keys older than 90 days are flagged\.\n\n## Steps\n\n1\. /);
  expect((await read(h)).startsWith(RUNBOOK.trimEnd())).toBe(true);
});
