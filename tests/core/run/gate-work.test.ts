// Step mode in the plugin (one note cache for the app's lifetime): a gate of a long run does no more work on the run's
// notes than a gate of a short one. Counted, not timed: the properties blocks the engine parses per gate.
import { RunEngine } from "../../../src/core/run/engine";
import { DEFAULT_ENGINE_SETTINGS } from "../../../src/core/run/engine-types";
import type { ModelPort, YamlCodec } from "../../../src/core/ports";
import { NoteCache } from "../../../src/core/notes/note-cache";
import { nodeYaml } from "../../../src/cli/yaml-codec";
import { MemoryVault } from "../../support/memory-vault";
import { VersionedMemoryVault } from "../../support/versioned-memory-vault";
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

it("on the command line, reads each waypoint's and the run note's flat properties without the YAML parser: a gate parses none", async () => {
  const short = await parsesPerGate(8, 4, "command line");
  const long = await parsesPerGate(40, 4, "command line");
  // The run note's dates are read as text, as the command line's YAML reads them; the SOP is parsed once per engine.
  expect(long.parses).toBe(short.parses);
  expect(long.parses).toBe(0);
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

/** A model that answers "Answer N." and keeps what each request sent. */
function recordingModel(): ModelPort & { sent: string[][] } {
  const sent: string[][] = [];
  return {
    sent,
    complete(request) {
      sent.push(request.messages.map((m) => m.content));
      return Promise.resolve({ text: `Answer ${sent.length}.`, finishReason: "stop", usage: { promptTokens: 10, completionTokens: 5, estimated: false }, model: request.model });
    },
  };
}

/** The command line: no note cache; `fresh` makes a new engine for every call, as separate `sop` processes do. */
function commandLine(vault: MemoryVault, model: ModelPort, fresh: boolean): () => RunEngine {
  const make = (): RunEngine => new RunEngine({ vault, yaml: nodeYaml, clock: testClock(0.2), model, settings: { ...DEFAULT_ENGINE_SETTINGS, defaultModel: "m" } });
  const kept = make();
  return () => (fresh ? make() : kept);
}

it.each([false, true])("on the command line (a new engine per call: %s), an approved step edited by hand between two calls reaches the next prompt", async (fresh) => {
  const vault = new MemoryVault({ "SOPs/Long.md": sop(6) });
  const model = recordingModel();
  const engine = commandLine(vault, model, fresh);
  const runPath = value(await engine().start({ sopPath: "SOPs/Long.md", mode: "step" }));
  value(await engine().advance(runPath));
  for (let gate = 1; gate <= 3; gate++) {
    value(await engine().approve(runPath));
    value(await engine().advance(runPath));
  }
  const folder = runPath.slice(0, runPath.lastIndexOf("/") + 1);
  const first = `${folder}01 Step number 1.md`;
  expect(vault.properties(first).waypoint_status).toBe("approved");
  // The person rewrites step 1's approved output (the text and nothing else) while step 4 waits at its gate.
  vault.files.set(first, (vault.files.get(first) ?? "").replace("Answer 1.", "Answer 1, corrected by hand."));
  value(await engine().approve(runPath));
  value(await engine().advance(runPath));
  const last = model.sent[model.sent.length - 1];
  expect(last).toContain("Answer 1, corrected by hand.");
  expect(last).not.toContain("Answer 1.");
  expect(model.sent[model.sent.length - 2]).toContain("Answer 1.");
});

it("a command-line run killed inside a gate or between two calls goes on from its notes alone, sending what an unbroken run sends", async () => {
  const drive = async (kill: boolean): Promise<string[][]> => {
    const vault = new MemoryVault({ "SOPs/Long.md": sop(5) });
    const model = recordingModel();
    const engine = commandLine(vault, model, kill);
    const runPath = value(await engine().start({ sopPath: "SOPs/Long.md", mode: "step" }));
    value(await engine().advance(runPath));
    for (let gate = 1; gate < 5; gate++) {
      if (kill && gate === 2) {
        // Killed after the waypoint said approved, before the run note did: the next process reads the waypoint.
        vault.beforeWrite = (path) => {
          if (path === runPath) throw new Error("killed");
        };
        expect((await engine().approve(runPath)).ok).toBe(false);
        vault.beforeWrite = null;
      } else {
        value(await engine().approve(runPath));
      }
      expect(value(await engine().advance(runPath))).toMatchObject({ status: "awaiting-review", step: gate + 1 });
    }
    expect(vault.properties(runPath)).toMatchObject({ run_status: "awaiting-review", current_step: 5 });
    return model.sent;
  };
  const unbroken = await drive(false);
  const killed = await drive(true);
  expect(unbroken).toHaveLength(5);
  expect(killed).toEqual(unbroken);
});

/** One `sop` process over a vault that gives versions (the folder vault): one engine, an answer and the next step in one call. */
function oneProcess(vault: VersionedMemoryVault, model: ModelPort): RunEngine {
  return new RunEngine({ vault, yaml: nodeYaml, clock: testClock(0.2), model, settings: { ...DEFAULT_ENGINE_SETTINGS, defaultModel: "m" } });
}

it("in one sop process over a vault with versions, a gate reads as many notes at 40 steps as at 8: the unchanged ones are not read again", async () => {
  const readsPerGate = async (steps: number): Promise<number> => {
    const vault = new VersionedMemoryVault({ "SOPs/Long.md": sop(steps) });
    const engine = oneProcess(vault, model);
    const runPath = value(await engine.start({ sopPath: "SOPs/Long.md", mode: "step" }));
    value(await engine.advance(runPath));
    let from = 0;
    for (let gate = 1; gate < steps; gate++) {
      if (gate === steps - 4) from = vault.reads.length;
      expect(value(await engine.approve(runPath, {})).status).toBe("awaiting-review");
    }
    expect(vault.properties(runPath)).toMatchObject({ run_status: "awaiting-review", current_step: steps });
    return (vault.reads.length - from) / 4;
  };
  const short = await readsPerGate(8);
  const long = await readsPerGate(40);
  expect(long).toBe(short);
  expect(long).toBeLessThan(8);
});

it("in one sop process over a vault with versions, an approved step edited elsewhere between two calls reaches the next prompt, even a change its version cannot show", async () => {
  const vault = new VersionedMemoryVault({ "SOPs/Long.md": sop(6) });
  const model = recordingModel();
  const engine = oneProcess(vault, model);
  const runPath = value(await engine.start({ sopPath: "SOPs/Long.md", mode: "step" }));
  value(await engine.advance(runPath));
  for (let gate = 1; gate <= 2; gate++) value(await engine.approve(runPath, {}));
  const folder = runPath.slice(0, runPath.lastIndexOf("/") + 1);
  const first = `${folder}01 Step number 1.md`;
  const second = `${folder}02 Step number 2.md`;
  // Step 3 waits at its gate; the person edits step 1 in another editor (the same size), as the process waits.
  vault.files.set(first, (vault.files.get(first) ?? "").replace("Answer 1.", "ANSWER 1."));
  value(await engine.approve(runPath, {}));
  expect(model.sent[model.sent.length - 1]).toContain("ANSWER 1.");
  expect(model.sent[model.sent.length - 1]).not.toContain("Answer 1.");
  // Step 2 had changed a moment before this process read it, so it has no version: a second change within the same
  // tick of the file system's clock, which leaves the version as it was, is read all the same.
  vault.settling.add(second);
  vault.files.set(second, (vault.files.get(second) ?? "").replace("Answer 2.", "Answer two."));
  value(await engine.approve(runPath, {}));
  expect(model.sent[model.sent.length - 1]).toContain("Answer two.");
  vault.changeUnseen(second, (vault.files.get(second) ?? "").replace("Answer two.", "Answer TWO."));
  value(await engine.approve(runPath, {}));
  const last = model.sent[model.sent.length - 1];
  expect(last).toContain("Answer TWO.");
  expect(last).not.toContain("Answer two.");
  expect(last).toContain("ANSWER 1.");
  expect(model.sent).toHaveLength(6);
});
