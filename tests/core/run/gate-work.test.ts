// Step mode in the plugin (one note cache for the app's lifetime): a gate of a long run does no more work on the run's
// notes than a gate of a short one. Counted, not timed: the properties blocks the engine parses per gate.
import { RunEngine } from "../../../src/core/run/engine";
import { DEFAULT_ENGINE_SETTINGS } from "../../../src/core/run/engine-types";
import type { ModelPort, YamlCodec } from "../../../src/core/ports";
import { NoteCache } from "../../../src/core/notes/note-cache";
import { nodeYaml } from "../../../src/cli/yaml-codec";
import { MemoryVault } from "../../support/memory-vault";
import { runLog, testClock, value } from "./engine-fixture";
import { logNotePath } from "../../../src/core/run/note-names";

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

/** The engine's YAML, counting what it parses (the vault has its own codec: its frontmatter edits are not counted). */
function countingYaml(): YamlCodec & { parses: number } {
  const codec = { parses: 0, parse: (text: string) => (codec.parses++, nodeYaml.parse(text)), stringify: (value: unknown) => nodeYaml.stringify(value) };
  return codec;
}

/** Steps 1 to `steps` in step mode, approved at once; the engine's parses per gate over the last `last` gates. */
async function parsesPerGate(steps: number, last: number, host: "plugin" | "command line" = "plugin"): Promise<{ parses: number; vault: MemoryVault; runPath: string }> {
  const vault = new MemoryVault({ "SOPs/Long.md": sop(steps) });
  const yaml = countingYaml();
  // The plugin keeps one note cache, told of every change; the command line reads every note afresh on each call.
  const notes = host === "plugin" ? { notes: new NoteCache() } : {};
  const engine = new RunEngine({ vault, yaml, clock: testClock(0.2), model, ...notes, settings: { ...DEFAULT_ENGINE_SETTINGS, defaultModel: "m" } });
  const runPath = value(await engine.start({ sopPath: "SOPs/Long.md", mode: "step" }));
  value(await engine.advance(runPath));
  let from = 0;
  for (let gate = 1; gate < steps; gate++) {
    if (gate === steps - last) from = yaml.parses;
    expect(value(await engine.approve(runPath)).status).toBe("running");
    expect(value(await engine.advance(runPath)).status).toBe("awaiting-review");
  }
  return { parses: (yaml.parses - from) / last, vault, runPath };
}

it("parses no properties block again at a gate: the run note's and the waypoints' are known from the engine's own writes", async () => {
  const { parses, vault, runPath } = await parsesPerGate(24, 10);
  expect(parses).toBe(0);
  expect(vault.properties(runPath)).toMatchObject({ run_status: "awaiting-review", current_step: 24 });
});

it("on the command line, reads each waypoint's flat properties without the YAML parser: a gate parses what a short run's does", async () => {
  const short = await parsesPerGate(8, 4, "command line");
  const long = await parsesPerGate(40, 4, "command line");
  // The run note's own block (its dates) and the SOP's, once per engine call: two calls per gate, however long the run.
  expect(long.parses).toBe(short.parses);
  expect(long.parses).toBeLessThanOrEqual(4);
});

it("never copies the log when a gate rewrites the run note: the log grows in a note of its own, only appended to", async () => {
  const { vault, runPath } = await parsesPerGate(24, 10);
  const logLine = /^- \d{4}-\d\d-\d\dT\d\d:\d\d:\d\d /m;
  const rewrites = vault.writes.filter((w) => w.path === runPath && w.kind !== "create");
  expect(rewrites.length).toBeGreaterThanOrEqual(2 * 23);
  expect(rewrites.filter((w) => logLine.test(w.content))).toEqual([]);
  const log = vault.writes.filter((w) => w.path === logNotePath(runPath));
  expect(log.slice(1).every((w) => w.kind === "append")).toBe(true);
  expect(runLog(vault, runPath).match(/ approved\.$/gm)).toHaveLength(23);
});
