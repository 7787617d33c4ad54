// A run has one driver at a time across real processes: concurrent `sop resume`s of one run, and `status` after a kill.
import { spawn } from "node:child_process";
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { build } from "esbuild";
import { splitFrontmatter } from "../../src/core/notes/frontmatter";
import { nodeYaml } from "../../src/cli/yaml-codec";
import { isReviewRequest, NO_FINDINGS, startMockOpenAI, type MockOpenAI } from "../support/mock-openai-server";
import { tempVault } from "../support/temp-vault";

const SOP = "SOPs/Drafting internal product docs.md";
let cliDir: string;
let cli: string;
let mock: MockOpenAI;

beforeAll(async () => {
  cliDir = await mkdtemp(join(tmpdir(), "sop-cli-"));
  cli = join(cliDir, "sop.cjs");
  await build({ entryPoints: [join(__dirname, "..", "..", "src", "cli", "main.ts")], bundle: true, platform: "node", format: "cjs", outfile: cli, logLevel: "silent" });
  // Slow enough that a whole run takes seconds: every contender starts while the first one still drives.
  mock = await startMockOpenAI((request, index) => isReviewRequest(request) ? NO_FINDINGS : ({ stream: Array.from({ length: 8 }, (_, i) => `[call ${index + 1} part ${i + 1}]`), delayMs: 60 }));
});

afterAll(async () => {
  await mock.close();
  await rm(cliDir, { recursive: true, force: true });
});

interface Exit {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** The built CLI as a child process; SIGKILLed once `killWhen` sees its output, when given. */
function sop(args: string[], killWhen?: (stdout: string) => boolean): Promise<Exit> {
  return new Promise((resolve) => {
    const model = args[0] === "status" ? [] : ["--base-url", mock.baseUrl, "--model", "m"];
    const child = spawn(process.execPath, [cli, ...args, ...model], { stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
      if (killWhen?.(stdout)) child.kill("SIGKILL");
    });
    child.stderr.on("data", (chunk: Buffer) => void (stderr += chunk.toString()));
    child.on("exit", (code) => resolve({ code, stdout, stderr }));
  });
}

async function runFolder(root: string): Promise<string> {
  const folders = await readdir(join(root, "SOP runs"));
  expect(folders).toHaveLength(1);
  return join(root, "SOP runs", folders[0]);
}

it("a killed run shows as interrupted; of four concurrent resumes exactly one drives it and no step runs twice", async () => {
  const vault = await tempVault();
  try {
    // Killed while step 2 streams: the notes say "running", but its driver is gone.
    const killed = await sop(["run", vault.root, SOP, "--auto"], (out) => out.includes("Step 2"));
    expect(killed.code).toBeNull();
    const folder = await runFolder(vault.root);
    const runNote = (await readdir(folder)).find((name) => !/^\d\d /.test(name) && name.endsWith(".md") && !name.endsWith(" log.md")) ?? "";
    const runPath = `SOP runs/${folder.slice(folder.lastIndexOf("/") + 1)}/${runNote}`;

    const status = await sop(["status", vault.root]);
    expect(status.stdout).toMatch(/^interrupted\s+step 2\/5/m);
    expect(status.stdout).not.toContain("running");

    const callsBefore = mock.chatRequests().length;
    const resumes = await Promise.all([1, 2, 3, 4].map(() => sop(["resume", vault.root, runPath, "--auto"])));
    const drivers = resumes.filter((r) => r.code === 0);
    const refused = resumes.filter((r) => r.code !== 0);
    expect(drivers).toHaveLength(1);
    expect(refused).toHaveLength(3);
    for (const other of refused) {
      expect(other.code).toBe(1);
      expect(other.stderr).toMatch(/^sop resume: This run is being driven by the sop command line \(pid \d+ on .+\) since \S+\.\n$/);
    }

    const notes = await readdir(folder);
    const run = splitFrontmatter(await readFile(join(folder, runNote), "utf8"));
    const log = await readFile(join(folder, runNote.replace(/\.md$/, " log.md")), "utf8");
    expect((nodeYaml.parse(run.yaml ?? "") as Record<string, unknown>).run_status).toBe("done");
    for (const step of [1, 2, 3, 4, 5]) {
      // Approved exactly once, by one process, in one note.
      expect(log.match(new RegExp(`Step ${step} approved automatically`, "g"))).toHaveLength(1);
      const current = notes.filter((name) => name.startsWith(`0${step} `) && !name.includes("(r"));
      expect(current).toHaveLength(1);
      const props = nodeYaml.parse(splitFrontmatter(await readFile(join(folder, current[0]), "utf8")).yaml ?? "") as Record<string, unknown>;
      expect(props.waypoint_status).toBe("approved");
    }
    // Steps 2 (re-run after the kill) to 5 and step 3's reviewer: nothing more was asked of the model.
    expect(mock.chatRequests().length - callsBefore).toBe(5);
    expect(notes.filter((name) => name.startsWith(".sop-run.lock") || name.endsWith(".tmp"))).toEqual([]);
  } finally {
    await vault.cleanup();
  }
}, 60_000);
