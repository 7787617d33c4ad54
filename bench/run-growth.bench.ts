// Benchmark (issue 18 item 1): what a run writes per step as it grows (30 → 300 steps), against what it leaves, and the
// engine's work per gate in step mode at 300 steps. Bytes are counted through the vault port (every create, every
// whole-note rewrite by process or processFrontMatter, every append to the log note), so they are what a disk or a sync
// service would see.
import { RunEngine } from "../src/core/run/engine";
import { DEFAULT_ENGINE_SETTINGS, type EnginePorts } from "../src/core/run/engine-types";
import type { ModelPort, ModelRequest, ModelResult, VersionCheck, VersionedText } from "../src/core/ports";
import { NoteCache } from "../src/core/notes/note-cache";
import { nodeYaml } from "../src/cli/yaml-codec";
import { MemoryVault } from "../tests/support/memory-vault";
import { cells, machineLine, met, summarize, write } from "./bench-report";

/** A paragraph of about 1,200 characters, streamed in 24 pieces at once: a realistic waypoint, no waiting. */
const ANSWER = "The step's output, as a model would write it: plain sentences about the task at hand. ".repeat(14);
const model: ModelPort = {
  complete(request: ModelRequest, onDelta?: (delta: string) => void): Promise<ModelResult> {
    for (let i = 0; i < ANSWER.length; i += 50) onDelta?.(ANSWER.slice(i, i + 50));
    return Promise.resolve({ text: ANSWER, finishReason: "stop", usage: { promptTokens: 400, completionTokens: 300, estimated: false }, model: request.model });
  },
};

/** Counts the bytes of every write: a create writes the note, a process or frontmatter edit rewrites it whole, an append adds its text. */
class CountingVault extends MemoryVault {
  bytes = 0;
  writeCount = 0;
  constructor(files: Record<string, string>) {
    super(files, nodeYaml, false);
  }
  override async create(path: string, content: string): Promise<void> {
    await super.create(path, content);
    this.count(content);
  }
  override async process(path: string, fn: (current: string) => string): Promise<string> {
    const before = this.files.get(path);
    const after = await super.process(path, fn);
    if (after !== before) this.count(after);
    return after;
  }
  override async append(path: string, text: string): Promise<void> {
    await super.append(path, text);
    this.count(text);
  }
  private count(text: string): void {
    this.bytes += Buffer.byteLength(text, "utf8");
    this.writeCount++;
  }
  /** What the run leaves: the size of every note in its folder, and of the project note. */
  leftUnder(folder: string): number {
    let total = 0;
    for (const [path, text] of this.files) if (path.startsWith(folder)) total += Buffer.byteLength(text, "utf8");
    return total;
  }
}

/** The counting vault with versions, as the command line's folder vault gives them: a note's version changes with its text. */
class VersionedCountingVault extends CountingVault {
  private readonly changes = new Map<string, number>();
  constructor(files: Record<string, string>) {
    super(files);
    const set = this.files.set.bind(this.files);
    this.files.set = (path, text) => {
      this.changes.set(path, (this.changes.get(path) ?? 0) + 1);
      return set(path, text);
    };
  }
  readVersion(path: string): Promise<VersionedText> {
    const text = this.files.get(path) ?? null;
    return Promise.resolve({ text, version: text === null ? null : String(this.changes.get(path) ?? 0) });
  }
  versionCheck(): VersionCheck {
    return (path, version) => this.files.has(path) && String(this.changes.get(path) ?? 0) === version;
  }
}

function sop(steps: number): string {
  const lines = Array.from({ length: steps }, (_, i) => `${i + 1}. Step number ${i + 1}`);
  return `---\ntags: [sop]\n---\n# Bench SOP\n\nA procedure for measuring what a run writes.\n\n## Steps\n\n${lines.join("\n")}\n`;
}

function setup(steps: number, watched: boolean, versioned = false): { vault: CountingVault; engine: RunEngine; newEngine: () => RunEngine } {
  const files = { "SOPs/Bench.md": sop(steps), "Projects/P.md": "# P\n\nThe project.\n" };
  const vault = versioned ? new VersionedCountingVault(files) : new CountingVault(files);
  const ports: EnginePorts = { vault, yaml: nodeYaml, clock: { now: () => new Date() }, model, settings: { ...DEFAULT_ENGINE_SETTINGS, defaultModel: "bench", linkProjects: false } };
  const newEngine = (): RunEngine => new RunEngine(watched ? { ...ports, notes: new NoteCache() } : ports);
  return { vault, engine: newEngine(), newEngine };
}

