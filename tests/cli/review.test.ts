import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { runCli } from "../../src/cli/run-cli";
import { commands } from "../../src/cli/commands/index";
import { parseReviewNote } from "../../src/core/review/review-note";
import { nodeYaml } from "../../src/cli/yaml-codec";
import { bufferIo } from "../support/buffer-io";
import { startMockOpenAI, type MockOpenAI, type RecordedRequest } from "../support/mock-openai-server";
import { tempVault } from "../support/temp-vault";

const WAYPOINT = "Drafts/MFA section.md";
const DRAFT = "# Sign in safely\n\nEvery account uses multi-factor authentication. SMS is allowed for MFA. Hardware keys are preferred.\n";
const SMS_FINDING = {
  quote: "SMS is allowed for MFA.",
  problem: "The access policy says SMS is not allowed.",
  severity: "high",
  suggestion: "SMS is not allowed for MFA.",
  source: "Access policy",
  check: null,
};

let vault: { root: string; cleanup(): Promise<void> };
let mock: MockOpenAI;

function contentOf(request: RecordedRequest, index: number): string {
  return (request.body as { messages: { content: string }[] }).messages[index]?.content ?? "";
}

beforeEach(async () => {
  vault = await tempVault();
  await mkdir(join(vault.root, "Drafts"), { recursive: true });
  await writeFile(join(vault.root, "Drafts", "MFA section.md"), DRAFT);
  await writeFile(join(vault.root, "Roles", "MFA checker.md"), "---\ntags: [sop-role]\nsources:\n  - \"[[Access policy]]\"\n---\nYou check MFA claims against the policy.\n");
  mock = await startMockOpenAI((request) =>
    /Your role: MFA checker/.test(contentOf(request, 0))
      ? { stream: [JSON.stringify({ findings: [SMS_FINDING] })] }
      : { stream: ["```json\n", JSON.stringify({ findings: [] }), "\n```"] },
  );
});

afterEach(async () => {
  await mock.close();
  await vault.cleanup();
});

describe("sop review", () => {
  it("prints each reviewer's findings with severity, quote, problem, suggestion and source, and the review note", async () => {
    const io = bufferIo();
    const code = await runCli(["review", vault.root, WAYPOINT, "--role", "MFA checker", "--role", "[[Fact-checker]]", "--base-url", mock.baseUrl, "--model", "mock-model"], io, commands);
    expect(io.stderr()).toBe("");
    expect(code).toBe(0);
    const out = io.stdout();
    expect(out).toContain("MFA checker (revision 1): 1 finding — 1 high, 0 medium, 0 low");
    expect(out).toContain("1. [high] “SMS is allowed for MFA.”");
    expect(out).toContain("Problem: The access policy says SMS is not allowed.");
    expect(out).toContain("Suggestion: SMS is not allowed for MFA.");
    expect(out).toContain("Source: Access policy");
    expect(out).toContain("Fact-checker (revision 1): 0 findings — 0 high, 0 medium, 0 low");
    const notePath = "Drafts/MFA section — review by MFA checker (r1).md";
    expect(out).toContain(`Review note: ${notePath}`);

    const stored = parseReviewNote(await readFile(join(vault.root, notePath), "utf8"), nodeYaml);
    expect(stored.findings).toEqual([expect.objectContaining({ quote: "SMS is allowed for MFA.", severity: "high", source: "Access policy", state: "open" })]);
    const checkerRequest = mock.chatRequests().find((r) => /Your role: MFA checker/.test(contentOf(r, 0)));
    expect(contentOf(checkerRequest as RecordedRequest, 1)).toContain("SMS is not allowed.");
    expect(await readFile(join(vault.root, WAYPOINT), "utf8")).toBe(DRAFT);
  });

  it("a reviewer whose call fails is a failed review: it says so and exits 1, not '0 findings' and 0", async () => {
    await mock.close();
    mock = await startMockOpenAI(() => ({ status: 400, body: { error: { message: "Conversation roles must alternate user/assistant/user/assistant/...", type: "invalid_request_error" } } }));
    const io = bufferIo();
    const code = await runCli(["review", vault.root, WAYPOINT, "--role", "MFA checker", "--base-url", mock.baseUrl, "--model", "mock-model"], io, commands);
    expect(code).toBe(1);
    expect(io.stderr()).toContain(`Review failed: MFA checker could not review ${WAYPOINT}.`);
    expect(io.stdout()).toContain("Conversation roles must alternate");
  });

  it("bad input exits 2 with one line: no role, an unknown role, a missing note, no model", async () => {
    const cases: [string[], RegExp][] = [
      [["review", vault.root, WAYPOINT, "--base-url", mock.baseUrl, "--model", "m"], /Name at least one role with --role/],
      [["review", vault.root, WAYPOINT, "--role", "Nobody", "--base-url", mock.baseUrl, "--model", "m"], /No role note "Nobody"/],
      [["review", vault.root, "Drafts/Missing.md", "--role", "Fact-checker", "--base-url", mock.baseUrl], /No waypoint note "Drafts\/Missing.md"/],
      [["review", vault.root, WAYPOINT, "--role", "Fact-checker"], /No model configured/],
    ];
    for (const [argv, message] of cases) {
      const io = bufferIo();
      expect(await runCli(argv, io, commands)).toBe(2);
      expect(io.stderr()).toMatch(message);
      expect(io.stderr().trim().split("\n")).toHaveLength(1);
    }
    expect(mock.chatRequests()).toEqual([]);
  });
});
