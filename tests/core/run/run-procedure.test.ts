// A run records the procedure it runs (sop_procedure on the run note) and keeps it when the SOP is pinned to another.
import { fixture, value } from "./engine-fixture";
import { propertiesOf } from "../../../src/core/notes/frontmatter";
import { nodeYaml } from "../../../src/cli/yaml-codec";

const SOP = "SOPs/Releases.md";
const RELEASES = "---\ntags: [sop]\n---\n# Releases\n\n## Minor release\n\n1. Branch\n2. Tag\n3. Publish\n\n## Patch release\n\n1. Cherry-pick\n2. Tag the patch\n";
const pinned = (pin: string): string => RELEASES.replace("tags: [sop]\n", `tags: [sop]\nsop_procedure: ${pin}\n`);

async function titles(f: ReturnType<typeof fixture>, runPath: string): Promise<string[]> {
  return value(await f.engine.loadRun(runPath)).procedure.steps.map((s) => s.title);
}

it("a run of the rules' choice keeps it after the SOP is pinned to another procedure", async () => {
  const f = fixture({ files: { [SOP]: RELEASES }, noModel: true });
  const runPath = value(await f.engine.start({ sopPath: SOP, mode: "step" }));
  expect(propertiesOf((await f.vault.read(runPath)) ?? "", nodeYaml).sop_procedure).toBe("");
  expect(await titles(f, runPath)).toEqual(["Branch", "Tag", "Publish"]);
  await f.vault.process(SOP, () => pinned("Patch release"));
  expect(await titles(f, runPath)).toEqual(["Branch", "Tag", "Publish"]);
  const second = value(await f.engine.start({ sopPath: SOP, mode: "step" }));
  expect(propertiesOf((await f.vault.read(second)) ?? "", nodeYaml).sop_procedure).toBe("Patch release");
  expect(await titles(f, second)).toEqual(["Cherry-pick", "Tag the patch"]);
});

it("a pinned run keeps its pin when the SOP's pin is removed, and a run note without the property follows the SOP", async () => {
  const f = fixture({ files: { [SOP]: pinned("Releases > Patch release") }, noModel: true });
  const runPath = value(await f.engine.start({ sopPath: SOP, mode: "step" }));
  expect(propertiesOf((await f.vault.read(runPath)) ?? "", nodeYaml).sop_procedure).toBe("Releases > Patch release");
  await f.vault.process(SOP, () => RELEASES);
  expect(await titles(f, runPath)).toEqual(["Cherry-pick", "Tag the patch"]);
  await f.vault.process(runPath, (text) => text.replace(/^sop_procedure: .*\n/m, ""));
  expect(await titles(f, runPath)).toEqual(["Branch", "Tag", "Publish"]);
});
