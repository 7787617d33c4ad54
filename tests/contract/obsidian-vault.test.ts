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
