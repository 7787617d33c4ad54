/** @jest-environment jsdom */
// A whole run driven from the command palette on an in-memory copy of the example vault, with a scripted model.
import type { App as ObsidianApp, Command, TFile } from "obsidian";
import { Workspace } from "obsidian-test-mocks/obsidian";
import type { ModelRequest } from "../../../src/core/ports";
import SopRuntimePlugin from "../../../src/obsidian/plugin";
import { RUN_COMMAND_IDS } from "../../../src/obsidian/commands/run";
import { ProjectPickerModal } from "../../../src/obsidian/ui/note-picker-modal";
import { RunPickerModal } from "../../../src/obsidian/ui/run-picker-modal";
import { SopPickerModal } from "../../../src/obsidian/ui/sop-picker-modal";
import { TextPromptModal } from "../../../src/obsidian/ui/text-prompt-modal";
import { PromptPreviewModal } from "../../../src/obsidian/ui/prompt-preview-modal";
import { ConfirmModal } from "../../../src/obsidian/ui/confirm-modal";
import { StepPickerModal } from "../../../src/obsidian/ui/step-picker-modal";
import { FakeModelLayer } from "../../support/fake-model-layer";
import { EXAMPLE_PROJECT, EXAMPLE_SOP, exampleVaultFiles } from "../../support/example-vault-files";
import { createMockApp } from "../../support/obsidian-mock-app";
import { stepOf } from "../../support/scripted-model";
import { until } from "../../support/until";
import { mockOf, newPlugin } from "../../support/plugin-harness";
import { logNotePath } from "../../../src/core/run/note-names";


interface Harness {
  app: ObsidianApp;
  plugin: SopRuntimePlugin;
  layer: FakeModelLayer;
  notices: string[];
  opened: unknown[];
}

/** Answers name their step and how many calls the model had seen, so a revision is told apart from the first answer. */
function answeringLayer(): FakeModelLayer {
  return new FakeModelLayer((request: ModelRequest, call: number) => `Output of step ${stepOf(request)}, call ${call + 1}.`);
}

async function load(app: ObsidianApp, layer: FakeModelLayer = answeringLayer()): Promise<Harness> {
  const { plugin, notices } = newPlugin(app, layer);
  await plugin.onload();
  (app.workspace as unknown as Workspace).setLayoutReady__();
  return { app, plugin, layer, notices, opened };
}

const opened: unknown[] = [];
beforeEach(() => {
  opened.length = 0;
  for (const type of [SopPickerModal, ProjectPickerModal, TextPromptModal, RunPickerModal, PromptPreviewModal, ConfirmModal, StepPickerModal]) {
    jest.spyOn(type.prototype, "open").mockImplementation(function (this: unknown) {
      opened.push(this);
    });
  }
});
afterEach(() => jest.restoreAllMocks());

function command(h: Harness, id: string): Command {
  const found = mockOf(h.plugin).commands__.get(id);
  if (!found) throw new Error(`No command "${id}"`);
  return found;
}

/** Whether the palette would list the command now. */
function available(h: Harness, id: string): boolean {
  const c = command(h, id);
  return c.checkCallback ? c.checkCallback(true) === true : true;
}

function execute(h: Harness, id: string): void {
  const c = command(h, id);
  if (c.checkCallback) {
    expect(c.checkCallback(true)).toBe(true);
    c.checkCallback(false);
  } else void c.callback?.();
}

function lastOpened<T>(type: abstract new (...args: never[]) => T): Promise<T> {
  return until(() => [...opened].reverse().find((m): m is T => m instanceof type), type.name);
}

function statusBar(h: Harness): HTMLElement {
  return mockOf(h.plugin).statusBarItems__[0];
}

async function gateAt(h: Harness, step: number): Promise<void> {
  await until(() => {
    const s = h.plugin.runs?.snapshot();
    return s?.status === "awaiting-review" && s.gate?.step === step && !h.plugin.runs?.isAdvancing();
  }, `the gate of step ${step}`);
}

