/** @jest-environment jsdom */
// The cockpit's fixes for issue 15 (defects 5–7): stop a generation, reopen from the view, render children unloaded, runs listed from the cache.
import { Component, MarkdownRenderer } from "obsidian-test-mocks/obsidian";
import { EXAMPLE_PROJECT, EXAMPLE_SOP } from "../../support/example-vault-files";
import { StepPickerModal } from "../../../src/obsidian/ui/step-picker-modal";
import { button, gateAt, lastOpened, loadPlugin, menuItem, openView, read, until } from "../../support/obsidian-run-view";
import type { ViewHarness } from "../../support/obsidian-run-view";
import type { RunView } from "../../../src/obsidian/ui/run-view";
import { stepOf } from "../../support/scripted-model";
import { logNotePath } from "../../../src/core/run/note-names";

afterEach(() => jest.restoreAllMocks());

const words = Array.from({ length: 60 }, (_, i) => `word${i} `);

function primary(view: RunView): string {
  return view.contentEl.querySelector(".sop-run-view-primary")?.textContent ?? "";
}

async function startAtGate(h: ViewHarness): Promise<string> {
  const runPath = await h.plugin.runs!.start({ sopPath: EXAMPLE_SOP, projectPath: EXAMPLE_PROJECT, cue: "New IT hires." });
  if (!runPath) throw new Error(`The run did not start: ${h.notices.join(" | ")}`);
  await gateAt(h, 1);
  return runPath;
}

it("Stop generating in the view stops the stream, keeps what was written and offers Resume", async () => {
  const h = await loadPlugin((request, call) => (call === 0 ? { deltas: words, delayMs: 15 } : `Output of step ${stepOf(request)}, call ${call + 1}.`));
  const view = await openView(h);
  const started = h.plugin.runs!.start({ sopPath: EXAMPLE_SOP, projectPath: null, cue: "" });
  await until(() => primary(view) === "Stop generating" && view.contentEl.querySelector(".sop-run-view-output")?.textContent?.includes("word3"), "the stream in the view");
  button(view, "Stop generating").click();
  const runPath = (await started)!;
  await until(() => primary(view) === "Resume", "Resume in place of Stop");
  expect(h.layer.model.requests[0].signal?.aborted).toBe(true);
  expect(await read(h, runPath)).toMatch(/run_status: paused/);
  const kept = await Promise.all(h.app.vault.getMarkdownFiles().filter((f) => f.path.startsWith(runPath.slice(0, runPath.lastIndexOf("/"))) && f.path !== runPath).map((f) => h.app.vault.read(f)));
  expect(kept.some((text) => text.includes("word0 word1"))).toBe(true);
  expect(kept.some((text) => text.includes("word59"))).toBe(false);
});

it("reopens an earlier step from the ⋯ menu: only settled steps are offered, and the run waits at that step again", async () => {
  const h = await loadPlugin();
  const runPath = await startAtGate(h);
  const view = await openView(h);
  button(view, "Approve and continue").click();
  await gateAt(h, 2);
  await until(() => menuItem(view, "Reopen an earlier step…").disabled__ === false, "the reopen entry to be offered");
  void menuItem(view, "Reopen an earlier step…").onClick__?.(new MouseEvent("click"));
  const picker = await lastOpened(h, StepPickerModal);
  expect(picker.getItems().map((s) => s.index)).toEqual([1]);
  picker.onChooseItem(picker.getItems()[0]);
  await gateAt(h, 1);
  await until(() => view.contentEl.querySelector(".sop-run-view-header")?.textContent?.includes("Step 1 of 5"), "the header back at step 1");
  expect(await read(h, logNotePath(runPath))).toContain("Step 1 reopened; step 2 became stale and will run again.");
});

it("renders the live output into a child component that is unloaded before the next render, so render children never pile up", async () => {
  const live = new Set<Component>();
  class RenderChild extends Component {
    override onload(): void {
      live.add(this);
    }
    override onunload(): void {
      live.delete(this);
    }
  }
  let peak = 0;
  const h = await loadPlugin((request, call) => (call === 0 ? `Output of step ${stepOf(request)}.` : { deltas: words, delayMs: 12, afterDelta: () => void (peak = Math.max(peak, live.size)) }));
  jest.spyOn(MarkdownRenderer, "render").mockImplementation(async (_app, markdown: string, el: HTMLElement, _path: string, component) => {
    el.setText(markdown);
    component.addChild(new RenderChild());
    await Promise.resolve();
  });
  await startAtGate(h);
  const view = await openView(h);
  const before = h.renders.mock.calls.length;
  button(view, "Retry the step").click();
  await until(() => h.layer.model.requests.length === 2, "the retry's model call");
  await gateAt(h, 1);
  await until(() => view.contentEl.querySelector(".sop-run-view-output")?.textContent?.includes("word59"), "the whole streamed text");
  expect(h.renders.mock.calls.length - before).toBeGreaterThan(3);
  expect(peak).toBeLessThanOrEqual(2);
  // A redraw may still be in flight (its child loaded, its render pending); once it settles, one child is left.
  await until(() => live.size === 1, "the render children to settle at one");
  view.unload();
  expect(live.size).toBe(0);
});

it("lists runs from the metadata cache: focusing the picker reads no note, and a run note written elsewhere appears by itself", async () => {
  const h = await loadPlugin();
  const runPath = await startAtGate(h);
  const view = await openView(h);
  const picker = view.contentEl.querySelector("select")!;
  await until(() => [...picker.options].some((o) => o.value === runPath), "the run in the picker");
  const copy = runPath.replace(/\.md$/, " (copy).md");
  const copyText = (await read(h, runPath)).replace(/run_status: \S+/, "run_status: paused");
  const reads = [jest.spyOn(h.app.vault, "read"), jest.spyOn(h.app.vault, "cachedRead")];
  for (let i = 0; i < 3; i++) picker.dispatchEvent(new Event("focus"));
  await h.app.vault.create(copy, copyText);
  await until(() => [...picker.options].some((o) => o.value === copy && o.textContent?.includes("paused")), "the new run in the picker");
  // By the time the new note is listed, whatever the focus started has run too.
  const readPaths = reads.flatMap((spy) => spy.mock.calls.map((call) => call[0].path));
  expect(readPaths.filter((path) => path === runPath || path === copy)).toEqual([]);
});
