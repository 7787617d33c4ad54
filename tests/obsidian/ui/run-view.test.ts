/** @jest-environment jsdom */
// The run view driven as a person would: it opens beside a run at a gate, approves, revises, and switches runs.
import { EXAMPLE_PROJECT, EXAMPLE_SOP } from "../../support/example-vault-files";
import { TextPromptModal } from "../../../src/obsidian/ui/text-prompt-modal";
import { VIEW_TYPE_RUN } from "../../../src/obsidian/ui/run-view";
import { button, gateAt, lastOpened, loadPlugin, menuItem, openView, read, texts, until } from "../../support/obsidian-run-view";
import { ConfirmModal } from "../../../src/obsidian/ui/confirm-modal";
import { PromptPreviewModal } from "../../../src/obsidian/ui/prompt-preview-modal";
import type { ViewHarness } from "../../support/obsidian-run-view";
import type { RunView } from "../../../src/obsidian/ui/run-view";
import { stepOf } from "../../support/scripted-model";

afterEach(() => jest.restoreAllMocks());

const GATE_BUTTONS = ["Approve and continue", "Revise with feedback", "Retry the step", "Skip the step"];

async function startAtGate(h: ViewHarness): Promise<string> {
  const runPath = await h.plugin.runs!.start({ sopPath: EXAMPLE_SOP, projectPath: EXAMPLE_PROJECT, cue: "New IT hires." });
  if (!runPath) throw new Error(`The run did not start: ${h.notices.join(" | ")}`);
  await gateAt(h, 1);
  return runPath;
}

/** Each step line's status, as its icon's label reads. */
function stepBadges(view: RunView): string[] {
  return [...view.contentEl.querySelectorAll(".sop-run-view-step-icon")].map((el) => el.getAttribute("aria-label") ?? "");
}

function noInlineStyles(view: RunView): void {
  expect(view.containerEl.querySelectorAll("[style]")).toHaveLength(0);
}

it("opens in a leaf found by its type and says so when there is no run", async () => {
  const h = await loadPlugin();
  const view = await openView(h);
  expect(view.getViewType()).toBe(VIEW_TYPE_RUN);
  expect(h.app.workspace.getLeavesOfType(VIEW_TYPE_RUN)).toHaveLength(1);
  expect(view.contentEl.textContent).toContain("No run yet — run an SOP from the palette: Run an SOP…");
  expect(button(view, "Run an SOP…").disabled).toBe(false);
  for (const text of GATE_BUTTONS) expect(button(view, text).disabled).toBe(true);
  expect(menuItem(view, "Cancel run…").disabled__).toBe(true);
  await mockCommand(h, "open-run-view");
  expect(h.app.workspace.getLeavesOfType(VIEW_TYPE_RUN)).toHaveLength(1);
  const check = (h.plugin as unknown as { commands__: Map<string, { checkCallback?: (checking: boolean) => boolean | void }> }).commands__.get("check-with-role");
  expect(check?.checkCallback?.(true)).toBe(false);
  noInlineStyles(view);
});

async function mockCommand(h: ViewHarness, id: string): Promise<void> {
  await (h.plugin as unknown as { commands__: Map<string, { callback?: () => unknown }> }).commands__.get(id)?.callback?.();
}

