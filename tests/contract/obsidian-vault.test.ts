/** @jest-environment jsdom */
// Runs the shared VaultPort contract against the Obsidian adapter over obsidian-test-mocks' in-memory app.
import { ObsidianVault } from "../../src/obsidian/adapters/obsidian-vault";
import { createMockApp, seedNote } from "../support/obsidian-mock-app";
import { vaultPortContract } from "./vault-port-contract";

vaultPortContract("ObsidianVault (obsidian-test-mocks)", () => {
  const app = createMockApp();
  return Promise.resolve({
    vault: ObsidianVault.fromApp(app),
    seed: (path: string, content: string) => seedNote(app, path, content),
    cleanup: () => Promise.resolve(),
  });
});

it("lists a run's folder from the folder itself, not by going through every note of the vault", async () => {
  const app = createMockApp();
  for (const path of ["SOP runs/R/R.md", "SOP runs/R/02 Draft.md", "SOP runs/R/01 Outline.md", "SOP runs/R/sub/x.md", "SOP runs/R2/R2.md", "Notes/a.md"]) await seedNote(app, path, "text");
  const vault = ObsidianVault.fromApp(app);
  const all = jest.spyOn(app.vault, "getMarkdownFiles");
  expect(await vault.list("SOP runs/R")).toEqual(["SOP runs/R/01 Outline.md", "SOP runs/R/02 Draft.md", "SOP runs/R/R.md", "SOP runs/R/sub/x.md"]);
  expect(await vault.list("Missing")).toEqual([]);
  expect(all).not.toHaveBeenCalled();
});
