/** @jest-environment jsdom */
// The SOP picker says when each SOP last ran, from run notes' properties in the metadata cache.
import { describeLastRun, LastRunFinder } from "../../../src/obsidian/adapters/last-runs";
import { SopCatalog } from "../../../src/obsidian/adapters/sop-catalog";
import { ProcedureCache } from "../../../src/obsidian/adapters/procedure-cache";
import { TaggedNoteFinder } from "../../../src/obsidian/adapters/tagged-notes";
import { obsidianYaml } from "../../../src/obsidian/adapters/obsidian-yaml";
import { createMockApp } from "../../support/obsidian-mock-app";

const SOP = "---\ntags: [sop]\n---\n# Onboarding\n\n## Steps\n\n1. Create the account\n2. Hand over the laptop\n";
const OTHER = "---\ntags: [sop]\n---\n# Offboarding\n\n## Steps\n\n1. Revoke access\n";

function run(started: string, status: string): string {
  return `---\nsop: "[[SOPs/Onboarding|Onboarding]]"\nrun_status: ${status}\nstarted: ${started}\ntags: [sop-run]\n---\n# Run\n`;
}

it("lists each SOP with its newest run, and 'never run' for the others", async () => {
  const app = createMockApp({
    "SOPs/Onboarding.md": SOP,
    "SOPs/Offboarding.md": OTHER,
    "SOP runs/a/a.md": run("2026-11-02T09:00:00.000Z", "done"),
    "SOP runs/b/b.md": run("2026-11-20T15:30:00.000Z", "awaiting-review"),
    "SOP runs/c/c.md": run("2026-10-01T08:00:00.000Z", "cancelled"),
  });
  const catalog = new SopCatalog(
    new TaggedNoteFinder(app.vault, app.metadataCache),
    new ProcedureCache(app.vault, obsidianYaml),
    () => "sop",
    new LastRunFinder(app.vault, app.metadataCache),
  );
  const listings = await catalog.list();
  const onboarding = listings.find((l) => l.path === "SOPs/Onboarding.md");
  const offboarding = listings.find((l) => l.path === "SOPs/Offboarding.md");
  expect(onboarding?.lastRun).toEqual({ runPath: "SOP runs/b/b.md", started: "2026-11-20T15:30:00.000Z", status: "awaiting-review" });
  expect(describeLastRun(onboarding?.lastRun)).toBe("last run 2026-11-20, awaiting-review");
  expect(offboarding?.lastRun).toBeNull();
  expect(describeLastRun(offboarding?.lastRun)).toBe("never run");
});
