// `sop batch`: the example SOP over generated project notes tagged #guide, against a local OpenAI-compatible server.
import { spawn } from "node:child_process";
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { build } from "esbuild";
import fc from "fast-check";
import { runCli } from "../../src/cli/run-cli";
import { commands } from "../../src/cli/commands/index";
import { splitFrontmatter } from "../../src/core/notes/frontmatter";
import { nodeYaml } from "../../src/cli/yaml-codec";
import { bufferIo, type BufferIo } from "../support/buffer-io";
import { isReviewRequest, NO_FINDINGS, startMockOpenAI, type MockOpenAI, type MockReply, type RecordedRequest } from "../support/mock-openai-server";
import { tempVault } from "../support/temp-vault";

const SOP = "SOPs/Drafting internal product docs.md";
const GUIDES = ["Billing", "Calendar", "Printing", "VPN", "Wiki"];
const STEPS = 5;

let vault: { root: string; cleanup(): Promise<void> };
let mock: MockOpenAI;
/** Guides whose requests the server refuses, as a client error that is not retried. */
let refused = new Set<string>();

function guidePath(name: string): string {
  return `Projects/Guides/${name} guide.md`;
}

/** The guide a request's prompt is about (its project note is in the prompt). */
function guideOf(request: RecordedRequest): string {
  const text = JSON.stringify(request.body);
  return GUIDES.find((g) => text.includes(`Guide marker ${g}.`)) ?? "";
}

async function writeGuides(): Promise<void> {
  await mkdir(join(vault.root, "Projects", "Guides"), { recursive: true });
  for (const [i, name] of GUIDES.entries()) {
    // Tagged in properties for some, inline (nested) for others.
    const text = i % 2 === 0 ? `---\ntags: [guide]\n---\n# ${name} guide\n\nGuide marker ${name}.\n` : `# ${name} guide\n\nA #guide/internal page. Guide marker ${name}.\n`;
    await writeFile(join(vault.root, guidePath(name)), text);
  }
}

beforeEach(async () => {
  vault = await tempVault();
  refused = new Set();
  await writeGuides();
  mock = await startMockOpenAI((request, index): MockReply => {
    if (refused.has(guideOf(request))) return { status: 400, body: { error: { message: "This guide is refused.", type: "invalid_request_error" } } };
    if (isReviewRequest(request)) return NO_FINDINGS;
    return { stream: [`Answer ${index + 1} `, `for ${guideOf(request)}.`], delayMs: 5 };
  });
});

afterEach(async () => {
  await mock.close();
  await vault.cleanup();
});

function sop(args: string[], io: BufferIo = bufferIo()): Promise<number> {
  return runCli(args, io, commands);
}

function batchArgs(...extra: string[]): string[] {
  return ["batch", vault.root, SOP, "--tag", "guide", "--base-url", mock.baseUrl, "--model", "mock-model", ...extra];
}

async function statusOf(): Promise<{ run: string; sop: string; status: string; step: number; steps: number }[]> {
  const io = bufferIo();
  expect(await sop(["status", vault.root, "--json"], io)).toBe(0);
  return JSON.parse(io.stdout()) as { run: string; sop: string; status: string; step: number; steps: number }[];
}

async function properties(path: string): Promise<Record<string, unknown>> {
  const { yaml } = splitFrontmatter(await readFile(join(vault.root, path), "utf8"));
  return (yaml ? nodeYaml.parse(yaml) : {}) as Record<string, unknown>;
}

/** Each guide's run links under "## SOP runs" in its project note. */
async function runLinks(name: string): Promise<string[]> {
  const text = await readFile(join(vault.root, guidePath(name)), "utf8");
  return text.split("\n").filter((line) => line.startsWith("- [[") && line.includes(SOP.replace(/^SOPs\/|\.md$/g, "")));
}

