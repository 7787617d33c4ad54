/** @jest-environment jsdom */
// The SOP scorecard in Obsidian: a note beside the SOP after two runs, and the run view's section read only when opened.
import type { Command, TFile } from "obsidian";
import { splitFrontmatter } from "../../../src/core/notes/frontmatter";
import * as scorecardCommand from "../../../src/obsidian/commands/scorecard";
import { obsidianYaml } from "../../../src/obsidian/adapters/obsidian-yaml";
import { SopPickerModal } from "../../../src/obsidian/ui/sop-picker-modal";
import { EXAMPLE_SOP } from "../../support/example-vault-files";
import { gateAt, loadPlugin, mockOf, openView, read, until } from "../../support/obsidian-run-view";
import type { ViewHarness } from "../../support/obsidian-run-view";

afterEach(() => jest.restoreAllMocks());

const SCORECARD_NOTE = "SOPs/Drafting internal product docs — scorecard.md";
const STEP_1 = "Identify the target audience and their common questions";
const STEP_2 = "Build a topic outline focused on user workflows";

/**
 * Run A approves step 1 at once and stops at step 2; run B revises step 1 once, approves it, skips step 2
 * and stops at step 3. So step 1: 2 runs, first pass in 1 of 2, 0.5 extra revisions; step 2: 1 skip, and
 * as the only decided run of step 2 is a skip, none of its decided runs was approved first time (0%).
 */
async function twoRuns(h: ViewHarness): Promise<string[]> {
  const runs = h.plugin.runs!;
  const a = await runs.start({ sopPath: EXAMPLE_SOP, projectPath: null, cue: "Run A" });
  if (!a) throw new Error(h.notices.join(" | "));
  await gateAt(h, 1, a);
  await runs.approve(a);
  await gateAt(h, 2, a);
  await runs.cancel(a);
  const b = await runs.start({ sopPath: EXAMPLE_SOP, projectPath: null, cue: "Run B" });
  if (!b) throw new Error(h.notices.join(" | "));
  await gateAt(h, 1, b);
  await runs.revise(b, "Name the readers' team.");
  await gateAt(h, 1, b);
  await runs.approve(b);
  await gateAt(h, 2, b);
  await runs.skip(b, "The outline exists already.");
  await gateAt(h, 3, b);
  await runs.cancel(b);
  return [a, b];
}

function command(h: ViewHarness, id: string): Command {
  const found = mockOf(h.plugin).commands__.get(id);
  if (!found) throw new Error(`No command "${id}"`);
  return found;
}

/** The Markdown table row whose first cell starts with `start`, split into cells. */
function row(markdown: string, start: string): string[] {
  const line = markdown.split("\n").find((l) => l.startsWith(`| ${start}`));
  if (!line) throw new Error(`No row for ${start}`);
  return line.split(" | ").map((c) => c.replace(/^\| |\s\|$/g, "").trim());
}