async function autoRun(steps: number): Promise<{ perStep: number; ratio: number; writesPerStep: number }> {
  const { vault, engine } = setup(steps, false);
  const started = await engine.start({ sopPath: "SOPs/Bench.md", projectPath: "Projects/P.md", mode: "auto" });
  if (!started.ok) throw new Error(started.error);
  const before = vault.bytes;
  const writesBefore = vault.writeCount;
  const outcome = await engine.advance(started.value);
  if (!outcome.ok || outcome.value.status !== "done") throw new Error(`Run ended ${outcome.ok ? outcome.value.status : outcome.error}.`);
  const written = vault.bytes - before;
  const folder = started.value.slice(0, started.value.lastIndexOf("/") + 1);
  return { perStep: written / steps, ratio: vault.bytes / vault.leftUnder(folder), writesPerStep: (vault.writeCount - writesBefore) / steps };
}

/**
 * Step mode, the person approving at once: milliseconds per gate (approve + the next step) over the last 20 gates.
 * `processes`: a new engine for each call, as two `sop` processes have (no SOP parsed or prompt rendered before);
 * otherwise one engine, which keeps the parsed SOP and the rendered turns from call to call (never the notes).
 * `sopProcess`: one `sop resume` process as it is now, over a vault with versions (a note is used again while its
 * version holds) and the answer and the next step in one call.
 */
async function gateWork(steps: number, watched: boolean, processes = false, sopProcess = false): Promise<number[]> {
  const { engine: kept, newEngine } = setup(steps, watched, sopProcess);
  const engine = (): RunEngine => (processes ? newEngine() : kept);
  const started = await kept.start({ sopPath: "SOPs/Bench.md", mode: "step" });
  if (!started.ok) throw new Error(started.error);
  await kept.advance(started.value);
  const times: number[] = [];
  for (let i = 1; i < steps; i++) {
    const t = performance.now();
    if (sopProcess) {
      const answered = await kept.approve(started.value, {});
      if (!answered.ok || answered.value.status !== "awaiting-review") throw new Error("A gate failed.");
    } else {
      const approved = await engine().approve(started.value);
      const next = await engine().advance(started.value);
      if (!approved.ok || !next.ok) throw new Error("A gate failed.");
    }
    if (i >= steps - 20) times.push(performance.now() - t);
  }
  return times;
}

async function main(): Promise<void> {
  const rows: string[] = [];
  const growth: Record<number, number> = {};
  let ratio300 = 0;
  for (const steps of [30, 300]) {
    const samples = [];
    for (let i = 0; i < (steps === 30 ? 5 : 3); i++) samples.push(await autoRun(steps));
    const perStep = summarize(samples.map((s) => s.perStep));
    const ratio = summarize(samples.map((s) => s.ratio));
    growth[steps] = perStep.median;
    if (steps === 300) ratio300 = ratio.median;
    rows.push(`| ${steps} | ${(perStep.median / 1024).toFixed(1)} KB | ${summarize(samples.map((s) => s.writesPerStep)).median.toFixed(1)} | ${ratio.median.toFixed(1)}× |`);
  }
  const gates: string[] = [];
  const gateMedians: Record<string, number> = {};
  for (const [steps, watched, processes, sopProcess] of [[30, true, false, false], [300, true, false, false], [30, false, false, false], [300, false, false, false], [30, false, true, false], [300, false, true, false], [30, false, false, true], [300, false, false, true]] as const) {
    const s = summarize(await gateWork(steps, watched, processes, sopProcess));
    gateMedians[`${steps}-${watched}-${processes}-${sopProcess}`] = s.median;
    const host = watched ? "plugin (notes kept, vault events)" : processes ? "command line, a new engine per call (as separate processes)" : sopProcess ? "command line, one sop process (notes kept while their versions hold; answer + next step in one call)" : "command line (notes read afresh each call)";
    gates.push(`| ${steps} | ${host} | ${cells(s, 2)} | ${met(s.median <= 5)} |`);
  }
  const flat = growth[300] / growth[30];
  write([
    "### Bytes written per step as a run grows (auto mode, in-memory vault, bytes counted through the vault port)",
    "",
    machineLine(),
    "",
    "| Steps | Bytes written per step (median) | Writes per step | Bytes written ÷ bytes the run leaves |",
    "|---:|---:|---:|---:|",
    ...rows,
    "",
    `Growth of bytes per step from 30 to 300 steps: ${flat.toFixed(2)}× (target ≤ 1.5×: ${met(flat <= 1.5)}); written ÷ left at 300 steps: ${ratio300.toFixed(1)}× (target ≤ 3×: ${met(ratio300 <= 3)}).`,
    "",
    "### Step mode: engine work per gate (approve + the next step), last 20 gates of the run",
    "",
    "| Steps | Host | Median ms | Min–max ms | ≤ 5 ms? |",
    "|---:|---|---:|---:|---|",
    ...gates,
    "",
  ]);
}

void main();