it("shows the header, the timeline, the output and live gate buttons for a run waiting at a gate; Approve advances it", async () => {
  const h = await loadPlugin();
  const runPath = await startAtGate(h);
  const view = await openView(h);

  const header = view.contentEl.querySelector(".sop-run-view-header")!;
  expect(header.querySelector(".sop-run-view-title")?.textContent).toBe("Drafting internal product docs");
  const links = [...header.querySelectorAll("[data-href]")].map((a) => a.getAttribute("data-href"));
  expect(links).toEqual([EXAMPLE_SOP, runPath, EXAMPLE_PROJECT]);
  expect(header.textContent).toContain("waiting for you");
  expect(header.textContent).toContain("Step 1 of 5");
  const progress = header.querySelector("progress")!;
  expect([progress.getAttribute("value"), progress.getAttribute("max")]).toEqual(["0", "5"]);
  expect(header.querySelector(".sop-run-view-usage")?.textContent).toBe("$0.00");
  expect(header.querySelector(".sop-run-view-usage")?.getAttribute("aria-label")).toMatch(/^[1-9][\d,]* tokens$/);
  expect(header.querySelector(".sop-run-view-elapsed")?.textContent).toMatch(/^\d+s$/);

  expect(texts(view, ".sop-run-view-step-title")).toHaveLength(5);
  expect(stepBadges(view)).toEqual(["waiting for you", "not started", "not started", "not started", "not started"]);
  expect(view.contentEl.querySelector(".sop-run-view-step.is-current .sop-run-view-step-number")?.textContent).toBe("1");
  const waypoint = h.plugin.runs!.snapshot(runPath)!.gate!.waypointPath;
  expect(view.contentEl.querySelector(".sop-run-view-step-link")?.getAttribute("data-href")).toBe(waypoint);
  expect(view.contentEl.querySelector(".sop-run-view-output")?.textContent).toContain("Output of step 1, call 1.");
  for (const text of GATE_BUTTONS) expect(button(view, text).disabled).toBe(false);
  expect(menuItem(view, "Cancel run…").disabled__).toBe(false);
  noInlineStyles(view);

  button(view, "Approve and continue").click();
  await gateAt(h, 2);
  await until(() => stepBadges(view)[1] === "waiting for you", "the timeline to show step 2 at its gate");
  expect(stepBadges(view).slice(0, 2)).toEqual(["approved", "waiting for you"]);
  expect(await read(h, waypoint)).toMatch(/waypoint_status: approved/);
  expect(view.contentEl.querySelector(".sop-run-view-header")?.textContent).toContain("Step 2 of 5");
  expect(view.contentEl.querySelector(".sop-run-view-header progress")?.getAttribute("value")).toBe("1");
  await until(() => view.contentEl.querySelector(".sop-run-view-output")?.textContent?.includes("Output of step 2, call 2."), "the output of step 2");
  noInlineStyles(view);
});

it("revises through the inline box: empty feedback is refused, the feedback reaches the model and the steps count the revision", async () => {
  const h = await loadPlugin();
  await startAtGate(h);
  const view = await openView(h);
  button(view, "Revise with feedback").click();
  const box = view.contentEl.querySelector(".sop-run-view-ask")!;
  expect(box.hasClass("is-hidden")).toBe(false);
  expect(h.opened.some((m) => m instanceof TextPromptModal)).toBe(false);
  button(view, "Revise", box as HTMLElement).click();
  expect(box.querySelector(".sop-run-view-error")?.textContent).toBe("A revision needs feedback.");
  expect(h.layer.model.requests).toHaveLength(1);
  box.querySelector("textarea")!.value = "Name the access policy.";
  button(view, "Revise", box as HTMLElement).click();
  await until(() => h.layer.model.requests.length === 2, "the revision's model call");
  await gateAt(h, 1);
  expect(h.layer.model.requests[1].messages.map((m) => m.content).join("\n")).toContain("Name the access policy.");
  await until(() => view.contentEl.querySelector(".sop-run-view-step-revisions")?.getAttribute("aria-label") === "Revision 2", "the steps to count the revision");
  expect(texts(view, ".sop-run-view-step-details")[0]).toContain("Revision 2 · 1 kept");
  await until(() => view.contentEl.querySelector(".sop-run-view-output")?.textContent?.includes("Output of step 1, call 2."), "the revised output");
  expect(view.contentEl.querySelector(".sop-run-view-output-revision")?.textContent).toBe("Revision 2");
  button(view, "What changed since Revision 1").click();
  await until(() => view.contentEl.querySelector(".sop-run-view-diff"), "the revision diff");
  expect(texts(view, ".sop-run-view-diff ins").join("")).toContain("2");
  expect(texts(view, ".sop-run-view-diff del").join("")).toContain("1");
});

