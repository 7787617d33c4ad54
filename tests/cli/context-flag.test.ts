// `--context <tokens>`: the model's context window; a long run then sends its oldest outputs as references.
import { runCli } from "../../src/cli/run-cli";
import { commands } from "../../src/cli/commands/index";
import { bufferIo } from "../support/buffer-io";
import { startMockOpenAI, type RecordedRequest } from "../support/mock-openai-server";
import { tempVault } from "../support/temp-vault";

const SOP = "SOPs/Drafting internal product docs.md";
/** A long answer per step, each with its own opening words. */
const answer = (n: number) => `Answer number ${n} begins here. ${"This sentence fills the answer with plain words. ".repeat(60)}`;

function lastPrompt(requests: RecordedRequest[]): string {
  const body = requests[requests.length - 1].body as { messages: { content: string }[] };
  return body.messages.map((m) => m.content).join("\n");
}

async function runWith(extra: string[]): Promise<{ code: number; prompt: string; stderr: string }> {
  const vault = await tempVault();
  let n = 0;
  const mock = await startMockOpenAI((request) => (/json/.test(JSON.stringify((request.body as { response_format?: unknown }).response_format ?? "")) ? { stream: ['{"findings": []}'] } : { stream: [answer(++n)] }));
  try {
    const io = bufferIo([], {});
    const code = await runCli(["run", vault.root, SOP, "--auto", "--base-url", mock.baseUrl, "--model", "m", ...extra], io, commands);
    const steps = mock.chatRequests().filter((r) => !JSON.stringify(r.body).includes('"response_format"'));
    return { code, prompt: lastPrompt(steps), stderr: io.stderr() };
  } finally {
    await mock.close();
    await vault.cleanup();
  }
}

it("without --context every approved output goes into the last step's prompt whole", async () => {
  const { code, prompt } = await runWith([]);
  expect(code).toBe(0);
  for (const n of [1, 2, 3, 4]) expect(prompt).toContain(answer(n).trim());
});

it("with a small --context the oldest outputs go in as references to their notes, the latest whole", async () => {
  const { code, prompt } = await runWith(["--context", "4096"]);
  expect(code).toBe(0);
  expect(prompt).toContain(answer(4).trim());
  expect(prompt).toContain("Answer number 1 begins here.");
  expect(prompt).not.toContain(answer(1).trim());
});

it("refuses a --context that is not a number of tokens, naming the flag", async () => {
  const vault = await tempVault();
  try {
    const io = bufferIo([], {});
    expect(await runCli(["run", vault.root, SOP, "--base-url", "http://127.0.0.1:9/v1", "--model", "m", "--context", "lots"], io, commands)).toBe(2);
    expect(io.stderr()).toContain('--context takes the model\'s context window in tokens, a whole number of 512 or more, not "lots".');
  } finally {
    await vault.cleanup();
  }
});
