/** @jest-environment jsdom */
// Finding notes by tag from the metadata cache: SOPs and role notes, without reading any file.
import { TaggedNoteFinder } from "../../../src/obsidian/adapters/tagged-notes";
import { createMockApp } from "../../support/obsidian-mock-app";
import { SOP_VAULT } from "../../support/obsidian-sop-vault";

function finderFor(files: Record<string, string>): { finder: TaggedNoteFinder; reads: jest.SpyInstance[] } {
  const app = createMockApp(files);
  const reads = [jest.spyOn(app.vault, "read"), jest.spyOn(app.vault, "cachedRead")];
  return { finder: new TaggedNoteFinder(app.vault, app.metadataCache), reads };
}

const paths = (files: { path: string }[]): string[] => files.map((file) => file.path);

it("finds SOPs tagged in frontmatter, inline and nested, sorted by path, reading no note", () => {
  const { finder, reads } = finderFor(SOP_VAULT);
  expect(paths(finder.find("sop"))).toEqual([
    "Ops/Backup restore.md",
    "SOPs/Idea without steps.md",
    "SOPs/Incident runbook.md",
    "SOPs/Release checklist.md",
  ]);
  for (const read of reads) expect(read).not.toHaveBeenCalled();
});

it("finds role notes by the role tag, and not as SOPs", () => {
  const { finder } = finderFor(SOP_VAULT);
  expect(paths(finder.find("sop-role"))).toEqual(["Roles/Editor.md"]);
});

it("matches tags without regard to case, and ignores a tag inside a code block", () => {
  const { finder } = finderFor({
    "Loud.md": "# Loud\n\n#SOP\n\n1. Shout\n",
    "Code.md": "# Code\n\n```\n#sop\n```\n",
  });
  expect(paths(finder.find("sop"))).toEqual(["Loud.md"]);
});

it("finds nothing for a tag no note carries", () => {
  expect(finderFor(SOP_VAULT).finder.find("checklist")).toEqual([]);
});