it("disables the gate buttons after cancelling, and the picker switches between runs", async () => {
  const h = await loadPlugin();
  const first = await startAtGate(h);
  const view = await openView(h);
  const second = await h.plugin.runs!.start({ sopPath: EXAMPLE_SOP, projectPath: null, cue: "" });
  expect(second).not.toBeNull();
  await gateAt(h, 1, second!);
  await until(() => view.contentEl.querySelectorAll(".sop-run-view-header [data-href]").length === 2, "the view to follow the second run (no project)");

  const picker = view.contentEl.querySelector("select")!;
  await until(() => picker.options.length === 3, "both runs in the picker");
  expect([...picker.options].map((o) => o.value)).toEqual(expect.arrayContaining(["", first, second]));
  picker.value = first;
  picker.dispatchEvent(new Event("change"));
  await until(() => view.contentEl.querySelectorAll(".sop-run-view-header [data-href]").length === 3, "the first run (with its project)");
  expect(view.shownRun()).toBe(first);
  expect([...view.contentEl.querySelectorAll(".sop-run-view-header [data-href]")].map((a) => a.getAttribute("data-href"))[1]).toBe(first);

  void menuItem(view, "Cancel run…").onClick__?.(new MouseEvent("click"));
  const confirm = await lastOpened(h, ConfirmModal);
  expect(await read(h, first)).toMatch(/run_status: awaiting-review/);
  button(view, "Cancel run", confirm.contentEl).click();
  await until(() => h.plugin.runs!.snapshot(first)?.status === "cancelled", "the first run to be cancelled");
  await until(() => view.contentEl.querySelector(".sop-run-view-header .sop-run-view-badge")?.textContent === "cancelled", "the header to say cancelled");
  expect(await read(h, first)).toMatch(/run_status: cancelled/);
  for (const text of GATE_BUTTONS) expect(button(view, text).disabled).toBe(true);
  expect(menuItem(view, "Cancel run…").disabled__).toBe(true);
  expect(await read(h, second!)).toMatch(/run_status: awaiting-review/);
  noInlineStyles(view);
});

it("shows the output live while a step streams, re-rendering at most four times a second", async () => {
  const words = Array.from({ length: 40 }, (_, i) => `word${i} `);
  let midStream = "";
  let approveDuringStream: boolean | null = null;
  let view: RunView | null = null;
  const h = await loadPlugin((request, call) =>
    call === 0
      ? `Output of step ${stepOf(request)}.`
      : { deltas: words, delayMs: 10, afterDelta: (i) => {
            if (i !== 30 || !view) return;
            midStream = view.contentEl.querySelector(".sop-run-view-output")?.textContent ?? "";
            approveDuringStream = button(view, "Revise with feedback").disabled && view.contentEl.querySelector(".sop-run-view-primary")?.textContent === "Stop generating";
          },
        },
  );
  await startAtGate(h);
  view = await openView(h);
    const before = h.renders.mock.calls.length;
  const started = Date.now();
  button(view, "Retry the step").click();
  await until(() => h.layer.model.requests.length === 2, "the retry's model call");
  await gateAt(h, 1);
  await until(() => view.contentEl.querySelector(".sop-run-view-output")?.textContent?.includes("word39"), "the whole streamed text");
  const elapsed = Date.now() - started;
  // Mid-stream (delta 30 of 40) the view shows the text so far, not the whole answer.
  expect(midStream).toContain("word0");
  expect(midStream).not.toContain("word39");
  expect(approveDuringStream).toBe(true);
  expect(view.contentEl.textContent).toContain("Your review: read the step output");
  // Partial texts are what the throttle renders while deltas arrive; full redraws (step events, gate) come on top.
  const calls = h.renders.mock.calls.slice(before).map((call) => String(call[1]));
  const partial = calls.filter((text) => text.includes("word0") && !text.includes("word39"));
  expect(partial.length).toBeGreaterThan(0);
  expect(partial.length).toBeLessThanOrEqual(Math.ceil(elapsed / 250) + 1);
  expect(calls.length).toBeLessThan(words.length / 2);
});

