// Kills the real command line with SIGKILL at random moments mid-run, resumes, and checks nothing is lost or duplicated.
import { spawn } from "node:child_process";
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { build } from "esbuild";
import fc from "fast-check";
import { splitFrontmatter } from "../../src/core/notes/frontmatter";
import { nodeYaml } from "../../src/cli/yaml-codec";
import { isReviewRequest, startMockOpenAI, type MockOpenAI, type RecordedRequest } from "../support/mock-openai-server";
import { tempVault } from "../support/temp-vault";

const SOP = "SOPs/Drafting internal product docs.md";
const PROJECT = "Projects/Identity platform guide.md";
/** Killed runs per `npm test`; `SOP_KILL_RUNS=100 npx jest tests/cli/crash-resume` is the long check. */
const KILL_RUNS = Number(process.env.SOP_KILL_RUNS ?? 6);
let cliDir: string;
let cli: string;
let mock: MockOpenAI;

beforeAll(async () => {
  cliDir = await mkdtemp(join(tmpdir(), "sop-cli-"));
  cli = join(cliDir, "sop.cjs");
  await build({ entryPoints: [join(__dirname, "..", "..", "src", "cli", "main.ts")], bundle: true, platform: "node", format: "cjs", outfile: cli, logLevel: "silent" });
  // Every call answers with a text unique to the call, streamed slowly enough to be killed mid-stream; a review
  // (step 3 has one) answers no findings slowly enough to be killed while it runs.
  mock = await startMockOpenAI((request, index) => isReviewRequest(request) ? { stream: ['{"findings": ', "[]}"], delayMs: 150 } : ({ stream: Array.from({ length: 8 }, (_, i) => `[call ${index + 1} part ${i + 1}]`), delayMs: 20 }));
});

afterAll(async () => {
  await mock.close();
  await rm(cliDir, { recursive: true, force: true });
});

/**
 * When to kill: `ms` after the start, `ms` after the model server got the process's next chat request (mid-stream),
 * or `ms` after it got the process's next review request (while the reviewers run).
 */
interface Kill {
  phase: "start" | "stream" | "review";
  ms: number;
}

/** The step a request is about: the last "# Current step: N of T" heading in it (a review branches from its step's prompt). */
function stepAsked(request: RecordedRequest): number {
  const messages = (request.body as { messages?: { content?: string }[] } | null)?.messages ?? [];
  const asked = messages.map((message) => /# Current step: (\d+)/.exec(message.content ?? "")?.[1]).filter((found) => found !== undefined);
  return Number(asked[asked.length - 1] ?? 0);
}

let killedInReview = 0;

/** Runs the CLI; kills it with SIGKILL at `kill` when given. Resolves to the exit code (null when killed). */
function sop(args: string[], kill?: Kill): Promise<number | null> {
  return new Promise((resolve) => {
    const requestsBefore = mock.chatRequests().length;
    const child = spawn(process.execPath, [cli, ...args, "--base-url", mock.baseUrl, "--model", "m"], { stdio: "ignore" });
    let timer: NodeJS.Timeout | null = null;
    let exited = false;
    if (kill?.phase === "start") timer = setTimeout(() => child.kill("SIGKILL"), kill.ms);
    let inReview = false;
    if (kill?.phase === "stream" || kill?.phase === "review") {
      // Synchronised on the server, not on the clock: a slow machine still kills while the answer streams.
      const arrived = (): boolean => mock.chatRequests().slice(requestsBefore).some((request) => kill.phase === "stream" || isReviewRequest(request));
      const poll = (): void => {
        if (exited) return;
        if (arrived()) {
          timer = setTimeout(() => {
            inReview = kill.phase === "review";
            child.kill("SIGKILL");
          }, kill.ms);
        }
        else timer = setTimeout(poll, 5);
      };
      poll();
    }
    child.on("exit", (code) => {
      if (inReview && code === null) killedInReview += 1;
      exited = true;
      if (timer) clearTimeout(timer);
      resolve(code);
    });
  });
}

async function tempFiles(folder: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(folder, { withFileTypes: true })) {
    if (entry.isDirectory()) out.push(...(await tempFiles(join(folder, entry.name))));
    else if (entry.name.endsWith(".tmp")) out.push(entry.name);
  }
  return out;
}

interface NoteView {
  name: string;
  status: string;
  body: string;
}

async function runNotes(root: string): Promise<{ runFolder: string | null; notes: NoteView[] }> {
  const runsRoot = join(root, "SOP runs");
  const folders = await readdir(runsRoot).catch(() => [] as string[]);
  if (folders.length === 0) return { runFolder: null, notes: [] };
  expect(folders).toHaveLength(1); // a resumed run never forks into a second run folder
  const runFolder = join(runsRoot, folders[0]);
  const notes: NoteView[] = [];
  for (const name of (await readdir(runFolder)).filter((f) => f.endsWith(".md"))) {
    const { yaml, body } = splitFrontmatter(await readFile(join(runFolder, name), "utf8"));
    const props = (yaml ? nodeYaml.parse(yaml) : {}) as Record<string, string | undefined>;
    notes.push({ name, status: String(props.waypoint_status ?? props.run_status ?? ""), body: body.trim() });
  }
  return { runFolder, notes };
}