async function read(h: Harness, path: string): Promise<string> {
  const file = h.app.vault.getFileByPath(path);
  if (!file) throw new Error(`No note ${path}`);
  return h.app.vault.read(file);
}

it("registers every run command with a stable id and no default hotkeys", async () => {
  const h = await load(createMockApp(exampleVaultFiles()));
  const ids = [...mockOf(h.plugin).commands__.keys()];
  expect(ids).toEqual(expect.arrayContaining([...RUN_COMMAND_IDS]));
  for (const registered of mockOf(h.plugin).commands__.values()) expect(registered.hotkeys).toBeUndefined();
  expect(statusBar(h).hasClass("is-hidden")).toBe(true);
});

it("with a run budget and a model without a price, starting asks first and starts only on 'Run anyway'", async () => {
  const h = await load(createMockApp(exampleVaultFiles()));
  Object.assign(h.plugin.settings, { defaultModel: "mystery-7b", budgetUsd: 0.5 });
  const startFromPalette = async (): Promise<ConfirmModal> => {
    execute(h, "run-sop");
    const sopPicker = await lastOpened(SopPickerModal);
    sopPicker.onChooseItem(sopPicker.getItems().find((listing) => listing.path === EXAMPLE_SOP)!);
    const projectPicker = await lastOpened(ProjectPickerModal);
    projectPicker.onChooseItem(null);
    const before = opened.length;
    (await lastOpened(TextPromptModal)).submit();
    await until(() => opened.length > before, "the question");
    return lastOpened(ConfirmModal);
  };
  const refused = await startFromPalette();
  expect(refused.contentEl.textContent).toContain('No price is known for model "mystery-7b", so the run budget cannot stop the run.');
  [...refused.contentEl.querySelectorAll("button")].find((b) => b.textContent === "Don't start")!.click();
  expect(h.plugin.runs!.activeRun()).toBeNull();
  const accepted = await startFromPalette();
  [...accepted.contentEl.querySelectorAll("button")].find((b) => b.textContent === "Run anyway")!.click();
  await gateAt(h, 1);
  expect(h.layer.model.requests).toHaveLength(1);
  expect(statusBar(h).textContent).toMatch(/ · cost unknown$/);
});