it("previews what will be sent for the next step from the ⋯ menu: included notes, token estimate, messages", async () => {
  const h = await loadPlugin();
  await startAtGate(h);
  const view = await openView(h);
  void menuItem(view, "Preview prompt").onClick__?.(new MouseEvent("click"));
  const preview = await lastOpened(h, PromptPreviewModal);
  expect(preview.titleEl.textContent).toBe("Prompt for step 1: Identify the target audience and their common questions");
  expect(preview.contentEl.textContent).toMatch(/Model: llama3\.2\. About [1-9][\d,]* tokens\./);
  expect(preview.contentEl.textContent).toContain("# Current step: 1");
});

it("opens the notes its links name and stops listening once closed", async () => {
  const h = await loadPlugin();
  await startAtGate(h);
  const view = await openView(h);
  const sopLink = view.contentEl.querySelector<HTMLElement>(`.sop-run-view-header a[data-href="${EXAMPLE_SOP}"]`)!;
  sopLink.click();
  await until(() => h.app.workspace.getActiveFile()?.path === EXAMPLE_SOP, "the SOP to open");
  view.unload();
  await view.onClose();
  expect(view.contentEl.childElementCount).toBe(0);
  await h.plugin.runs!.refresh(h.plugin.runs!.activeRun()!);
  expect(view.contentEl.childElementCount).toBe(0);
});

it("offers Resume for a paused run; resuming runs the step to its gate", async () => {
  let h: ViewHarness | null = null;
  h = await loadPlugin((request, call) =>
    call === 0 ? { deltas: ["Partial ", "answer ", "never finished."], delayMs: 5, afterDelta: (i) => void (i === 0 && h?.plugin.runs?.stopAll()) } : `Output of step ${stepOf(request)}, call ${call + 1}.`,
  );
  const started = h.plugin.runs!.start({ sopPath: EXAMPLE_SOP, projectPath: null, cue: "" });
  const runPath = (await started)!;
  await until(() => h.plugin.runs!.snapshot(runPath)?.status === "paused" && !h.plugin.runs!.isAdvancing(runPath), "the paused run");
  const view = await openView(h);
  expect(view.contentEl.querySelector(".sop-run-view-header .sop-run-view-badge")?.textContent).toBe("paused");
  expect(button(view, "Revise with feedback").disabled).toBe(true);
  expect(button(view, "Resume").disabled).toBe(false);
  button(view, "Resume").click();
  await gateAt(h, 1, runPath);
  await until(() => view.contentEl.querySelector(".sop-run-view-output")?.textContent?.includes("Output of step 1, call 2."), "the resumed step's output");
  await until(() => button(view, "Approve and continue").disabled === false, "the primary action to become Approve");
  expect(view.contentEl.querySelector(".sop-run-view-primary")?.textContent).toBe("Approve and continue");
});

it("a run of a model without a price shows 'cost unknown'; under a run budget, Resume asks first and runs only on 'Run anyway'", async () => {
  let h: ViewHarness | null = null;
  h = await loadPlugin((request, call) =>
    call === 0 ? { deltas: ["Partial ", "answer ", "never finished."], delayMs: 5, afterDelta: (i) => void (i === 0 && h?.plugin.runs?.stopAll()) } : `Output of step ${stepOf(request)}, call ${call + 1}.`,
  );
  h.plugin.settings.defaultModel = "mystery-7b";
  const runPath = (await h.plugin.runs!.start({ sopPath: EXAMPLE_SOP, projectPath: null, cue: "" }))!;
  await until(() => h.plugin.runs!.snapshot(runPath)?.status === "paused" && !h.plugin.runs!.isAdvancing(runPath), "the paused run");
  h.plugin.settings.budgetUsd = 0.5;
  const view = await openView(h);
  button(view, "Resume").click();
  const question = await lastOpened(h, ConfirmModal);
  expect(question.contentEl.textContent).toContain('No price is known for model "mystery-7b", so the run budget cannot stop the run.');
  expect(h.layer.model.requests).toHaveLength(1);
  [...question.contentEl.querySelectorAll("button")].find((b) => b.textContent === "Run anyway")!.click();
  await gateAt(h, 1, runPath);
  expect(h.layer.model.requests).toHaveLength(2);
  await until(() => view.contentEl.querySelector(".sop-run-view-usage")?.textContent === "cost unknown", "the cost shown as unknown");
});
