// A long run costs the same per step as a short one: bytes written through the vault port stay flat from 30 to 300
// steps, and a run writes at most three times what it leaves in the vault.
import { RunEngine } from "../../../src/core/run/engine";
import { DEFAULT_ENGINE_SETTINGS } from "../../../src/core/run/engine-types";
import type { ModelPort } from "../../../src/core/ports";
import { nodeYaml } from "../../../src/cli/yaml-codec";
import { MemoryVault } from "../../support/memory-vault";
import { testClock, value } from "./engine-fixture";

/** About 1,200 characters streamed in pieces, answered at once. */
const ANSWER = "A plain sentence about the task at hand, as a model writes it. ".repeat(19);
const model: ModelPort = {
  complete(request, onDelta) {
    for (let i = 0; i < ANSWER.length; i += 60) onDelta?.(ANSWER.slice(i, i + 60));
    return Promise.resolve({ text: ANSWER, finishReason: "stop", usage: { promptTokens: 400, completionTokens: 300, estimated: false }, model: request.model });
  },
};

function sop(steps: number): string {
  return `---\ntags: [sop]\n---\n# Long SOP\n\n## Steps\n\n${Array.from({ length: steps }, (_, i) => `${i + 1}. Step number ${i + 1}`).join("\n")}\n`;
}

/** Bytes of every write (a create writes the note, a process or frontmatter edit rewrites it whole) per step, and written ÷ left. */
async function autoRun(steps: number): Promise<{ perStep: number; ratio: number }> {
  const vault = new MemoryVault({ "SOPs/Long.md": sop(steps) });
  // Each clock reading moves 0.2 ms on: a step takes a few dozen readings, so steps are a few milliseconds apart, as
  // with a model that answers at once (the run note is written at most once a second while the run goes on).
  const engine = new RunEngine({ vault, yaml: nodeYaml, clock: testClock(0.2), model, settings: { ...DEFAULT_ENGINE_SETTINGS, defaultModel: "m" } });
  const runPath = value(await engine.start({ sopPath: "SOPs/Long.md", mode: "auto" }));
  const from = vault.writes.length;
  expect(value(await engine.advance(runPath)).status).toBe("done");
  const written = vault.writes.slice(from).reduce((sum, write) => sum + write.content.length, 0);
  const folder = runPath.slice(0, runPath.lastIndexOf("/") + 1);
  const left = [...vault.files].filter(([path]) => path.startsWith(folder)).reduce((sum, [, text]) => sum + text.length, 0);
  return { perStep: written / steps, ratio: vault.writes.reduce((sum, write) => sum + write.content.length, 0) / left };
}

it("with a model that answers at once, writes about as many bytes per step at 300 steps as at 30, and at most three times what the run leaves", async () => {
  const short = await autoRun(30);
  const long = await autoRun(300);
  expect(long.perStep / short.perStep).toBeLessThanOrEqual(1.5);
  expect(long.ratio).toBeLessThanOrEqual(3);
}, 120_000);