it("writes the scorecard note beside the SOP after two runs, with numbers matching the runs, and opens it", async () => {
  const h = await loadPlugin();
  await twoRuns(h);
  expect(command(h, "open-scorecard").hotkeys).toBeUndefined();
  await h.app.workspace.getLeaf(false).openFile(h.app.vault.getFileByPath(EXAMPLE_SOP) as TFile);
  void command(h, "open-scorecard").callback?.();
  await until(() => h.app.workspace.getActiveFile()?.path === SCORECARD_NOTE, "the scorecard note to open");

  const note = await read(h, SCORECARD_NOTE);
  const props = obsidianYaml.parse(splitFrontmatter(note).yaml ?? "") as Record<string, unknown>;
  expect(props.runs).toBe(2);
  expect(props.tags).toEqual(["sop-scorecard"]);
  expect(note).toContain("2 runs across version 1.");
  // Step, Runs, First-pass approval, Extra revisions, Skips, Findings.
  expect(row(note, `1. ${STEP_1}`).slice(0, 6)).toEqual([`1. ${STEP_1}`, "2", "50%", "0.5", "0", "0 / 0 / 0"]);
  expect(row(note, `2. ${STEP_2}`).slice(0, 5)).toEqual([`2. ${STEP_2}`, "2", "0%", "0.0", "1"]);

  // A third run changes the numbers; the same note is updated, not duplicated.
  const c = await h.plugin.runs!.start({ sopPath: EXAMPLE_SOP, projectPath: null, cue: "Run C" });
  await gateAt(h, 1, c!);
  await h.plugin.runs!.approve(c!);
  await gateAt(h, 2, c!);
  await h.app.workspace.getLeaf(false).openFile(h.app.vault.getFileByPath(EXAMPLE_SOP) as TFile);
  void command(h, "open-scorecard").callback?.();
  let updated = "";
  for (let i = 0; i < 200 && !updated.includes("3 runs"); i++) {
    await new Promise((resolve) => setTimeout(resolve, 5));
    updated = await read(h, SCORECARD_NOTE);
  }
  expect((obsidianYaml.parse(splitFrontmatter(updated).yaml ?? "") as Record<string, unknown>).runs).toBe(3);
  expect(row(updated, `1. ${STEP_1}`)[2]).toBe("67%");
  expect(h.app.vault.getMarkdownFiles().filter((f) => f.path.includes("scorecard"))).toHaveLength(1);
});

it("shows the shown run's SOP scorecard in the run view, read when the section opens and not on every redraw", async () => {
  const h = await loadPlugin();
  const [, b] = await twoRuns(h);
  h.plugin.runs!.touch(b);
  const load = jest.spyOn(scorecardCommand, "loadScorecard");
  const view = await openView(h);
  const section = view.contentEl.querySelector<HTMLDetailsElement>("details.sop-run-view-scorecard")!;
  expect(section.querySelector("summary")?.textContent).toBe("Scorecard");
  await view.refresh();
  await view.refresh();
  expect(load).not.toHaveBeenCalled();

  // Opening the section fires its "toggle" event, as clicking its summary does.
  section.open = true;
  const table = await until(() => section.querySelector("table"), "the scorecard table");
  expect(load).toHaveBeenCalledTimes(1);
  expect(section.querySelector(".sop-scorecard-runs")?.textContent).toBe("Runs: 2");
  const headers = [...table.querySelectorAll("th")].map((th) => th.textContent);
  expect(headers).toEqual(["#", "Step", "First pass", "Revisions", "Skips", "Findings h/m/l"]);
  const cells = (i: number): string[] => [...table.querySelectorAll("tbody tr")[i].querySelectorAll("td")].map((td) => td.textContent ?? "");
  expect(cells(0)).toEqual(["1", STEP_1, "50%", "0.5", "0", "0 / 0 / 0"]);
  expect(cells(1)).toEqual(["2", STEP_2, "0%", "0.0", "1", "0 / 0 / 0"]);
  await view.refresh();
  expect(load).toHaveBeenCalledTimes(1);
  expect(view.containerEl.querySelectorAll("[style]")).toHaveLength(0);
});

it("asks which SOP to score when the open note is not an SOP", async () => {
  const picked: SopPickerModal[] = [];
  jest.spyOn(SopPickerModal.prototype, "open").mockImplementation(function (this: SopPickerModal) {
    picked.push(this);
  });
  const h = await loadPlugin();
  await h.app.workspace.getLeaf(false).openFile(h.app.vault.getFileByPath("Projects/Identity platform guide.md") as TFile);
  void command(h, "open-scorecard").callback?.();
  const picker = await until(() => picked[0], "the SOP picker");
  picker.onChooseItem(picker.getItems().find((l) => l.path === EXAMPLE_SOP)!);
  await until(() => h.app.workspace.getActiveFile()?.path === SCORECARD_NOTE, "the scorecard note to open");
  expect(await read(h, SCORECARD_NOTE)).toContain("0 runs");
});
