// Test support: the example vault (SOP, role notes, project, sources) as a path → text map for in-memory vaults.
import { readdirSync, readFileSync } from "node:fs";
import { join, relative, sep } from "node:path";

export const EXAMPLE_VAULT = join(__dirname, "..", "..", "examples", "vault");
export const EXAMPLE_SOP = "SOPs/Drafting internal product docs.md";
export const EXAMPLE_PROJECT = "Projects/Identity platform guide.md";

/**
 * Every Markdown note of examples/vault (not .obsidian), keyed by vault path. `root` is the vault's folder: the
 * benchmarks, bundled elsewhere, pass it from the working directory.
 */
export function exampleVaultFiles(root = EXAMPLE_VAULT): Record<string, string> {
  const files: Record<string, string> = {};
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.name.startsWith(".")) continue;
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith(".md")) files[relative(root, path).split(sep).join("/")] = readFileSync(path, "utf8");
    }
  };
  walk(root);
  return files;
}
