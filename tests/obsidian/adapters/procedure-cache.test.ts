/** @jest-environment jsdom */
// The procedure cache: one parse per version of a note, keyed by path, modification time and size.
import { ProcedureCache } from "../../../src/obsidian/adapters/procedure-cache";
import { obsidianYaml } from "../../../src/obsidian/adapters/obsidian-yaml";
import { createMockApp } from "../../support/obsidian-mock-app";
import { SOP_VAULT } from "../../support/obsidian-sop-vault";

function setup(): { cache: ProcedureCache; reads: jest.SpyInstance; file: import("obsidian").TFile; app: import("obsidian").App } {
  const app = createMockApp(SOP_VAULT);
  const file = app.vault.getFileByPath("SOPs/Release checklist.md");
  if (!file) throw new Error("fixture missing");
  file.stat = { ctime: 1000, mtime: 1000, size: 200 };
  return { cache: new ProcedureCache(app.vault, obsidianYaml), reads: jest.spyOn(app.vault, "cachedRead"), file, app };
}

it("parses a note once while its mtime and size stay the same", async () => {
  const { cache, reads, file } = setup();
  const first = await cache.get(file);
  const second = await cache.get(file);
  expect(first.ok && first.procedure.steps.map((step) => step.title)).toEqual([
    "Freeze the main branch",
    "Tag the release candidate",
    "Publish the packages",
    "Announce in the changelog",
  ]);
  expect(second).toBe(first);
  expect(reads).toHaveBeenCalledTimes(1);
});

it("parses again when the note's mtime or size changes", async () => {
  const { cache, reads, file, app } = setup();
  await cache.get(file);
  await app.vault.process(file, (text) => text.replace("4. Announce in the changelog\n", ""));
  file.stat = { ...file.stat, mtime: 2000 };
  const outcome = await cache.get(file);
  expect(outcome.ok && outcome.procedure.steps).toHaveLength(3);
  file.stat = { ...file.stat, size: 150 };
  await cache.get(file);
  expect(reads).toHaveBeenCalledTimes(3);
});

it("parses again after forget()", async () => {
  const { cache, reads, file } = setup();
  await cache.get(file);
  cache.forget(file.path);
  await cache.get(file);
  expect(reads).toHaveBeenCalledTimes(2);
});

it("turns a read failure into a clear outcome instead of throwing", async () => {
  const { cache, reads, file } = setup();
  reads.mockRejectedValueOnce(new Error("disk unplugged"));
  expect(await cache.get(file)).toEqual({ ok: false, error: 'Could not read "SOPs/Release checklist.md": disk unplugged' });
});

it("says why a tagged note has no procedure, naming the note", async () => {
  const app = createMockApp(SOP_VAULT);
  const file = app.vault.getFileByPath("SOPs/Idea without steps.md");
  if (!file) throw new Error("fixture missing");
  const outcome = await new ProcedureCache(app.vault, obsidianYaml).get(file);
  expect(outcome.ok).toBe(false);
  expect(!outcome.ok && outcome.error).toContain("Idea without steps");
});