it("runs the example SOP from the palette: start, gate, revise, approve, skip with a reason, cancel", async () => {
  const h = await load(createMockApp(exampleVaultFiles()));
  for (const id of ["approve-and-continue", "revise-with-feedback", "retry-step", "skip-step", "cancel-run"]) expect(available(h, id)).toBe(false);

  execute(h, "run-sop");
  const sopPicker = await lastOpened(SopPickerModal);
  const sop = sopPicker.getItems().find((listing) => listing.path === EXAMPLE_SOP);
  expect(sop?.stepCount).toBe(5);
  sopPicker.onChooseItem(sop!);
  const projectPicker = await lastOpened(ProjectPickerModal);
  const choices = projectPicker.getItems();
  expect(projectPicker.getItemText(choices[0])).toBe("No project");
  expect(choices.map((c) => projectPicker.getItemText(c))).not.toContain(EXAMPLE_SOP);
  projectPicker.onChooseItem(choices.find((c) => c?.path === EXAMPLE_PROJECT) ?? null);
  const cue = await lastOpened(TextPromptModal);
  cue.textArea.value = "The audience is new IT hires this quarter.";
  cue.submit();

  await gateAt(h, 1);
  const runPath = h.plugin.runs!.activeRun()!;
  const first = h.plugin.runs!.snapshot()!;
  expect(h.app.workspace.getActiveFile()?.path).toBe(first.gate?.waypointPath);
  expect(await read(h, first.gate!.waypointPath)).toContain("Output of step 1, call 1.");
  expect(h.layer.model.requests[0].messages.map((m) => m.content).join("\n")).toContain("The audience is new IT hires this quarter.");
  expect(statusBar(h).hasClass("is-hidden")).toBe(false);
  expect(statusBar(h).textContent).toMatch(/^SOP: Drafting internal product docs · step 1\/5 · [1-9][\d,]* tokens · \$0\.00$/);
  for (const id of ["approve-and-continue", "revise-with-feedback", "retry-step", "skip-step", "cancel-run"]) expect(available(h, id)).toBe(true);

  execute(h, "revise-with-feedback");
  const feedback = await lastOpened(TextPromptModal);
  feedback.submit();
  expect(h.layer.model.requests).toHaveLength(1);
  feedback.textArea.value = "Name the access policy explicitly.";
  feedback.submit();
  await until(() => h.layer.model.requests.length === 2, "the revision request");
  await gateAt(h, 1);
  expect(h.layer.model.requests[1].messages.map((m) => m.content).join("\n")).toContain("Name the access policy explicitly.");
  expect(await read(h, h.plugin.runs!.snapshot()!.gate!.waypointPath)).toContain("Output of step 1, call 2.");

  execute(h, "approve-and-continue");
  await gateAt(h, 2);
  expect(statusBar(h).textContent).toContain("step 2/5");
  execute(h, "preview-prompts");
  const preview = await lastOpened(PromptPreviewModal);
  expect(preview.titleEl.textContent).toBe("Prompt for step 2: Build a topic outline focused on user workflows");
  expect(preview.contentEl.textContent).toContain("Output of step 1, call 2.");
  expect(h.app.workspace.getActiveFile()?.path).toBe(h.plugin.runs!.snapshot()!.gate?.waypointPath);

  execute(h, "skip-step");
  const reason = await lastOpened(TextPromptModal);
  reason.textArea.value = "The outline already exists in the kickoff notes.";
  reason.submit();
  await gateAt(h, 3);
  expect(await read(h, runPath)).toContain("The outline already exists in the kickoff notes.");

  statusBar(h).click();
  await until(() => h.app.workspace.getLeavesOfType("sop-run-view").length === 1, "the run view to open from the status bar");

  execute(h, "reopen-step");
  const steps = await lastOpened(StepPickerModal);
  expect(steps.getItems().map((s) => `${s.index} ${s.status}`)).toEqual(["1 approved", "2 skipped"]);
  steps.onChooseItem(steps.getItems()[0]);
  await gateAt(h, 1);
  expect(await read(h, logNotePath(runPath))).toContain("Step 1 reopened");

  execute(h, "cancel-run");
  const confirm = await lastOpened(ConfirmModal);
  expect(confirm.titleEl.textContent).toBe("Cancel this run?");
  [...confirm.contentEl.querySelectorAll("button")].find((b) => b.textContent === "Keep the run")!.click();
  expect(h.plugin.runs?.snapshot()?.status).toBe("awaiting-review");
  execute(h, "cancel-run");
  const again = await lastOpened(ConfirmModal);
  expect(again).not.toBe(confirm);
  [...again.contentEl.querySelectorAll("button")].find((b) => b.textContent === "Cancel run")!.click();
  await until(() => h.plugin.runs?.snapshot()?.status === "cancelled", "the cancelled run");
  expect(await read(h, runPath)).toMatch(/run_status: cancelled/);
  expect(statusBar(h).textContent).toContain("cancelled");
  for (const id of ["approve-and-continue", "skip-step", "cancel-run", "reopen-step", "stop-generating"]) expect(available(h, id)).toBe(false);
  expect(h.notices).toContain("Run cancelled.");
  expect(h.notices.filter((n) => n !== "Run cancelled.")).toEqual([]);
});

