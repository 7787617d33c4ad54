/** @jest-environment jsdom */
// The run view driven as a person would: it opens beside a run at a gate, approves, revises, and switches runs.
import { EXAMPLE_PROJECT, EXAMPLE_SOP } from "../support/example-vault-files";
import { TextPromptModal } from "../../src/obsidian/ui/text-prompt-modal";
import { VIEW_TYPE_RUN } from "../../src/obsidian/ui/run-view";
import { button, gateAt, lastOpened, loadPlugin, openView, read, texts, until } from "../support/obsidian-run-view";
import type { ViewHarness } from "../support/obsidian-run-view";
import type { RunView } from "../../src/obsidian/ui/run-view";
import { stepOf } from "../support/scripted-model";

afterEach(() => jest.restoreAllMocks());

const GATE_BUTTONS = ["Approve and continue", "Revise with feedback…", "Retry", "Skip…"];

async function startAtGate(h: ViewHarness): Promise<string> {
  const runPath = await h.plugin.runs!.start({ sopPath: EXAMPLE_SOP, projectPath: EXAMPLE_PROJECT, cue: "New IT hires." });
  if (!runPath) throw new Error(`The run did not start: ${h.notices.join(" | ")}`);
  await gateAt(h, 1);
  return runPath;
}

function stepBadges(view: RunView): string[] {
  return texts(view, ".sop-run-view-step .sop-run-view-badge");
}

function noInlineStyles(view: RunView): void {
  expect(view.containerEl.querySelectorAll("[style]")).toHaveLength(0);
}

it("opens in a leaf found by its type and says so when there is no run", async () => {
  const h = await loadPlugin();
  const view = await openView(h);
  expect(view.getViewType()).toBe(VIEW_TYPE_RUN);
  expect(h.app.workspace.getLeavesOfType(VIEW_TYPE_RUN)).toHaveLength(1);
  expect(view.contentEl.textContent).toContain("No run yet.");
  for (const text of [...GATE_BUTTONS, "Cancel run"]) expect(button(view, text).disabled).toBe(true);
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
  expect(header.querySelector("h4")?.textContent).toBe("Drafting internal product docs");
  const links = [...header.querySelectorAll("a.internal-link")].map((a) => a.getAttribute("data-href"));
  expect(links).toEqual([EXAMPLE_SOP, EXAMPLE_PROJECT, runPath]);
  expect(header.textContent).toContain("waiting for you");
  expect(header.textContent).toContain("Step 1 of 5");
  const progress = header.querySelector("progress")!;
  expect([progress.getAttribute("value"), progress.getAttribute("max")]).toEqual(["0", "5"]);
  expect(header.querySelector(".sop-run-view-usage")?.textContent).toMatch(/^[1-9][\d,]* tokens · \$0\.00$/);

  expect(texts(view, ".sop-run-view-step-title")).toHaveLength(5);
  expect(stepBadges(view)).toEqual(["waiting for you", "not started", "not started", "not started", "not started"]);
  expect(view.contentEl.querySelector(".sop-run-view-step.is-current .sop-run-view-step-number")?.textContent).toBe("1");
  const waypoint = h.plugin.runs!.snapshot(runPath)!.gate!.waypointPath;
  expect(view.contentEl.querySelector(".sop-run-view-step-link")?.getAttribute("data-href")).toBe(waypoint);
  expect(view.contentEl.querySelector(".sop-run-view-output")?.textContent).toContain("Output of step 1, call 1.");
  for (const text of [...GATE_BUTTONS, "Cancel run"]) expect(button(view, text).disabled).toBe(false);
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

it("revises through the button's modal: the feedback reaches the model and the timeline counts the kept revision", async () => {
  const h = await loadPlugin();
  await startAtGate(h);
  const view = await openView(h);
  button(view, "Revise with feedback…").click();
  const modal = await lastOpened(h, TextPromptModal);
  expect(modal.titleEl.textContent).toBe("Revise this step");
  modal.textArea.value = "Name the access policy.";
  modal.submit();
  await until(() => h.layer.model.requests.length === 2, "the revision's model call");
  await gateAt(h, 1);
  expect(h.layer.model.requests[1].messages.map((m) => m.content).join("\n")).toContain("Name the access policy.");
  await until(() => texts(view, ".sop-run-view-step-revisions")[0] === "revision 2, 1 kept", "the timeline to count the revision");
  await until(() => view.contentEl.querySelector(".sop-run-view-output")?.textContent?.includes("Output of step 1, call 2."), "the revised output");
});

it("disables the gate buttons after cancelling, and the picker switches between runs", async () => {
  const h = await loadPlugin();
  const first = await startAtGate(h);
  const view = await openView(h);
  const second = await h.plugin.runs!.start({ sopPath: EXAMPLE_SOP, projectPath: null, cue: "" });
  expect(second).not.toBeNull();
  await gateAt(h, 1, second!);
  await until(() => view.contentEl.querySelectorAll(".sop-run-view-header a.internal-link").length === 2, "the view to follow the second run (no project)");

  const picker = view.contentEl.querySelector("select")!;
  await until(() => picker.options.length === 3, "both runs in the picker");
  expect([...picker.options].map((o) => o.value)).toEqual(expect.arrayContaining(["", first, second]));
  picker.value = first;
  picker.dispatchEvent(new Event("change"));
  await until(() => view.contentEl.querySelectorAll(".sop-run-view-header a.internal-link").length === 3, "the first run (with its project)");
  expect(view.shownRun()).toBe(first);
  expect([...view.contentEl.querySelectorAll(".sop-run-view-header a.internal-link")].map((a) => a.getAttribute("data-href"))[2]).toBe(first);

  button(view, "Cancel run").click();
  await until(() => h.plugin.runs!.snapshot(first)?.status === "cancelled", "the first run to be cancelled");
  await until(() => view.contentEl.querySelector(".sop-run-view-header .sop-run-view-badge")?.textContent === "cancelled", "the header to say cancelled");
  expect(await read(h, first)).toMatch(/run_status: cancelled/);
  for (const text of [...GATE_BUTTONS, "Cancel run"]) expect(button(view, text).disabled).toBe(true);
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
            approveDuringStream = button(view, "Approve and continue").disabled;
          },
        },
  );
  await startAtGate(h);
  view = await openView(h);
    const before = h.renders.mock.calls.length;
  const started = Date.now();
  button(view, "Retry").click();
  await until(() => h.layer.model.requests.length === 2, "the retry's model call");
  await gateAt(h, 1);
  await until(() => view.contentEl.querySelector(".sop-run-view-output")?.textContent?.includes("word39"), "the whole streamed text");
  const elapsed = Date.now() - started;
  expect(midStream).toContain("word20");
  expect(midStream).not.toContain("word39");
  expect(approveDuringStream).toBe(true);
  expect(view.contentEl.textContent).toContain("This step waits for you");
  // Partial texts are what the throttle renders while deltas arrive; full redraws (step events, gate) come on top.
  const calls = h.renders.mock.calls.slice(before).map((call) => String(call[1]));
  const partial = calls.filter((text) => text.includes("word0") && !text.includes("word39"));
  expect(partial.length).toBeGreaterThan(0);
  expect(partial.length).toBeLessThanOrEqual(Math.ceil(elapsed / 250) + 1);
  expect(calls.length).toBeLessThan(words.length / 2);
});

