// Titles people really write: long Japanese titles (bytes, not characters, fill a file name) and link-breaking
// characters. The run is written, its notes are linked, and `sop status` finds it.
import { mkdir, readdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { runCli } from "../../src/cli/run-cli";
import { commands } from "../../src/cli/commands/index";
import { utf8Length } from "../../src/core/notes/names";
import { bufferIo } from "../support/buffer-io";
import { startMockOpenAI, type MockOpenAI } from "../support/mock-openai-server";
import { tempVault } from "../support/temp-vault";

const TITLE = "月次決算の締め処理と監査対応のための標準作業手順書（経理部・財務部・内部監査室・情報システム部の共同運用版）第三版・二〇二六年度改訂・全社共通";
const PROJECT = "二〇二六年度第三四半期の月次決算（東京本社・大阪支社・名古屋営業所）";
const LONG_STEP = "各部門から提出された仕訳データと補助元帳の残高を照合し、差異があれば原因を調査して担当者に確認を依頼する";

let vault: { root: string; cleanup(): Promise<void> };
let mock: MockOpenAI;

beforeEach(async () => {
  vault = await tempVault();
  mock = await startMockOpenAI(() => ({ stream: ["Done."] }));
});

afterEach(async () => {
  await mock.close();
  await vault.cleanup();
});

async function namesUnder(folder: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(folder, { withFileTypes: true })) {
    out.push(entry.name);
    if (entry.isDirectory()) out.push(...(await namesUnder(join(folder, entry.name))));
  }
  return out;
}

it("runs an SOP with a 70-character Japanese title and long step titles: every name fits, nothing is orphaned", async () => {
  expect(TITLE.length).toBeGreaterThanOrEqual(70);
  const sop = `---\ntags: [sop]\n---\n# ${TITLE}\n\n## Steps\n\n1. ${LONG_STEP}\n2. ${LONG_STEP}（再確認）\n3. Release #42 | [draft] ^v2: sign off\n`;
  await mkdir(join(vault.root, "SOPs"), { recursive: true });
  await writeFile(join(vault.root, "SOPs", `${TITLE}.md`), sop, "utf8");
  await mkdir(join(vault.root, "Projects"), { recursive: true });
  await writeFile(join(vault.root, "Projects", `${PROJECT}.md`), "# 決算\n", "utf8");
  const io = bufferIo();
  const code = await runCli(["run", vault.root, `SOPs/${TITLE}.md`, "--project", `Projects/${PROJECT}.md`, "--auto", "--base-url", mock.baseUrl, "--model", "m"], io, commands);
  // Said once, however many steps (and runs) the unpriced model answers.
  expect(io.stderr()).toBe("No price is known for model \"m\": its cost is recorded and shown as unknown, not $0.\n");
  expect(code).toBe(0);
  const names = await namesUnder(join(vault.root, "SOP runs"));
  expect(names.length).toBeGreaterThanOrEqual(4);
  for (const name of names) {
    expect(utf8Length(name)).toBeLessThanOrEqual(255);
    expect(name).not.toMatch(/[#|[\]^\\:]/);
  }
  const status = bufferIo();
  expect(await runCli(["status", vault.root, "--json"], status, commands)).toBe(0);
  const runs = JSON.parse(status.stdout()) as { sop: string; status: string; steps: number }[];
  expect(runs).toEqual([expect.objectContaining({ status: "done", steps: 3 })]);
  expect(runs[0].sop).toContain("月次決算");
});