it("resumes a run whose app closed mid-step: the interrupted step runs again", async () => {
  const app = createMockApp(exampleVaultFiles());
  const hung = new FakeModelLayer();
  // The first app's model never answers: Obsidian is "closed" while the step streams.
  hung.model.complete = (_request, onDelta) => {
    onDelta?.("Half an ans");
    return new Promise(() => undefined);
  };
  const closed = await load(app, hung);
  const sopFile = app.vault.getFileByPath(EXAMPLE_SOP) as TFile;
  await app.workspace.getLeaf(false).openFile(sopFile);
  execute(closed, "run-this-sop");
  (await lastOpened(ProjectPickerModal)).onChooseItem(null);
  (await lastOpened(TextPromptModal)).submit();
  const runPath = await until(() => closed.plugin.runs?.activeRun(), "the started run");
  await until(() => closed.plugin.runs?.isAdvancing(runPath), "the step to stream");
  expect(await read(closed, runPath)).toMatch(/run_status: running/);

  // A new plugin instance over the same vault stands for Obsidian opened again.
  const reopened = await load(app);
  execute(reopened, "resume-run");
  const picker = await lastOpened(RunPickerModal);
  expect(picker.getItems().map((run) => run.run)).toEqual([runPath]);
  picker.onChooseItem(picker.getItems()[0]);
  await gateAt(reopened, 1);
  expect(await read(reopened, reopened.plugin.runs!.snapshot()!.gate!.waypointPath)).toContain("Output of step 1");
  expect(reopened.layer.model.requests).toHaveLength(1);
});

it("previews the next step's prompt of the active run without sending anything", async () => {
  const h = await load(createMockApp(exampleVaultFiles()));
  execute(h, "preview-prompts");
  const picker = await lastOpened(SopPickerModal);
  picker.onChooseItem(picker.getItems().find((listing) => listing.path === EXAMPLE_SOP)!);
  const preview = await lastOpened(PromptPreviewModal);
  expect(preview.titleEl.textContent).toBe("Prompt for step 1: Identify the target audience and their common questions");
  expect(preview.contentEl.textContent).toContain(EXAMPLE_SOP);
  expect(preview.contentEl.textContent).toMatch(/About \d+ tokens\./);
  expect(h.layer.model.requests).toEqual([]);
});

it("tells the person in one sentence when nothing is waiting to be resumed", async () => {
  const h = await load(createMockApp(exampleVaultFiles()));
  execute(h, "resume-run");
  await until(() => h.notices.length > 0, "a notice");
  expect(h.notices).toEqual(["No run is waiting to be resumed."]);
});

it("runs an SOP on the open note as its project, and offers only SOPs in the picker", async () => {
  const h = await load(createMockApp(exampleVaultFiles()));
  await h.app.workspace.getLeaf(false).openFile(h.app.vault.getFileByPath(EXAMPLE_PROJECT)!);
  expect(available(h, "run-this-sop")).toBe(false);
  execute(h, "run-sop-on-this-note");
  const picker = await lastOpened(SopPickerModal);
  expect(picker.getItems().map((listing) => listing.path)).toEqual([EXAMPLE_SOP, "SOPs/Weekly on-call handover.md"]);
  picker.onChooseItem(picker.getItems()[0]);
  (await lastOpened(TextPromptModal)).submit();
  await gateAt(h, 1);
  const runNote = await read(h, h.plugin.runs!.activeRun()!);
  expect(runNote).toContain("Identity platform guide");
  expect(await read(h, EXAMPLE_PROJECT)).toContain(h.plugin.runs!.activeRun()!.split("/").pop()!.replace(/\.md$/, ""));
});

it("offers Resume in the notice when a step fails, and resuming runs the step again", async () => {
  const app = createMockApp(exampleVaultFiles());
  const layer = new FakeModelLayer((_request: ModelRequest, call: number) =>
    call === 0 ? { text: "Par", error: { kind: "auth", message: "The endpoint refused the API key (401)." } } : "A full answer.",
  );
  const h = await load(app, layer);
  const fragments: DocumentFragment[] = [];
  jest.spyOn(h.plugin, "notify").mockImplementation((message) => {
    if (typeof message === "string") h.notices.push(message);
    else fragments.push(message);
  });
  await h.plugin.runs!.start({ sopPath: EXAMPLE_SOP });
  expect(fragments).toHaveLength(1);
  expect(fragments[0].textContent).toContain("The endpoint refused the API key (401).");
  const resume = fragments[0].querySelector("button");
  expect(resume?.textContent).toBe("Resume");
  resume!.click();
  await gateAt(h, 1);
  expect(await read(h, h.plugin.runs!.snapshot()!.gate!.waypointPath)).toContain("A full answer.");
  expect(h.notices).toEqual([]);
});
