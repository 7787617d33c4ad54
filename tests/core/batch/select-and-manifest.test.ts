// Which notes a batch runs over, and the manifest note it writes before any run starts.
import { parseManifest } from "../../../src/core/batch/batch-manifest";
import { nodeYaml } from "../../../src/cli/yaml-codec";
import { extractTags } from "../../../src/core/sop/detect";
import { batchFixture, CLIENTS, projectPath, SOP_PATH, value } from "./batch-fixture";

describe("selecting a batch's targets", () => {
  it("takes every note carrying the tag in properties, inline or nested, and nothing else", async () => {
    const { runner } = batchFixture();
    const targets = value(await runner.selectTargets(SOP_PATH, { tag: "#client" }));
    expect(targets).toEqual(CLIENTS.map(projectPath).sort());
  });

  it("never takes the SOP, a role note or a note under the runs folder, even when tagged", async () => {
    const { runner } = batchFixture({ files: { [SOP_PATH]: "---\ntags: [sop, client]\n---\n# Client onboarding\n\n1. Only step\n" } });
    const targets = value(await runner.selectTargets(SOP_PATH, { tag: "client" }));
    expect(targets).not.toContain(SOP_PATH);
    expect(targets).not.toContain("Roles/Writer.md");
    expect(targets.filter((t) => t.startsWith("SOP runs/"))).toEqual([]);
    expect(targets).toHaveLength(CLIENTS.length);
  });

  it("takes every note under a folder, recursively", async () => {
    const { runner } = batchFixture();
    const targets = value(await runner.selectTargets(SOP_PATH, { folder: "./Clients/" }));
    expect(targets).toEqual([...CLIENTS.map(projectPath), "Clients/Archive/Prospect.md"].sort());
  });

  it("refuses a batch with nothing to run on, in one sentence", async () => {
    const { runner } = batchFixture();
    const none = await runner.plan({ sopPath: SOP_PATH, selector: { tag: "nobody" } });
    expect(none).toEqual({ ok: false, error: 'No note tagged #nobody to run "Client onboarding" on (the SOP itself, role notes and run notes do not count).' });
    const badConcurrency = await runner.plan({ sopPath: SOP_PATH, selector: { tag: "client" }, concurrency: 0 });
    expect(badConcurrency.ok).toBe(false);
    const missingSop = await runner.plan({ sopPath: "SOPs/Nope.md", selector: { tag: "client" } });
    expect(missingSop).toEqual({ ok: false, error: 'The SOP note "SOPs/Nope.md" does not exist.' });
  });
});

describe("the batch manifest", () => {
  it("is written before any run starts, with flat properties and one pending line per target", async () => {
    const { runner, vault, model } = batchFixture();
    const batch = value(await runner.plan({ sopPath: SOP_PATH, selector: { tag: "client" }, concurrency: 3 }));
    expect(batch.path).toBe("SOP runs/Batches/2026-11-24 Client onboarding — batch.md");
    expect(model.calls).toEqual([]);
    expect(vault.properties(batch.path)).toMatchObject({
      sop: "[[SOPs/Client onboarding|Client onboarding]]",
      batch_status: "planned",
      total: CLIENTS.length,
      done: 0,
      failed: 0,
      concurrency: 3,
      started: "2026-11-24T09:30:00",
      finished: "",
      tags: ["sop-batch"],
    });
    const lines = vault.body(batch.path).split("\n").filter((l) => l.startsWith("- ["));
    expect(lines).toEqual(CLIENTS.map((c) => `- [ ] [[Clients/${c}|${c}]] — pending`));
    // Read back from the note alone, it is the same batch.
    expect(value(parseManifest(batch.path, vault.files.get(batch.path) ?? "", vault, nodeYaml))).toEqual(batch);
  });

  it("a second batch of the same SOP on the same day gets its own note", async () => {
    const { runner } = batchFixture();
    const first = value(await runner.plan({ sopPath: SOP_PATH, selector: { tag: "client" } }));
    const second = value(await runner.plan({ sopPath: SOP_PATH, selector: { folder: "Clients" } }));
    expect(second.path).not.toBe(first.path);
    expect(second.path).toBe("SOP runs/Batches/2026-11-24 Client onboarding — batch (2).md");
    expect(value(await runner.findUnfinished(SOP_PATH, { tag: "client" }))).toBe(first.path);
    expect(value(await runner.findUnfinished(SOP_PATH, { folder: "Clients/" }))).toBe(second.path);
    expect(value(await runner.findUnfinished(SOP_PATH, { tag: "other" }))).toBeNull();
  });
});

describe("the manifest does not tag itself", () => {
  it("names the tag without making the note carry it", async () => {
    const { runner, vault } = batchFixture();
    const batch = value(await runner.plan({ sopPath: SOP_PATH, selector: { tag: "client" } }));
    expect(vault.body(batch.path)).toContain("client");
    expect(extractTags(vault.files.get(batch.path) ?? "", nodeYaml)).toEqual(["sop-batch"]);
  });
});
