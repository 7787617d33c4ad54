// One `sop resume` process keeps what it read while the files are unchanged (each checked against its file's version
// before every engine call), yet every change another process makes reaches the next prompt; a kill between calls,
// a second process and links out of the vault behave as when every call read the notes afresh.
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { mkdtemp, readdir, readFile, rename, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { build } from "esbuild";
import { runCli } from "../../src/cli/run-cli";
import { commands } from "../../src/cli/commands/index";
import { bufferIo, type BufferIo } from "../support/buffer-io";
import { startMockOpenAI, type MockOpenAI, type RecordedRequest } from "../support/mock-openai-server";
import { tempVault } from "../support/temp-vault";

const SOP_PATH = "SOPs/Six steps.md";
const SOP = ["---", "tags: [sop]", "---", "# Six steps", "", "## Steps", "", ...["one", "two", "three", "four", "five", "six"].map((n, i) => `${i + 1}. Step ${n}`), ""].join("\n");
const GATE = "[a]pprove";
/** Long enough that a note written before it has settled: the file system's clock can no longer hide a change. */
const SETTLE_MS = 2_100;

let vault: { root: string; cleanup(): Promise<void> };
let mock: MockOpenAI;
let cliDir: string;
let cli: string;

beforeAll(async () => {
  cliDir = await mkdtemp(join(tmpdir(), "sop-cli-"));
  cli = join(cliDir, "sop.cjs");
  await build({ entryPoints: [join(__dirname, "..", "..", "src", "cli", "main.ts")], bundle: true, platform: "node", format: "cjs", outfile: cli, logLevel: "silent" });
});

afterAll(async () => {
  await rm(cliDir, { recursive: true, force: true });
});

beforeEach(async () => {
  vault = await tempVault();
  await writeFile(join(vault.root, SOP_PATH), SOP, "utf8");
  let calls = 0;
  mock = await startMockOpenAI(() => ({ stream: [`Model answer ${(calls += 1)}.`] }));
});

afterEach(async () => {
  await mock.close();
  await vault.cleanup();
});

const model = (): string[] => ["--base-url", mock.baseUrl, "--model", "m"];

/** What the model was asked, as text. */
function prompt(request: RecordedRequest | undefined): string {
  return JSON.stringify((request?.body as { messages?: unknown } | undefined)?.messages ?? []);
}

async function runFolder(): Promise<string> {
  const runs = join(vault.root, "SOP runs");
  return join(runs, (await readdir(runs))[0]);
}

async function waypoint(step: number): Promise<string> {
  const folder = await runFolder();
  const name = (await readdir(folder)).find((n) => n.startsWith(`0${step} `) && !n.includes("(r"));
  if (!name) throw new Error(`no waypoint for step ${step}`);
  return join(folder, name);
}

/** Replaces text in a note as another editor would: in place, the same file. */
async function edit(step: number, from: string, to: string): Promise<void> {
  const path = await waypoint(step);
  const text = await readFile(path, "utf8");
  expect(text).toContain(from);
  await writeFile(path, text.replace(from, to), "utf8");
}

/** A run of the six-step SOP waiting at the gate of step 3 (steps 1 and 2 approved), its notes left to settle. */
async function runToStep3(): Promise<void> {
  expect(await runCli(["run", vault.root, SOP_PATH, ...model()], bufferIo(["a", "a", "q"]), commands)).toBe(0);
  await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
}

/** A terminal whose person does `atGate[n]` (in another editor) at the n-th gate, then gives the n-th answer. */
function terminal(answers: string[], atGate: (() => Promise<void>)[]): BufferIo {
  const io = bufferIo(answers);
  let gates = 0;
  return {
    ...io,
    ask: async (question) => {
      if (question.startsWith(GATE)) await atGate[gates++]?.();
      return io.ask(question);
    },
  };
}

/** `sop resume` as a process of its own, its terminal on pipes. */
function resumeProcess(): { child: ChildProcessWithoutNullStreams; stdout: () => string; exit: Promise<number | null> } {
  const child = spawn(process.execPath, [cli, "resume", vault.root, ...model()], { stdio: ["pipe", "pipe", "pipe"] });
  let stdout = "";
  child.stdout.on("data", (chunk: Buffer) => void (stdout += chunk.toString()));
  const exit = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return { child, stdout: () => stdout, exit };
}

async function until(done: () => boolean): Promise<void> {
  for (let i = 0; i < 300 && !done(); i++) await new Promise((resolve) => setTimeout(resolve, 50));
  expect(done()).toBe(true);
}

it("an approved step edited in another editor while sop resume waits at a gate reaches the next prompt, same-size edits right after the read included", async () => {
  await runToStep3();
  const io = terminal(
    ["a", "a", "q"],
    [
      // Right after the process read the run to show this gate: step 1 edited with text of the same size, and step 2
      // edited (so its note changed a moment before the next call reads it)…
      async () => {
        await edit(1, "Model answer 1.", "Model ANSWER 1.");
        await edit(2, "Model answer 2.", "Model answer 2, edited.");
      },
      // …and edited again at the next gate with text of the same size.
      () => edit(2, "Model answer 2, edited.", "Model answer 2, EDITED."),
    ],
  );
  expect(await runCli(["resume", vault.root, ...model()], io, commands)).toBe(0);
  expect(io.stdout()).toContain("Left at the gate of step 5.");
  const [step4, step5] = mock.chatRequests().slice(3).map(prompt);
  expect(mock.chatRequests()).toHaveLength(5);
  expect(step4).toContain("Model ANSWER 1.");
  expect(step4).toContain("Model answer 2, edited.");
  expect(step4).not.toContain("Model answer 1.");
  expect(step5).toContain("Model ANSWER 1.");
  expect(step5).toContain("Model answer 2, EDITED.");
  expect(step5).not.toContain("Model answer 2, edited.");
  expect(await readFile(await waypoint(2), "utf8")).toContain("Model answer 2, EDITED.");
}, 30_000);

it("sop resume killed at a gate, between two calls, goes on from the notes alone in the next process", async () => {
  await runToStep3();
  const first = resumeProcess();
  await until(() => first.stdout().includes(GATE));
  first.child.kill("SIGKILL");
  expect(await first.exit).toBeNull();
  await edit(1, "Model answer 1.", "Model ANSWER 1.");
  const io = bufferIo(["a", "q"]);
  expect(await runCli(["resume", vault.root, ...model()], io, commands)).toBe(0);
  expect(io.stdout()).toContain("--- Step 3: Step three");
  expect(io.stdout()).toContain("Left at the gate of step 4.");
  // Steps 1 to 3 asked once by `sop run`, step 4 once after the kill: nothing asked twice.
  expect(mock.chatRequests()).toHaveLength(4);
  expect(prompt(mock.chatRequests()[3])).toContain("Model ANSWER 1.");
  expect(await readFile(await waypoint(3), "utf8")).toContain("waypoint_status: approved");
}, 30_000);

it("two processes on one vault: the one at the gate holds the run, sees the other editor's change, and the next one goes on from its notes", async () => {
  await runToStep3();
  const first = resumeProcess();
  await until(() => first.stdout().includes(GATE));
  await edit(1, "Model answer 1.", "Model ANSWER 1.");
  const refused = bufferIo(["a", "q"]);
  expect(await runCli(["resume", vault.root, ...model()], refused, commands)).toBe(1);
  expect(refused.stderr()).toMatch(/^sop resume: This run is being driven by the sop command line \(pid \d+ on .+\) since \S+\.\n$/);
  first.child.stdin.end("a\nq\n");
  expect(await first.exit).toBe(0);
  expect(first.stdout()).toContain("Left at the gate of step 4.");
  expect(prompt(mock.chatRequests()[3])).toContain("Model ANSWER 1.");
  const next = bufferIo(["a", "q"]);
  expect(await runCli(["resume", vault.root, ...model()], next, commands)).toBe(0);
  expect(next.stdout()).toContain("Left at the gate of step 5.");
  expect(mock.chatRequests()).toHaveLength(5);
  expect(prompt(mock.chatRequests()[4])).toContain("Model ANSWER 1.");
  expect(prompt(mock.chatRequests()[4])).toContain("Model answer 4.");
}, 30_000);

describe("links out of the vault made while sop resume waits at a gate", () => {
  const SECRET = "OUTSIDE-SECRET-51c2: payroll export";
  let outside: string;

  beforeEach(async () => {
    outside = await mkdtemp(join(tmpdir(), "sop-outside-"));
  });

  afterEach(async () => {
    await rm(outside, { recursive: true, force: true });
  });

  it("a waypoint replaced by a link to a file outside: refused as a path outside the vault, its text never sent", async () => {
    await runToStep3();
    await writeFile(join(outside, "Secret.md"), `---\nwaypoint_status: approved\nstep: 1\n---\n${SECRET}\n`, "utf8");
    const io = terminal(["a", "q"], [
      async () => {
        const path = await waypoint(1);
        await rm(path);
        await symlink(join(outside, "Secret.md"), path);
      },
    ]);
    expect(await runCli(["resume", vault.root, ...model()], io, commands)).toBe(1);
    expect(io.stderr()).toBe(`sop resume: The path "${(await waypoint(1)).slice(vault.root.length + 1)}" leaves the vault folder.\n`);
    expect(mock.chatRequests()).toHaveLength(3);
    for (const request of mock.chatRequests()) expect(prompt(request)).not.toContain(SECRET);
    expect(await readFile(join(outside, "Secret.md"), "utf8")).toContain(SECRET);
  }, 30_000);

  it("the SOP's folder moved out of the vault with a link left in its place: refused as a path outside the vault", async () => {
    await runToStep3();
    const io = terminal(["a", "q"], [
      async () => {
        await rename(join(vault.root, "SOPs"), join(outside, "SOPs"));
        await symlink(join(outside, "SOPs"), join(vault.root, "SOPs"));
      },
    ]);
    expect(await runCli(["resume", vault.root, ...model()], io, commands)).toBe(1);
    expect(io.stderr()).toBe(`sop resume: The path "${SOP_PATH}" leaves the vault folder.\n`);
    expect(mock.chatRequests()).toHaveLength(3);
  }, 30_000);
});