it("shows what will be sent for the next step when the section is opened: included notes, token estimate, messages", async () => {
  const h = await loadPlugin();
  await startAtGate(h);
  const view = await openView(h);
  const details = view.contentEl.querySelector<HTMLDetailsElement>("details.sop-run-view-preview")!;
  expect(details.querySelector("summary")?.textContent).toBe("What will be sent");
  details.open = true;
  details.dispatchEvent(new Event("toggle"));
  await until(() => details.querySelector(".sop-run-view-preview-summary"), "the preview");
  expect(details.querySelector(".sop-run-view-preview-summary")?.textContent).toMatch(/^Step 1: Identify the target audience and their common questions\. Model: llama3\.2\. About [1-9][\d,]* tokens\.$/);
  const notes = [...details.querySelectorAll(".sop-run-view-preview-notes li")].map((li) => li.textContent ?? "");
  expect(notes.some((n) => /^Drafting internal product docs \(sop, [\d,]+ characters/.test(n))).toBe(true);
  expect(notes.some((n) => /^Identity platform guide \(project, [\d,]+ characters/.test(n))).toBe(true);
  const messages = [...details.querySelectorAll("details.sop-run-view-preview-message")];
  expect(messages.map((m) => m.querySelector("summary")?.textContent?.split(" ")[0])).toEqual(expect.arrayContaining(["system", "user"]));
  expect(messages.map((m) => m.querySelector("pre")?.textContent ?? "").join("\n")).toContain("# Current step: 1");
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
  expect(button(view, "Approve and continue").disabled).toBe(true);
  expect(button(view, "Resume").disabled).toBe(false);
  button(view, "Resume").click();
  await gateAt(h, 1, runPath);
  await until(() => view.contentEl.querySelector(".sop-run-view-output")?.textContent?.includes("Output of step 1, call 2."), "the resumed step's output");
  expect(button(view, "Resume").disabled).toBe(true);
  expect(button(view, "Approve and continue").disabled).toBe(false);
});
