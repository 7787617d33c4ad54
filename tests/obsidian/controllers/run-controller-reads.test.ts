/** @jest-environment jsdom */
// A step in the plugin reads what changed, not the whole run folder again: reads counted through the vault.
import type { App as ObsidianApp } from "obsidian";
import { ObsidianVault } from "../../../src/obsidian/adapters/obsidian-vault";
import { RunController } from "../../../src/obsidian/controllers/run-controller";
import { DEFAULT_SETTINGS } from "../../../src/obsidian/settings";
import type { SopRuntimeSettings } from "../../../src/obsidian/settings";
import { FakeModelLayer } from "../../support/fake-model-layer";
import { EXAMPLE_PROJECT, EXAMPLE_SOP, exampleVaultFiles } from "../../support/example-vault-files";
import { createMockApp } from "../../support/obsidian-mock-app";
import { stepOf } from "../../support/scripted-model";

afterEach(() => jest.restoreAllMocks());

function rig(): { app: ObsidianApp; runs: RunController; reads: string[]; layer: FakeModelLayer; notices: string[] } {
  const app = createMockApp(exampleVaultFiles());
  const settings: SopRuntimeSettings = { ...DEFAULT_SETTINGS, provider: "ollama", baseUrl: "http://localhost:11434/v1", defaultModel: "llama3.2", bufferedEndpoints: [] };
  const notices: string[] = [];
  const layer = new FakeModelLayer((request) => `Output of step ${stepOf(request)}.`);
  const runs = new RunController({ app, settings: () => settings, saveSettings: () => Promise.resolve(), notify: (message) => notices.push(message), modelLayer: layer });
  // Reads through the engine's vault port (the app's own reads inside a write are the app's business).
  const reads: string[] = [];
  const read = Object.getOwnPropertyDescriptor(ObsidianVault.prototype, "read")?.value as (this: ObsidianVault, path: string) => Promise<string | null>;
  jest.spyOn(ObsidianVault.prototype, "read").mockImplementation(function (this: ObsidianVault, path: string) {
    reads.push(path);
    return read.call(this, path);
  });
  // The plugin forgets what the vault says changed (plugin.ts watchVault); the test host does the same.
  for (const name of ["create", "modify", "delete"] as const) app.vault.on(name as "modify", (file) => runs.forgetNote(file.path));
  app.vault.on("rename", (file, oldPath) => (runs.forgetNote(file.path), runs.forgetNote(oldPath)));
  return { app, runs, reads, layer, notices };
}

it("a step reads only the notes it changes, not the run folder again: the same few reads at step 4 as at step 2", async () => {
  const { runs, reads } = rig();
  const runPath = (await runs.start({ sopPath: EXAMPLE_SOP, projectPath: EXAMPLE_PROJECT, mode: "step" }))!;
  expect(runPath).not.toBeNull();
  const folder = runPath.slice(0, runPath.lastIndexOf("/") + 1);
  const perStep: string[][] = [];
  for (let step = 1; step <= 3; step++) {
    reads.length = 0;
    const outcome = await runs.approve(runPath);
    expect(outcome?.status).toBe("awaiting-review");
    perStep.push(reads.filter((path) => path.startsWith(folder)).map((path) => path.slice(folder.length)));
  }
  // Approving step k and taking step k+1 touches the run note, waypoint k, waypoint k+1 and its review notes; the
  // settled waypoints before k are never read again, so the work per step does not grow with the run.
  const third = perStep[2];
  expect(third.filter((name) => /^0[12] /.test(name))).toEqual([]);
  expect(new Set(third)).toEqual(new Set([runPath.slice(folder.length), "03 Draft section content in plain, direct language.md", "04 Apply tone style guide and format for readability.md"]));
  // The run view's refresh on "step-started" loads the run while the step runs; whether it finds the new waypoint in
  // the cache or reads it depends on how the two interleave, so one read more than at step 2 is the same work.
  expect(third.length).toBeLessThanOrEqual(perStep[0].length + 1);
});

it("an approved step the person edits between gates reaches the next step's prompt as edited", async () => {
  const { app, runs, layer, notices } = rig();
  const runPath = (await runs.start({ sopPath: EXAMPLE_SOP, projectPath: EXAMPLE_PROJECT, mode: "step" }))!;
  await runs.approve(runPath);
  const folder = runPath.slice(0, runPath.lastIndexOf("/") + 1);
  const first = app.vault.getFileByPath(`${folder}01 Identify the target audience and their common questions.md`)!;
  await app.vault.process(first, (text) => text.replace("Output of step 1.", "Audience: support engineers (edited by hand)."));
  await runs.approve(runPath);
  const steps = layer.model.requests.filter((request) => stepOf(request) === 3 && !request.messages[0].content.startsWith("You review"));
  expect(steps).toHaveLength(1);
  const sent = steps[0].messages.map((message) => message.content).join("\n");
  expect(sent).toContain("Audience: support engineers (edited by hand).");
  expect(sent).not.toContain("Output of step 1.");
  expect(notices).toEqual([]);
});
