/** @jest-environment jsdom */
// The open-an-SOP flow with its services injected: what the person is told when there is nothing to pick or listing fails.
import { openSopPicker } from "../../../src/obsidian/commands/index";
import type { CommandServices } from "../../../src/obsidian/commands/index";
import { ProcedureCache } from "../../../src/obsidian/adapters/procedure-cache";
import { obsidianYaml } from "../../../src/obsidian/adapters/obsidian-yaml";
import { SopCatalog } from "../../../src/obsidian/adapters/sop-catalog";
import { TaggedNoteFinder } from "../../../src/obsidian/adapters/tagged-notes";
import { SopPickerModal } from "../../../src/obsidian/ui/sop-picker-modal";
import { createMockApp } from "../../support/obsidian-mock-app";
import { SOP_VAULT } from "../../support/obsidian-sop-vault";

function services(files: Record<string, string>, sopTag = "sop"): CommandServices & { notices: string[] } {
  const app = createMockApp(files);
  const notices: string[] = [];
  const catalog = new SopCatalog(new TaggedNoteFinder(app.vault, app.metadataCache), new ProcedureCache(app.vault, obsidianYaml), () => sopTag);
  return { app, catalog, sopTag: () => sopTag, notify: (message) => notices.push(message), notices };
}

beforeEach(() => {
  jest.spyOn(SopPickerModal.prototype, "open").mockImplementation(() => undefined);
});
afterEach(() => jest.restoreAllMocks());

it("tells the person how to make an SOP when no note carries the tag", async () => {
  const context = services({ "Notes/Plain list.md": SOP_VAULT["Notes/Plain list.md"] }, "runbook");
  expect(await openSopPicker(context)).toBeNull();
  expect(context.notices).toEqual(["No note is tagged #runbook yet. Add that tag to a note to make it an SOP."]);
});

it("says so in one sentence when the SOPs cannot be listed", async () => {
  const context = services(SOP_VAULT);
  jest.spyOn(context.catalog, "list").mockRejectedValue(new Error("index not ready"));
  expect(await openSopPicker(context)).toBeNull();
  expect(context.notices).toEqual(["Could not list the SOPs: index not ready"]);
});

it("opens a picker whose fuzzy text covers title and path", async () => {
  const context = services(SOP_VAULT);
  const modal = await openSopPicker(context);
  expect(modal?.getItems().map((item) => modal.getItemText(item))).toContain("Incident runbook SOPs/Incident runbook.md");
  expect(context.notices).toEqual([]);
});