describe("sop batch", () => {
  it("runs the SOP over every tagged note, links each run from its project note, and ends with all runs done", async () => {
    const io = bufferIo();
    const code = await sop(batchArgs("--auto", "--concurrency", "2"), io);
    // Said once, however many steps (and runs) the unpriced model answers.
  expect(io.stderr()).toBe("No price is known for model \"mock-model\": its cost is recorded and shown as unknown, not $0.\n");
    expect(code).toBe(0);
    const out = io.stdout();
    expect(out).toContain(`Batch of ${GUIDES.length} runs of "Drafting internal product docs" over every note tagged #guide, 2 at a time, in auto mode.`);
    expect(out).toMatch(/Estimate: about [\d,]+ prompt and [\d,]+ completion tokens, cost unknown \(no price for mock-model\)/);
    for (const name of GUIDES) expect(out).toContain(`: ${guidePath(name)}\n`);
    expect(out).toContain(`Done (${GUIDES.length} of ${GUIDES.length}):`);
    expect(out).toContain(`Batch done: ${GUIDES.length} done, 0 failed, 0 waiting at a gate, of ${GUIDES.length}.`);

    const runs = await statusOf();
    expect(runs).toHaveLength(GUIDES.length);
    for (const run of runs) expect(run).toMatchObject({ sop: SOP, status: "done", step: STEPS, steps: STEPS });
    for (const name of GUIDES) expect(await runLinks(name)).toHaveLength(1);
    // The example project, tagged #project only, was not a target.
    expect(await readFile(join(vault.root, "Projects/Identity platform guide.md"), "utf8")).not.toContain("## SOP runs");
    // Every step of every run, and the Fact-checker that step 3 names in `review::`.
    expect(mock.chatRequests()).toHaveLength(GUIDES.length * (STEPS + 1));

    const batchNote = /Batch note: (.+)\n/.exec(out)?.[1] ?? "";
    expect(batchNote).toMatch(/^SOP runs\/Batches\/\d{4}-\d\d-\d\d Drafting internal product docs — batch\.md$/);
    expect(await properties(batchNote)).toMatchObject({ batch_status: "done", total: GUIDES.length, done: GUIDES.length, failed: 0, concurrency: 2, tags: ["sop-batch"] });
  });

  it("reports a failed run with its reason and exits 1; running the same command again finishes only that one", async () => {
    refused = new Set(["Printing"]);
    const first = bufferIo();
    expect(await sop(batchArgs(), first)).toBe(1);
    expect(first.stdout()).toContain(`Batch partial: ${GUIDES.length - 1} done, 1 failed, 0 waiting at a gate, of ${GUIDES.length}.`);
    expect(first.stderr()).toMatch(/^Failed: Projects\/Guides\/Printing guide\.md: .*refused.* \(run: SOP runs\/.+\.md\)$/m);
    expect(first.stderr()).toContain(`sop batch "${vault.root}" "${SOP}" --resume`);
    const requestsBefore = mock.chatRequests().length;

    refused = new Set();
    const second = bufferIo();
    expect(await sop(batchArgs(), second)).toBe(0);
    expect(second.stdout()).toContain(`Continuing the batch in SOP runs/Batches/`);
    expect(second.stdout()).toContain(`${GUIDES.length - 1} of ${GUIDES.length} runs done, 1 to go.`);
    expect(mock.chatRequests().slice(requestsBefore).every((r) => guideOf(r) === "Printing")).toBe(true);
    const runs = await statusOf();
    expect(runs).toHaveLength(GUIDES.length);
    expect(runs.every((r) => r.status === "done")).toBe(true);
    for (const name of GUIDES) expect(await runLinks(name)).toHaveLength(1);
  });

  it("Ctrl-C cancels cleanly; --resume finishes the batch with each note run once", async () => {
    const controller = new AbortController();
    const buffer = bufferIo([], {}, controller.signal);
    // Ctrl-C as soon as the first run is done, while the second is still streaming.
    const io: BufferIo = {
      ...buffer,
      out: (text) => {
        buffer.out(text);
        if (text.startsWith("Done (1 of")) controller.abort();
      },
    };
    expect(await sop(batchArgs("--concurrency", "2"), io)).toBe(1);
    expect(io.stdout()).toMatch(/Batch cancelled \(\d done, 0 failed, 0 waiting at a gate, of 5\): the running runs are paused and nothing is lost\./);
    expect((await statusOf()).filter((r) => r.status === "done").length).toBeLessThan(GUIDES.length);

    const resumed = bufferIo();
    expect(await sop(["batch", vault.root, SOP, "--resume", "--base-url", mock.baseUrl, "--model", "mock-model"], resumed)).toBe(0);
    expect(resumed.stdout()).toContain("Batch done: 5 done, 0 failed");
    const runs = await statusOf();
    expect(runs).toHaveLength(GUIDES.length);
    expect(runs.every((r) => r.status === "done")).toBe(true);
    const runFolders = (await readdir(join(vault.root, "SOP runs"))).filter((f) => f !== "Batches");
    expect(runFolders).toHaveLength(GUIDES.length);
  });

  it("runs over a folder, recursively", async () => {
    const io = bufferIo();
    expect(await sop(["batch", vault.root, SOP, "--folder", "Projects/Guides", "--base-url", mock.baseUrl, "--model", "mock-model", "--concurrency", "3"], io)).toBe(0);
    expect(io.stdout()).toContain(`Batch of ${GUIDES.length} runs of "Drafting internal product docs" over every note under Projects/Guides/, 3 at a time`);
    expect((await statusOf()).map((r) => r.status)).toEqual(GUIDES.map(() => "done"));
  });
});

