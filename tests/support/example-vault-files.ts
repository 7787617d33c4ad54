// Test support: the example vault (SOP, role notes, project, sources) as a path → text map for in-memory vaults.
import { readdirSync, readFileSync } from "node:fs";
import { join, relative, sep } from "node:path";

export const EXAMPLE_VAULT = join(__dirname, "..", "..", "examples", "vault");
export const EXAMPLE_SOP = "SOPs/Drafting internal product docs.md";
export const EXAMPLE_PROJECT = "Projects/Identity platform guide.md";

/** Every Markdown note of examples/vault (not .obsidian), keyed by vault path. */
export function exampleVaultFiles(): Record<string, string> {
  const files: Record<string, string> = {};
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.name.startsWith(".")) continue;
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith(".md")) files[relative(EXAMPLE_VAULT, path).split(sep).join("/")] = readFileSync(path, "utf8");
    }
  };
  walk(EXAMPLE_VAULT);
  return files;
}
