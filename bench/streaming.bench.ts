// Benchmark: waypoint note writes per second while a model streams at 10, 100 and 1,000 tokens/s, and first token to first write.
import { RunEngine } from "../src/core/run/engine";
import { DEFAULT_ENGINE_SETTINGS } from "../src/core/run/engine-types";
import type { ModelPort, ModelRequest, ModelResult } from "../src/core/ports";
import { nodeYaml } from "../src/cli/yaml-codec";
import { MemoryVault } from "../tests/support/memory-vault";
import { cells, machineLine, met, sleep, summarize, write } from "./bench-report";

const WRITES_BUDGET_PER_S = 5;
const FIRST_WRITE_BUDGET_MS = 100;
const STREAM_SECONDS = 3;
const RUNS = 3;
/** A token is about four characters of English. */
const TOKEN = "word";

/** Emits `rate` tokens a second on a timer, ticking at most every 10 ms, for STREAM_SECONDS. */
class TimedModel implements ModelPort {
  firstTokenAt = 0;
  lastTokenAt = 0;
  tokens = 0;

  constructor(private readonly rate: number) {}

  async complete(request: ModelRequest, onDelta?: (delta: string) => void): Promise<ModelResult> {
    const tickMs = Math.max(10, 1000 / this.rate);
    const total = this.rate * STREAM_SECONDS;
    const start = performance.now();
    let text = "";
    while (this.tokens < total) {
      await sleep(tickMs);
      // Catch up with the wall clock, so that a late timer does not lower the rate.
      const due = Math.min(total, Math.round(((performance.now() - start) / 1000) * this.rate));
      if (due <= this.tokens) continue;
      const delta = ` ${TOKEN}`.repeat(due - this.tokens);
      this.tokens = due;
      if (this.firstTokenAt === 0) this.firstTokenAt = performance.now();
      this.lastTokenAt = performance.now();
      text += delta;
      onDelta?.(delta);
    }
    return { text, finishReason: "stop", usage: { promptTokens: 100, completionTokens: this.tokens, estimated: true }, model: request.model };
  }
}

interface Sample {
  writesPerSecond: number;
  firstWriteMs: number;
  tokensPerSecond: number;
}

async function streamOnce(rate: number): Promise<Sample> {
  const vault = new MemoryVault({ "SOPs/Stream.md": "---\ntags: [sop]\n---\n# Stream\n\n## Steps\n\n1. Write the draft\n", "Projects/P.md": "# P\n" }, nodeYaml, false);
  const writes: { path: string; at: number }[] = [];
  vault.beforeWrite = (path) => writes.push({ path, at: performance.now() });
  const model = new TimedModel(rate);
  const engine = new RunEngine({ vault, yaml: nodeYaml, clock: { now: () => new Date() }, model, settings: { ...DEFAULT_ENGINE_SETTINGS, defaultModel: "timed" } });
  const run = await engine.start({ sopPath: "SOPs/Stream.md", projectPath: "Projects/P.md", cue: "Stream.", mode: "step" });
  if (!run.ok) throw new Error(run.error);
  let waypoint = "";
  const outcome = await engine.advance(run.value, {
    onEvent: (event) => {
      if (event.type === "step-finished") waypoint = event.waypointPath;
    },
  });
  if (!outcome.ok) throw new Error(outcome.error);
  if (waypoint === "") throw new Error("The step did not finish.");
  // Writes of the waypoint note (create and process) while tokens were arriving; the final write after the stream is not counted.
  const during = writes.filter((w) => w.path === waypoint && w.at >= model.firstTokenAt && w.at <= model.lastTokenAt);
  const first = writes.find((w) => w.path === waypoint && w.at >= model.firstTokenAt);
  if (!first) throw new Error("The waypoint was never written after the first token.");
  const seconds = (model.lastTokenAt - model.firstTokenAt) / 1000;
  return { writesPerSecond: during.length / seconds, firstWriteMs: first.at - model.firstTokenAt, tokensPerSecond: model.tokens / seconds };
}

async function main(): Promise<void> {
  const machine = machineLine();
  const rows: string[] = [];
  await streamOnce(100); // warm-up
  for (const rate of [10, 100, 1000]) {
    const samples: Sample[] = [];
    for (let i = 0; i < RUNS; i++) samples.push(await streamOnce(rate));
    const writes = summarize(samples.map((s) => s.writesPerSecond));
    const first = summarize(samples.map((s) => s.firstWriteMs));
    const achieved = summarize(samples.map((s) => s.tokensPerSecond)).median;
    rows.push(`| ${rate.toLocaleString("en-US")} (${achieved.toFixed(0)} achieved) | ≤ ${WRITES_BUDGET_PER_S} | ${cells(writes, 2)} | ${met(writes.max <= WRITES_BUDGET_PER_S)} | ≤ ${FIRST_WRITE_BUDGET_MS} | ${cells(first, 3)} | ${met(first.median <= FIRST_WRITE_BUDGET_MS)} |`);
  }
  write([
    "### Streaming: waypoint writes per second and first token to first write",
    "",
    machine,
    "",
    "| Tokens/s | Writes/s budget | Median writes/s | Min–max writes/s | Met? | First write budget ms | Median ms | Min–max ms | Met? |",
    "|---:|---:|---:|---:|---|---:|---:|---:|---|",
    ...rows,
    "",
    `${RUNS} runs per rate, each a one-step SOP whose model streams for ~${STREAM_SECONDS} s on a timer (ticks of at least 10 ms, one token = "${TOKEN}" + space),`,
    `through RunEngine with default settings (streamWriteIntervalMs ${DEFAULT_ENGINE_SETTINGS.streamWriteIntervalMs}) over the in-memory vault. Writes: create and process calls on the`,
    "waypoint note's path between the first and the last token (the final write after the stream is not counted), divided by that time.",
    "First write: from the first token's delta to the first write of the waypoint note after it. The writes/s budget is met only if every run is within it.",
    "",
  ]);
}

void main().catch((error: unknown) => {
  process.stderr.write(`streaming benchmark failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