describe("sop batch with bad input", () => {
  it.each([
    [["--tag", "guide", "--folder", "Projects"], "Give one of --tag or --folder, not both."],
    [[], "Give exactly one of --tag <tag> or --folder <path> (or --resume to continue the last batch)."],
    [["--tag", "guide", "--concurrency", "0"], '--concurrency takes a whole number from 1 to 16, not "0".'],
    [["--tag", "guide", "--concurrency", "two"], '--concurrency takes a whole number from 1 to 16, not "two".'],
    [["--tag", "nothing-has-this"], 'No note tagged #nothing-has-this to run "Drafting internal product docs" on (the SOP itself, role notes and run notes do not count).'],
    [["--resume"], `No unfinished batch of "${SOP}" to resume.`],
  ])("%j exits 2 with one line", async (flags, message) => {
    const io = bufferIo();
    expect(await sop(["batch", vault.root, SOP, ...flags, "--base-url", mock.baseUrl, "--model", "mock-model"], io)).toBe(2);
    expect(io.stderr().trim().split("\n")).toHaveLength(1);
    expect(io.stderr()).toContain(message);
    expect(mock.chatRequests()).toEqual([]);
  });

  it("a missing SOP note exits 2", async () => {
    const io = bufferIo();
    expect(await sop(["batch", vault.root, "SOPs/Nope.md", "--tag", "guide"], io)).toBe(2);
    expect(io.stderr()).toMatch(/^sop batch: No SOP note "SOPs\/Nope\.md" in the vault at ".+"\.\n$/);
  });
});

describe("sop batch killed at random moments", () => {
  let cliDir: string;
  let cli: string;

  beforeAll(async () => {
    cliDir = await mkdtemp(join(tmpdir(), "sop-batch-cli-"));
    cli = join(cliDir, "sop.cjs");
    await build({ entryPoints: [join(__dirname, "..", "..", "src", "cli", "main.ts")], bundle: true, platform: "node", format: "cjs", outfile: cli, logLevel: "silent" });
  });

  afterAll(() => rm(cliDir, { recursive: true, force: true }));

  /** The built command line (given `sop`'s arguments, the command first) as a child process, killed with SIGKILL after `killAfterMs` when given; resolves to its exit code. */
  function child(args: string[], killAfterMs?: number): Promise<number | null> {
    return new Promise((done) => {
      const proc = spawn(process.execPath, [cli, ...args], { stdio: "ignore" });
      const timer = killAfterMs === undefined ? null : setTimeout(() => proc.kill("SIGKILL"), killAfterMs);
      proc.on("exit", (code) => {
        if (timer) clearTimeout(timer);
        done(code);
      });
    });
  }

  it("re-running the same command after each kill finishes every note exactly once, with whole answers", async () => {
    await mock.close();
    // Every answer is unique to its call and streams slowly enough to be killed mid-stream.
    mock = await startMockOpenAI((request, index) => isReviewRequest(request) ? NO_FINDINGS : ({ stream: Array.from({ length: 6 }, (_, i) => `[call ${index + 1} part ${i + 1}]`), delayMs: 8 }));
    /** Done once a batch note says so: the same command would then start a fresh batch, as it should. */
    const batchDone = async (): Promise<boolean> => {
      const notes = await readdir(join(vault.root, "SOP runs", "Batches")).catch(() => [] as string[]);
      for (const name of notes) if ((await properties(`SOP runs/Batches/${name}`)).batch_status === "done") return true;
      return false;
    };
    let killed = 0;
    let interrupted = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(fc.integer({ min: 80, max: 1200 }), { minLength: 1, maxLength: 3 }), async (kills) => {
        for (const ms of kills) if (!(await batchDone()) && (await child(batchArgs("--concurrency", "2"), ms)) === null) killed++;
        if (!(await batchDone())) expect(await child(batchArgs("--concurrency", "2"))).toBe(0);
        expect(await batchDone()).toBe(true);

        const runs = await statusOf();
        const byProject = new Map<string, number>();
        for (const run of runs) {
          expect(run).toMatchObject({ status: "done", steps: STEPS });
          const project = String((await properties(run.run)).project);
          byProject.set(project, (byProject.get(project) ?? 0) + 1);
          const folder = join(vault.root, run.run.slice(0, run.run.lastIndexOf("/")));
          interrupted += (await readdir(folder)).filter((f) => /\(r\d+\)\.md$/.test(f)).length;
          for (const name of (await readdir(folder)).filter((f) => /^0\d [^()]*\.md$/.test(f))) {
            const { body } = splitFrontmatter(await readFile(join(folder, name), "utf8"));
            // A whole answer, never a partial one: all six parts of one call.
            expect(body.trim()).toMatch(/^(\[call (\d+) part \d\]){6}$/);
            expect(new Set([...body.matchAll(/call (\d+)/g)].map((m) => m[1])).size).toBe(1);
          }
        }
        expect(byProject.size).toBe(GUIDES.length);
        expect([...byProject.values()].every((n) => n === 1)).toBe(true);
        for (const name of GUIDES) expect(await runLinks(name)).toHaveLength(1);
        // Reset for the next case: a fresh copy of the vault and the guides.
        await vault.cleanup();
        vault = await tempVault();
        await writeGuides();
      }),
      { numRuns: 4, seed: 20261124 },
    );
    // The kills really landed mid-batch, and at least once mid-stream (its partial text kept as a revision note).
    expect(killed).toBeGreaterThan(0);
    expect(interrupted).toBeGreaterThan(0);
  }, 120_000);
});