it("a run killed at random moments resumes with nothing lost or duplicated", async () => {
  let interruptedKept = 0;
  await fc.assert(
    fc.asyncProperty(
      fc.tuple(
        fc.integer({ min: 40, max: 140 }),
        fc.integer({ min: 0, max: 120 }),
        fc.array(fc.record({ phase: fc.constantFrom<Kill["phase"]>("start", "stream", "review"), ms: fc.integer({ min: 0, max: 600 }) }), { maxLength: 2 }),
      ),
      async ([firstMs, reviewMs, more]) => {
        // Every run is killed once mid-stream (the answer streams for about 160 ms), once while step 3's reviewer
        // answers (in about 300 ms), then at random moments.
        const kills: Kill[] = [{ phase: "stream", ms: firstMs }, { phase: "review", ms: reviewMs }, ...more];
      const requestsBefore = mock.chatRequests().length;
      const vault = await tempVault();
      try {
        const approvedSeen = new Map<string, string>();
        const remember = async (): Promise<void> => {
          for (const note of (await runNotes(vault.root)).notes) {
            if (note.status !== "approved") continue;
            const before = approvedSeen.get(note.name);
            if (before !== undefined) expect(note.body).toBe(before); // approved text never changes
            approvedSeen.set(note.name, note.body);
          }
        };
        const next = async (): Promise<string[] | null> => {
          const { runFolder, notes } = await runNotes(vault.root);
          // Killed before its run note was written, a run does not exist yet: start it again (its empty folder is reused).
          const runNoteName = runFolder === null ? "" : `${runFolder.slice(runFolder.lastIndexOf("/") + 1)}.md`;
          if (!notes.some((n) => n.name === runNoteName)) return ["run", vault.root, SOP, "--project", PROJECT, "--auto"];
          return notes.some((n) => n.status === "done") ? null : ["resume", vault.root, "--auto"];
        };
        for (const kill of kills) {
          const args = await next();
          if (args) await sop(args, kill);
          await remember();
        }
        const last = await next();
        if (last) expect(await sop(last)).toBe(0);
        await remember();

        const { notes } = await runNotes(vault.root);
        const current = notes.filter((n) => /^0\d [^()]*\.md$/.test(n.name));
        expect(current.map((n) => n.name.slice(0, 2)).sort()).toEqual(["01", "02", "03", "04", "05"]);
        for (const note of current) {
          expect(note.status).toBe("approved");
          // A whole answer, never a partial one: all eight parts of one call.
          expect(note.body).toMatch(/^(\[call (\d+) part \d\]){8}$/);
          const calls = new Set([...note.body.matchAll(/call (\d+)/g)].map((m) => m[1]));
          expect(calls.size).toBe(1);
        }
        // Interrupted text is kept as its own revision note, never dropped.
        for (const kept of notes.filter((n) => n.name.includes("(r") && !n.name.includes(" — review by "))) {
          expect(["interrupted", "superseded"]).toContain(kept.status);
          if (kept.status === "interrupted") interruptedKept += 1;
        }
        // A step whose reviewer was asked is never asked for again: a kill during its review resumes with the review.
        const reviewed = new Set<number>();
        for (const request of mock.chatRequests().slice(requestsBefore)) {
          if (isReviewRequest(request)) reviewed.add(stepAsked(request));
          else expect(reviewed.has(stepAsked(request))).toBe(false);
        }
        expect([...reviewed]).toEqual([3]); // the example SOP reviews step 3
        // The project note lists the run exactly once, however often the start was repeated.
        const project = await readFile(join(vault.root, PROJECT), "utf8");
        const runName = (await readdir(join(vault.root, "SOP runs")))[0];
        expect(project.split("\n").filter((line) => line.startsWith("- ") && line.includes(runName))).toHaveLength(1);
        // No half-written file is left anywhere once the run has been resumed to the end.
        expect(await tempFiles(vault.root)).toEqual([]);
        // No note was created twice under another name.
        expect(notes.filter((n) => / \(\d+\)\.md$/.test(n.name) && !/\(r\d+\)/.test(n.name))).toEqual([]);
      } finally {
        await vault.cleanup();
      }
    }),
    { numRuns: KILL_RUNS, seed: 20261124 },
  );
  // The kills really landed mid-stream at least once, so the partial-text path was exercised.
  expect(interruptedKept).toBeGreaterThan(0);
  // And at least one kill landed while a reviewer was answering.
  expect(killedInReview).toBeGreaterThan(0);
  // Each killed run is a real process started and killed: generous, so a machine busy with other jobs does not fail it.
}, 120_000 + KILL_RUNS * 15_000);
