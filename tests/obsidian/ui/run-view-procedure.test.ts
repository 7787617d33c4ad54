/** @jest-environment jsdom */
// The run view says which procedure of the SOP runs and why, and its switch starts a new run with another; the old run keeps its own.
import type { TFile } from "obsidian";
import { ProcedurePickerModal } from "../../../src/obsidian/ui/procedure-picker-modal";
import { EXAMPLE_SOP } from "../../support/example-vault-files";
import { gateAt, loadPlugin, openView, until } from "../../support/obsidian-run-view";
import type { ViewHarness } from "../../support/obsidian-run-view";
import type { RunView } from "../../../src/obsidian/ui/run-view";

afterEach(() => jest.restoreAllMocks());

const RELEASES = "SOPs/Releases.md";
const RELEASES_TEXT = "---\ntags: [sop]\n---\n# Releases\n\n## Minor release\n\n1. Branch\n2. Tag\n3. Publish\n\n## Patch release\n\n1. Cherry-pick\n2. Tag the patch\n";

function procedureLine(view: RunView): string {
  return view.contentEl.querySelector(".sop-run-view-procedure")?.textContent ?? "";
}

function switchButton(view: RunView): HTMLButtonElement | undefined {
  return [...view.contentEl.querySelectorAll("button")].find((b) => b.textContent === "Switch…");
}

async function startRun(h: ViewHarness, sopPath: string): Promise<string> {
  const runPath = await h.plugin.runs!.start({ sopPath, cue: "" });
  if (!runPath) throw new Error(`The run did not start: ${h.notices.join(" | ")}`);
  await gateAt(h, 1, runPath);
  return runPath;
}

it("shows the procedure the run runs and that the rules chose it; Switch… pins another and starts a new run with it", async () => {
  const h = await loadPlugin();
  await h.app.vault.create(RELEASES, RELEASES_TEXT);
  const first = await startRun(h, RELEASES);
  const view = await openView(h);
  await until(() => procedureLine(view).includes("Minor release"), "the procedure line");
  expect(procedureLine(view)).toBe("Procedure: Releases › Minor releasechosen by the rulesSwitch…");

  const pickers: ProcedurePickerModal[] = [];
  jest.spyOn(ProcedurePickerModal.prototype, "open").mockImplementation(function (this: ProcedurePickerModal) {
    pickers.push(this);
  });
  switchButton(view)!.click();
  const picker = await until(() => pickers[0], "the procedure picker");
  const patch = picker.getSuggestions("").find((c) => c.path.join(" > ") === "Releases > Patch release");
  if (!patch) throw new Error("no patch candidate");
  picker.onChooseSuggestion(patch);

  await until(() => procedureLine(view).includes("Patch release"), "the new run's procedure line");
  expect(procedureLine(view)).toBe("Procedure: Releases › Patch releasepinned by sop_procedureSwitch…");
  const second = view.shownRun();
  expect(second).not.toBe(first);
  expect(await h.app.vault.read(h.app.vault.getFileByPath(RELEASES) as TFile)).toContain("sop_procedure: Releases > Patch release");
  const newRun = await h.plugin.runs!.loadRun(second!);
  expect(newRun.ok && newRun.value.procedure.steps.map((s) => s.title)).toEqual(["Cherry-pick", "Tag the patch"]);
  // The first run keeps the procedure it started with.
  const oldRun = await h.plugin.runs!.loadRun(first);
  expect(oldRun.ok && oldRun.value.procedure.steps.map((s) => s.title)).toEqual(["Branch", "Tag", "Publish"]);
});

it("offers no switch when the SOP holds a single procedure", async () => {
  const h = await loadPlugin();
  await startRun(h, EXAMPLE_SOP);
  const view = await openView(h);
  await until(() => procedureLine(view) !== "", "the procedure line");
  expect(procedureLine(view)).toMatch(/^Procedure: .+chosen by the rules$/);
  expect(switchButton(view)).toBeUndefined();
  expect(view.containerEl.querySelectorAll("[style]")).toHaveLength(0);
});
