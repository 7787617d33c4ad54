/** @jest-environment jsdom */
// "Choose the procedure…" and "Make this note runnable…": the picker lists the note's procedures with their first steps; a pick writes sop_procedure and the next parse runs it.
import type { Command, TFile } from "obsidian";
import { parseProcedure } from "../../../src/core/sop/parse-procedure";
import { obsidianYaml } from "../../../src/obsidian/adapters/obsidian-yaml";
import { candidateLabel, ProcedurePickerModal } from "../../../src/obsidian/ui/procedure-picker-modal";
import { loadPlugin, mockOf, until } from "../../support/obsidian-run-view";
import type { ViewHarness } from "../../support/obsidian-run-view";

afterEach(() => jest.restoreAllMocks());

const RELEASES = "SOPs/Releases.md";
const RELEASES_TEXT = "---\ntags: [sop]\n---\n# Releases\n\n## Minor release\n\n1. Branch\n2. Tag\n3. Publish\n\n## Patch release\n\n1. Cherry-pick\n2. Tag the patch\n";

function command(h: ViewHarness, id: string): Command {
  const found = mockOf(h.plugin).commands__.get(id);
  if (!found) throw new Error(`No command "${id}"`);
  return found;
}

async function pickerFor(h: ViewHarness, path: string): Promise<ProcedurePickerModal> {
  const modals: ProcedurePickerModal[] = [];
  jest.spyOn(ProcedurePickerModal.prototype, "open").mockImplementation(function (this: ProcedurePickerModal) {
    modals.push(this);
  });
  await h.app.workspace.getLeaf(false).openFile(h.app.vault.getFileByPath(path) as TFile);
  void command(h, "choose-procedure").callback?.();
  return until(() => modals[0], "the procedure picker");
}

it("lists the candidates with their first steps, writes the pick to sop_procedure, and the SOP then runs it", async () => {
  const h = await loadPlugin();
  await h.app.vault.create(RELEASES, RELEASES_TEXT);
  expect(command(h, "choose-procedure").hotkeys).toBeUndefined();
  const picker = await pickerFor(h, RELEASES);
  const shown = picker.getSuggestions("");
  expect(shown.map(candidateLabel)).toEqual(expect.arrayContaining(["Releases > Minor release: numbered list, 3 steps", "Releases > Patch release: numbered list, 2 steps"]));
  expect(shown[0].chosen).toBe(true);
  const el = document.createElement("div");
  const patch = shown.find((c) => c.path.join(" > ") === "Releases > Patch release");
  if (!patch) throw new Error("no patch candidate");
  picker.renderSuggestion(patch, el);
  expect(el.textContent).toContain("1. Cherry-pick");
  expect(picker.getSuggestions("cherry")).toEqual([patch]);

  picker.onChooseSuggestion(patch);
  await until(() => h.notices.find((n) => n.includes("now runs")), "the confirmation");
  const text = await h.app.vault.read(h.app.vault.getFileByPath(RELEASES) as TFile);
  expect(text).toMatch(/sop_procedure: Releases > Patch release/);
  expect(text).toContain("## Minor release\n\n1. Branch");
  const parsed = parseProcedure(text, { name: "Releases", yaml: obsidianYaml });
  if (!parsed.ok) throw new Error(parsed.error);
  expect(parsed.procedure.steps.map((s) => s.title)).toEqual(["Cherry-pick", "Tag the patch"]);
  expect(h.notices.at(-1)).toBe('"Releases" now runs the procedure under "Releases > Patch release".');
});

it("a note with no procedure gets one notice pointing at Make this note runnable…", async () => {
  const h = await loadPlugin();
  await h.app.vault.create("SOPs/Empty.md", "---\ntags: [sop]\n---\n# Empty\n\nJust prose.\n");
  await h.app.workspace.getLeaf(false).openFile(h.app.vault.getFileByPath("SOPs/Empty.md") as TFile);
  void command(h, "choose-procedure").callback?.();
  await until(() => h.notices.find((n) => n.includes("No procedure found")), "the notice");
  expect(h.notices.at(-1)).toContain('Make this note runnable…');
});

describe("Make this note runnable… without a model", () => {
  /** The plugin with no provider chosen: no model to ask. */
  async function withoutModel(): Promise<ViewHarness> {
    const h = await loadPlugin();
    h.plugin.settings = { ...h.plugin.settings, provider: "" };
    return h;
  }

  it("appends a ## Steps list from the note's headings, changing nothing else, and the note then parses", async () => {
    const h = await withoutModel();
    const original = "---\ntags: [sop]\n---\n# DNS setup\n\nIntro.\n\n## Install the proxy\n\nDownload it.\n\n## Configure it\n\nEdit the file.\n";
    await h.app.vault.create("SOPs/DNS setup.md", original);
    await h.app.workspace.getLeaf(false).openFile(h.app.vault.getFileByPath("SOPs/DNS setup.md") as TFile);
    expect(command(h, "make-runnable").hotkeys).toBeUndefined();
    command(h, "make-runnable").checkCallback?.(false);
    await until(() => h.notices.find((n) => n.includes('Added a "## Steps" list')), "the confirmation");
    const text = await h.app.vault.read(h.app.vault.getFileByPath("SOPs/DNS setup.md") as TFile);
    expect(text).toBe(`${original.trimEnd()}\n\n## Steps\n\n1. Install the proxy\n2. Configure it\n`);
    const parsed = parseProcedure(text, { name: "DNS setup", yaml: obsidianYaml });
    expect(parsed.ok && parsed.procedure.steps.map((s) => s.title)).toEqual(["Install the proxy", "Configure it"]);
    expect(h.layer.model.requests).toHaveLength(0);
  });

  it("a note that already runs is left alone, with a notice", async () => {
    const h = await withoutModel();
    await h.app.vault.create(RELEASES, RELEASES_TEXT);
    await h.app.workspace.getLeaf(false).openFile(h.app.vault.getFileByPath(RELEASES) as TFile);
    command(h, "make-runnable").checkCallback?.(false);
    await until(() => h.notices.find((n) => n.includes("already has a procedure")), "the notice");
    expect(await h.app.vault.read(h.app.vault.getFileByPath(RELEASES) as TFile)).toBe(RELEASES_TEXT);
  });
});
