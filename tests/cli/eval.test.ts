// `sop eval` against the scripted model: k unattended runs, pass^k per step from the reviewers, output variation, a note with a table.
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { runCli } from "../../src/cli/run-cli";
import { commands } from "../../src/cli/commands/index";
import { bufferIo } from "../support/buffer-io";
import { startMockOpenAI, type MockOpenAI, type RecordedRequest } from "../support/mock-openai-server";
import { tempVault } from "../support/temp-vault";

const SOP = "SOPs/Drafting internal product docs.md";

let vault: { root: string; cleanup(): Promise<void> };
let mock: MockOpenAI;

function isReview(request: RecordedRequest): boolean {
  return JSON.stringify(request.body).includes("You review one waypoint");
}

beforeEach(async () => {
  vault = await tempVault();
  let reviews = 0;
  let steps = 0;
  // Step 3's Fact-checker finds a high-severity problem in the second run only; every other step answers the same words.
  mock = await startMockOpenAI((request) => {
    if (isReview(request)) {
      reviews += 1;
      const findings = reviews === 2 ? [{ quote: "Answer", problem: "Unsupported claim.", severity: "high", suggestion: "Cite the policy." }] : [];
      return { stream: [JSON.stringify({ findings })] };
    }
    steps += 1;
    return { stream: [steps % 5 === 2 ? `Answer ${steps} varies here.` : "The same answer."] };
  });
});

afterEach(async () => {
  await mock.close();
  await vault.cleanup();
});

describe("sop eval", () => {
  it("runs the SOP k times unattended and writes pass^k, per-step review results and variation to a note", async () => {
    const io = bufferIo();
    const code = await runCli(["eval", vault.root, SOP, "--k", "3", "--base-url", mock.baseUrl, "--model", "m"], io, commands);
    expect(io.stderr()).toBe("");
    expect(code).toBe(0);
    expect(io.stdout()).toContain("Run 3/3 done");
    expect(io.stdout()).toContain("pass^3: 80% of steps passed review in all 3 runs.");
    const [name] = await readdir(join(vault.root, "SOP evals")).then((names) => names.filter((n) => n.endsWith(".md")));
    const note = await readFile(join(vault.root, "SOP evals", name), "utf8");
    expect(note).toContain("pass_k: 0.8");
    expect(note).toContain("| Step | Ran | Passed review | Passed in all runs | Findings (high / medium / low) | Output variation |");
    expect(note).toMatch(/\| 1\. Identify the target audience and their common questions \| 3 of 3 \| 3 of 3 \| yes \| no reviewer \| 0\.00 \|/);
    expect(note).toMatch(/\| 3\. Draft section content in plain, direct language \| 3 of 3 \| 2 of 3 \| no \| 1 \/ 0 \/ 0 \| 0\.00 \|/);
    expect(note).toMatch(/\| 2\. Build a topic outline focused on user workflows \| 3 of 3 \| 3 of 3 \| yes \| no reviewer \| (0\.[1-9]\d|1\.00) \|/);
    // The evaluation's runs are kept in their own folder and are not the SOP's real runs.
    expect((await readdir(join(vault.root, "SOP evals"))).filter((n) => !n.endsWith(".md"))).toHaveLength(3);
    await expect(readdir(join(vault.root, "SOP runs"))).rejects.toThrow();
  });

  it("refuses with one line and exit 2 when no model is configured", async () => {
    const io = bufferIo();
    expect(await runCli(["eval", vault.root, SOP, "--k", "3"], io, commands)).toBe(2);
    expect(io.stderr().trim()).toBe("sop eval: a model is needed to run the SOP against: give --base-url (and --model), or set OPENAI_BASE_URL or OPENAI_API_KEY.");
    await expect(readdir(join(vault.root, "SOP evals"))).rejects.toThrow();
  });
});
