// Command line against the scripted model: inputs, conditional steps, recurring SOPs (`sop due`), owners and overdue steps.
import { readdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { runCli } from "../../src/cli/run-cli";
import { commands } from "../../src/cli/commands/index";
import { splitFrontmatter } from "../../src/core/notes/frontmatter";
import { nodeYaml } from "../../src/cli/yaml-codec";
import { bufferIo } from "../support/buffer-io";
import { startMockOpenAI, type MockOpenAI, type RecordedRequest } from "../support/mock-openai-server";
import { tempVault } from "../support/temp-vault";

const SOP = "SOPs/Weekly on-call handover.md";

let vault: { root: string; cleanup(): Promise<void> };
let mock: MockOpenAI;

function lastMessage(request: RecordedRequest): string {
  const messages = (request.body as { messages: { content: string }[] }).messages;
  return messages[messages.length - 1].content;
}

function isReview(request: RecordedRequest): boolean {
  return JSON.stringify(request.body).includes("You review one waypoint");
}

function stepsAsked(): number[] {
  return mock
    .chatRequests()
    .filter((r) => !isReview(r))
    .map((r) => Number(/# Current step: (\d+)/.exec(lastMessage(r))?.[1]));
}

beforeEach(async () => {
  vault = await tempVault();
  mock = await startMockOpenAI((request) => (isReview(request) ? { stream: ['{"findings": []}'] } : { stream: ["Done: ", "the step."] }));
});

afterEach(async () => {
  await mock.close();
  await vault.cleanup();
});

async function cli(args: string[], answers: string[] = [], env: Record<string, string> = {}) {
  const io = bufferIo(answers, env);
  const code = await runCli(args.map((a) => a.replace("<vault>", vault.root).replace("<mock>", mock.baseUrl)), io, commands);
  return { code, out: io.stdout(), err: io.stderr() };
}

async function properties(path: string): Promise<Record<string, unknown>> {
  const { yaml } = splitFrontmatter(await readFile(join(vault.root, path), "utf8"));
  return (yaml ? nodeYaml.parse(yaml) : {}) as Record<string, unknown>;
}

async function status(): Promise<{ run: string; status: string; step: number; owner: string; due: string; overdue: boolean }[]> {
  const { code, out } = await cli(["status", "<vault>", "--json"]);
  expect(code).toBe(0);
  return JSON.parse(out) as { run: string; status: string; step: number; owner: string; due: string; overdue: boolean }[];
}

async function files(): Promise<string[]> {
  return (await readdir(vault.root, { recursive: true })).map(String).sort();
}

describe("sop run with inputs", () => {
  it("substitutes --input values in the prompts and records every input on the run note", async () => {
    const run = await cli(["run", "<vault>", SOP, "--auto", "--input", "service=payments", "--input", "week_ending=2026-11-29", "--base-url", "<mock>", "--model", "m"]);
    expect(run.err).toBe('No price is known for model "m": its cost is recorded and shown as unknown, not $0.\n');
    expect(run.code).toBe(0);
    const first = lastMessage(mock.chatRequests()[0]);
    expect(first).toContain("Summarise the week of the payments");
    expect(first).toContain("the week ending 2026-11-29");
    const [summary] = await status();
    expect(await properties(summary.run)).toMatchObject({ input_service: "payments", input_severity: "none", input_customer_impact: false, input_week_ending: "2026-11-29" });
  });

  it("reads --inputs-file (YAML or JSON) and lets --input override it", async () => {
    const file = join(vault.root, "..", `inputs-${Date.now()}.json`);
    await writeFile(file, JSON.stringify({ service: "search", severity: "high", incident: "2026-11-30 login outage" }));
    const run = await cli(["run", "<vault>", SOP, "--auto", "--inputs-file", file, "--input", "service=billing", "--base-url", "<mock>", "--model", "m"]);
    expect(run.code).toBe(0);
    const [summary] = await status();
    expect(await properties(summary.run)).toMatchObject({ input_service: "billing", input_severity: "high", input_incident: "[[2026-11-30 login outage]]" });
    expect(mock.chatRequests().map(lastMessage).join("\n")).toContain("Write the incident review for [[2026-11-30 login outage]]");
  });

  it.each([
    [["--input", "severity=urgent"], 'Invalid input "severity" must be one of none, low, high (got "urgent").'],
    [["--input", "week_ending=last friday"], 'Invalid input "week_ending" must be a date as YYYY-MM-DD (got "last friday").'],
    [["--input", "incident=No such incident"], 'Invalid input "incident" must be the name of a note in the vault; there is no note "No such incident".'],
    [["--input", "sevrity=high"], 'Unknown input "sevrity": it takes service, severity, incident, customer_impact, week_ending.'],
    [["--input", "service"], '--input takes name=value, like --input service=payments (got "service").'],
  ])("refuses %j with exit 2, one line naming the input, and nothing written", async (flags, message) => {
    const before = await files();
    const run = await cli(["run", "<vault>", SOP, ...flags, "--base-url", "<mock>", "--model", "m"]);
    expect(run.code).toBe(2);
    expect(run.err.trim()).toBe(`sop run: ${message}`);
    expect(await files()).toEqual(before);
    expect(mock.chatRequests()).toHaveLength(0);
  });
});

describe("conditional steps on the command line", () => {
  it("skips a step whose condition is false without a model request, and shows why", async () => {
    const run = await cli(["run", "<vault>", SOP, "--auto", "--base-url", "<mock>", "--model", "m"]);
    expect(run.code).toBe(0);
    expect(run.out).toContain("Step 2: Write the incident review for (not given) — skipped (condition not met: severity == high)");
    expect(run.out).toContain("Step 3: Draft the customer update — skipped (condition not met: customer_impact and severity in [low, high])");
    expect(stepsAsked()).toEqual([1]);
    const [summary] = await status();
    expect(summary).toMatchObject({ status: "awaiting-review", step: 4 });
    const body = await readFile(join(vault.root, summary.run), "utf8");
    expect(body).toMatch(/2\. .* — skipped \(condition not met: severity == high\)/);
  });
});

describe("owners and deadlines on the command line", () => {
  it("a human step owned by someone else waits for them; its owner runs it", async () => {
    const run = await cli(["run", "<vault>", SOP, "--base-url", "<mock>", "--model", "m", "--as", "Sam"], ["a"]);
    expect(run.code).toBe(0);
    expect(run.out).toContain("Step 4 is assigned to [[Dana]]; it waits for them (run as them with --as).");
    const [waiting] = await status();
    expect(waiting).toMatchObject({ status: "awaiting-review", step: 4, owner: "[[Dana]]" });
    expect(waiting.due).toMatch(/^\d{4}-\d{2}-\d{2}T/);

    const dana = await cli(["resume", "<vault>", waiting.run, "--base-url", "<mock>", "--model", "m"], ["a"], { SOP_USER: "Dana" });
    expect(dana.code).toBe(0);
    expect((await status())[0]).toMatchObject({ status: "done" });
  });

  it("shows an overdue step in sop status --json and in the text listing", async () => {
    const path = join(vault.root, SOP);
    await writeFile(path, (await readFile(path, "utf8")).replace("due:: 1d", "due:: 2020-01-06"));
    await cli(["run", "<vault>", SOP, "--auto", "--base-url", "<mock>", "--model", "m"]);
    const [late] = await status();
    expect(late).toMatchObject({ status: "awaiting-review", step: 4, owner: "[[Dana]]", due: "2020-01-06T23:59:59", overdue: true });
    const text = await cli(["status", "<vault>"]);
    expect(text.out).toContain("owner [[Dana]], due 2020-01-06T23:59:59 — OVERDUE");
  });
});

describe("sop due", () => {
  it("lists a recurring SOP before its first run and not right after it", async () => {
    const before = await cli(["due", "<vault>", "--json"]);
    expect(before.code).toBe(0);
    expect(JSON.parse(before.out)).toEqual([
      { path: SOP, title: "Weekly on-call handover", every: "weekly on monday", lastStarted: null, dueSince: null, missingInputs: [] },
    ]);
    expect((await cli(["due", "<vault>"])).out).toBe(`${SOP} — Weekly on-call handover — weekly on monday, never ran\n`);

    const started = await cli(["due", "<vault>", "--start", "--auto", "--base-url", "<mock>", "--model", "m"]);
    expect(started.code).toBe(0);
    expect(started.out).toContain("Started SOP runs/");
    const [run] = await status();
    expect(await properties(run.run)).toMatchObject({ input_service: "identity platform", mode: "auto" });

    expect(JSON.parse((await cli(["due", "<vault>", "--json"])).out)).toEqual([]);
    expect((await cli(["due", "<vault>"])).out).toBe("No recurring SOP is due.\n");
  });

  it("refuses to start a due SOP whose required input has no default, naming it", async () => {
    const path = join(vault.root, SOP);
    await writeFile(path, (await readFile(path, "utf8")).replace("    default: identity platform\n", ""));
    expect(JSON.parse((await cli(["due", "<vault>", "--json"])).out)).toMatchObject([{ missingInputs: ["service"] }]);
    const started = await cli(["due", "<vault>", "--start"]);
    expect(started.code).toBe(2);
    expect(started.err.trim()).toBe(`${SOP}: not started: Missing required input "service": give any text.`);
    expect(await status()).toEqual([]);
  });
});
