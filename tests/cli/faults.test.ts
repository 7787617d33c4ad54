// An unattended run over real HTTP survives every passing fault, keeps all text, records cost, and stores no key.
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { runCli } from "../../src/cli/run-cli";
import { commands } from "../../src/cli/commands/index";
import { splitFrontmatter } from "../../src/core/notes/frontmatter";
import { nodeYaml } from "../../src/cli/yaml-codec";
import { bufferIo } from "../support/buffer-io";
import { startMockOpenAI, type MockReply } from "../support/mock-openai-server";
import { tempVault } from "../support/temp-vault";

const SOP = "SOPs/Drafting internal product docs.md";
const KEY = "sk-test-4f9c2a7e1b0d8c3f";

async function allFiles(root: string, rel = ""): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(join(root, rel), { withFileTypes: true })) {
    const child = rel ? `${rel}/${entry.name}` : entry.name;
    if (entry.isDirectory()) out.push(...(await allFiles(root, child)));
    else out.push(child);
  }
  return out;
}

it("finishes with every step's whole answer after a 429, a 503, a reset, a length cut and a broken chunk", async () => {
  const vault = await tempVault();
  const script: MockReply[] = [
    { status: 429, headers: { "retry-after": "0.05" } },
    { stream: ["Step one ", "complete."] },
    { status: 503 },
    { stream: ["Step two ", "complete."] },
    { stream: ["Step three ", "partial"], resetAfter: 1 },
    { stream: ["Step three ", "complete."] },
    { stream: ['{"findings": []}'] }, // step 3's review:: Fact-checker
    { stream: ["Step four ", "first half, "], finishReason: "length" },
    { stream: ["second half."] },
    { stream: ["Step five "], malformedAfter: 1 },
    { stream: ["Step five ", "complete."] },
  ];
  const mock = await startMockOpenAI(script);
  try {
    const io = bufferIo([], { OPENAI_API_KEY: KEY });
    const code = await runCli(["run", vault.root, SOP, "--auto", "--base-url", mock.baseUrl, "--model", "gpt-4o-mini"], io, commands);
    expect(code).toBe(0);
    expect(io.stdout()).toContain("Run done:");

    const runsFolder = join(vault.root, "SOP runs");
    const [folder] = await readdir(runsFolder);
    const names = await readdir(join(runsFolder, folder));
    const body = async (prefix: string): Promise<{ text: string; props: Record<string, unknown> }> => {
      const name = names.find((n) => n.startsWith(prefix) && !n.includes("(r")) as string;
      const { yaml, body: text } = splitFrontmatter(await readFile(join(runsFolder, folder, name), "utf8"));
      return { text: text.trim(), props: nodeYaml.parse(yaml ?? "") as Record<string, unknown> };
    };
    expect((await body("01 ")).text).toBe("Step one complete.");
    expect((await body("02 ")).text).toBe("Step two complete.");
    expect((await body("03 ")).text).toBe("Step three complete.");
    expect((await body("04 ")).text).toBe("Step four first half, second half.");
    expect((await body("05 ")).text).toBe("Step five complete.");
    // The cut-off texts are kept as interrupted revisions of their steps.
    expect(names.filter((n) => n.includes("(r1)")).map((n) => n.slice(0, 2)).sort()).toEqual(["03", "05"]);

    // Tokens and cost are recorded per step and for the run (gpt-4o-mini is in the default price table).
    const first = (await body("01 ")).props;
    expect(Number(first.tokens_in)).toBeGreaterThan(0);
    expect(Number(first.cost)).toBeGreaterThan(0);
    const runNote = (await body(`${folder}.md`)).props;
    expect(Number(runNote.cost)).toBeGreaterThan(Number(first.cost));

    // The key went to the endpoint, and into no file of the vault.
    expect(mock.chatRequests()[0].headers.authorization).toBe(`Bearer ${KEY}`);
    for (const file of await allFiles(vault.root)) expect(await readFile(join(vault.root, file), "utf8")).not.toContain(KEY);
    expect(io.stdout() + io.stderr()).not.toContain(KEY);
  } finally {
    await mock.close();
    await vault.cleanup();
  }
}, 30_000);
