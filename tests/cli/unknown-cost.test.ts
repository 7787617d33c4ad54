// A model without a known price: its cost is recorded and shown as unknown, never $0, with one warning per run.
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { runCli } from "../../src/cli/run-cli";
import { commands } from "../../src/cli/commands/index";
import { propertiesOf } from "../../src/core/notes/frontmatter";
import { nodeYaml } from "../../src/cli/yaml-codec";
import { bufferIo } from "../support/buffer-io";
import { startMockOpenAI, type MockOpenAI } from "../support/mock-openai-server";
import { tempVault } from "../support/temp-vault";

const SOP = "SOPs/Drafting internal product docs.md";
const WARNING = 'No price is known for model "tiny-random-llama": its cost is recorded and shown as unknown, not $0.';

let vault: { root: string; cleanup(): Promise<void> };
let mock: MockOpenAI;

beforeEach(async () => {
  vault = await tempVault();
  mock = await startMockOpenAI(() => ({ stream: ["Step output."], usage: { prompt_tokens: 1000, completion_tokens: 100 } }));
});

afterEach(async () => {
  await mock.close();
  await vault.cleanup();
});

async function runNotes(): Promise<{ run: Record<string, unknown>; waypoints: Record<string, unknown>[] }> {
  const runs = join(vault.root, "SOP runs");
  const [folder] = await readdir(runs);
  const names = await readdir(join(runs, folder));
  const props = async (name: string): Promise<Record<string, unknown>> => propertiesOf(await readFile(join(runs, folder, name), "utf8"), nodeYaml);
  const runName = names.find((name) => !/^\d\d /.test(name) && !name.endsWith(" log.md")) as string;
  const notes = await Promise.all(names.filter((name) => /^\d\d /.test(name)).sort().map(props));
  return { run: await props(runName), waypoints: notes.filter((p) => typeof p.waypoint_status === "string") };
}

/** The run's log: the note beside the run note that it embeds. */
async function runLogText(): Promise<string> {
  const runs = join(vault.root, "SOP runs");
  const [folder] = await readdir(runs);
  return readFile(join(runs, folder, `${folder} log.md`), "utf8");
}

it("records an unpriced model's cost as unknown on the run note and waypoints, says so once, and prints 'cost unknown'", async () => {
  const first = bufferIo(["q"], {});
  expect(await runCli(["run", vault.root, SOP, "--base-url", mock.baseUrl, "--model", "tiny-random-llama"], first, commands)).toBe(0);
  expect(first.stdout()).toMatch(/awaiting-review: \d+ characters, 1000 tokens in, 100 out, cost unknown → /);
  expect(first.stderr()).toBe(`${WARNING}\n`);
  // The gate, then a resume that reads the unknown cost back and runs the other steps: still unknown, never $0.
  const resumed = bufferIo(["a", "a", "a", "a", "a"], {});
  expect(await runCli(["resume", vault.root, "--base-url", mock.baseUrl, "--model", "tiny-random-llama"], resumed, commands)).toBe(0);
  expect(resumed.stderr()).toBe(`${WARNING}\n`);
  const { run, waypoints } = await runNotes();
  expect(run.run_status).toBe("done");
  expect(run.tokens_in).toBeGreaterThanOrEqual(5000);
  expect(run.cost).toBeNull();
  expect(waypoints.map((w) => w.cost)).toEqual([null, null, null, null, null]);
  expect(await runLogText()).toContain('Step 1: no price is known for model "tiny-random-llama", so the run\'s cost is unknown from here on.');
  const card = bufferIo([], {});
  expect(await runCli(["scorecard", vault.root, SOP], card, commands)).toBe(0);
  expect(card.stdout()).toMatch(/1\. Identify the target audience.*unknown/);
  expect(card.stdout()).not.toContain("$0.00");
});

it("prices a known model (a dated id by its base model) in the notes and on the terminal, with no warning", async () => {
  const io = bufferIo([], {});
  expect(await runCli(["run", vault.root, SOP, "--auto", "--base-url", mock.baseUrl, "--model", "gpt-4o-mini-2024-07-18"], io, commands)).toBe(0);
  expect(io.stderr()).toBe("");
  // 1000 prompt tokens at $0.15 and 100 completion tokens at $0.60 per million: $0.00021 a step.
  expect(io.stdout()).toContain("1000 tokens in, 100 out, cost $0.0002 → ");
  const { run, waypoints } = await runNotes();
  expect(waypoints.length).toBeGreaterThan(0);
  for (const waypoint of waypoints) expect(waypoint.cost).toBe(0.00021);
  expect(run.cost).toBeGreaterThanOrEqual(0.00021 * waypoints.length);
});
