// Copies a vault (the example vault by default) into a fresh temporary folder for a test.
import { cp, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

export const EXAMPLE_VAULT = join(__dirname, "..", "..", "examples", "vault");

export async function tempVault(source = EXAMPLE_VAULT): Promise<{ root: string; cleanup(): Promise<void> }> {
  const root = await mkdtemp(join(tmpdir(), "sop-vault-"));
  await cp(source, root, { recursive: true, filter: (src) => !src.includes(".obsidian") && !src.includes("SOP runs") });
  return { root, cleanup: () => rm(root, { recursive: true, force: true }) };
}
