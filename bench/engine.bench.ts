// Benchmark: engine overhead per step with an instant in-process model and an in-memory vault (no disk), 10/100/1,000 steps.
import { RunEngine } from "../src/core/run/engine";
import { DEFAULT_ENGINE_SETTINGS } from "../src/core/run/engine-types";
import type { ModelPort, ModelRequest, ModelResult } from "../src/core/ports";
import { nodeYaml } from "../src/cli/yaml-codec";
import { MemoryVault } from "../tests/support/memory-vault";

/** Answers at once: whatever time a step takes is the engine's (state, notes, prompt, YAML), not the model's. */
const instantModel: ModelPort = {
  complete(request: ModelRequest, onDelta?: (delta: string) => void): Promise<ModelResult> {
    const text = `Output for ${request.messages.length} messages.`;
    onDelta?.(text);
    return Promise.resolve({ text, finishReason: "stop", usage: { promptTokens: 100, completionTokens: 10, estimated: true }, model: request.model });
  },
};

function sop(steps: number): string {
  const lines = Array.from({ length: steps }, (_, i) => {
    // Continuation lines line up with the item's text, as CommonMark needs for "10." and wider markers.
    const indent = " ".repeat(String(i + 1).length + 2);
    return `${i + 1}. Step number ${i + 1}\n${indent}role:: Drafter\n${indent}- check ${i + 1}`;
  });
  return `---\ntags: [sop]\n---\n# Bench SOP\n\nA procedure for measuring the engine.\n\n## Steps\n\n${lines.join("\n")}\n`;
}

interface Sample {
  /** Steady-state engine time per step: first step started to run done, divided by the steps. */
  perStep: number;
  /** Once per run: start (reads and parses the SOP, writes the run note) and loading the run for advance. */
  setup: number;
}

async function runOnce(steps: number): Promise<Sample> {
  const vault = new MemoryVault(
    { "SOPs/Bench.md": sop(steps), "Roles/Drafter.md": "---\ntags: [sop-role]\n---\nWrite plainly.\n", "Projects/P.md": "# P\n\nThe project.\n" },
    nodeYaml,
    false,
  );
  let tick = 0;
  const clock = { now: () => new Date(Date.UTC(2026, 0, 1) + tick++) };
  const engine = new RunEngine({ vault, yaml: nodeYaml, clock, model: instantModel, settings: { ...DEFAULT_ENGINE_SETTINGS, defaultModel: "instant" } });
  const started = performance.now();
  const run = await engine.start({ sopPath: "SOPs/Bench.md", projectPath: "Projects/P.md", cue: "Bench.", mode: "auto" });
  if (!run.ok) throw new Error(run.error);
  let firstStep = 0;
  let done = 0;
  const outcome = await engine.advance(run.value, {
    onEvent: (event) => {
      if (event.type === "step-started" && firstStep === 0) firstStep = performance.now();
      if (event.type === "done") done = performance.now();
    },
  });
  if (!outcome.ok) throw new Error(outcome.error);
  if (outcome.value.status !== "done" || outcome.value.steps !== steps) throw new Error(`Run ended ${outcome.value.status} with ${outcome.value.steps} steps, not ${steps}.`);
  return { perStep: (done - firstStep) / steps, setup: firstStep - started };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

async function main(): Promise<void> {
  const rows: string[] = [];
  // Warm-up: JIT compilation and module initialisation are not per-step cost.
  for (let i = 0; i < 5; i++) await runOnce(100);
  for (const [steps, repeats] of [[10, 51], [100, 15], [1000, 5]] as const) {
    const samples: Sample[] = [];
    for (let i = 0; i < repeats; i++) samples.push(await runOnce(steps));
    const perStep = samples.map((s) => s.perStep);
    const fmt = (n: number) => n.toFixed(3);
    rows.push(`| ${steps.toLocaleString("en-US")} | ${repeats} | ${fmt(median(perStep))} | ${fmt(Math.min(...perStep))}–${fmt(Math.max(...perStep))} | ${median(samples.map((s) => s.setup)).toFixed(1)} | ≤ 1 |`);
  }
  process.stdout.write(
    [
      "### Engine overhead per step (instant model, in-memory vault)",
      "",
      "| Steps | Runs | Median ms/step | Min–max ms/step | Setup once per run, ms (median) | Target ms/step |",
      "|---:|---:|---:|---:|---:|---:|",
      ...rows,
      "",
      "Per step: from the first step starting to the run being done, divided by the steps: state transition, waypoint",
      "and run-note writes (YAML included), prompt assembly, streaming writer. Setup: `start` (reads and parses the SOP,",
      "creates the run note, links the project) and loading the run for `advance` (the parsed SOP is reused).",
      "",
    ].join("\n"),
  );
}

void main();
