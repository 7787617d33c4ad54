// `sop parse` and `sop list` against fixture notes and a small vault folder on disk.
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runCli } from "../../src/cli/run-cli";
import { listCommand } from "../../src/cli/commands/list";
import { parseCommand } from "../../src/cli/commands/parse";
import { bufferIo } from "../support/buffer-io";

const fixtures = join(__dirname, "../fixtures/sops");
const commands = [parseCommand, listCommand];

interface ParsedJson {
  title: string;
  steps: { index: number; id: string; title: string; text: string; fields: Record<string, string>; checks: string[] }[];
  warnings: string[];
}

describe("sop parse", () => {
  it("--json prints title, steps with index/id/title/text/fields/checks, and warnings", async () => {
    const io = bufferIo();
    expect(await runCli(["parse", join(fixtures, "drafting-internal-product-docs.md"), "--json"], io, commands)).toBe(0);
    const parsed = JSON.parse(io.stdout()) as ParsedJson;
    expect(parsed.title).toBe("Drafting internal product docs");
    expect(parsed.steps).toHaveLength(5);
    expect(Object.keys(parsed.steps[0])).toEqual(["index", "id", "title", "text", "fields", "checks"]);
    expect(parsed.steps[4]).toMatchObject({ index: 5, title: "Spot-check accuracy using examples or config snippets", fields: { role: "Fact-checker", gate: "review" } });
    expect(parsed.warnings).toEqual([]);
    expect(io.stdout()).toContain('\n  "steps": [');
  });

  it("without --json prints a numbered outline with fields and checks indented", async () => {
    const io = bufferIo();
    expect(await runCli(["parse", join(fixtures, "drafting-internal-product-docs.md")], io, commands)).toBe(0);
    const lines = io.stdout().split("\n");
    expect(lines[0]).toBe("Drafting internal product docs");
    expect(lines[1]).toBe("5 steps");
    expect(lines).toContain("1. Identify the target audience and their common questions");
    expect(lines).toContain("   role: Drafter");
    expect(lines).toContain("   - Names the audience and where they are in their first 90 days");
    expect(lines).toContain("5. Spot-check accuracy using examples or config snippets");
  });

  it("a missing file is exit 2 with one line", async () => {
    const io = bufferIo();
    expect(await runCli(["parse", join(fixtures, "nope.md")], io, commands)).toBe(2);
    expect(io.stderr()).toMatch(/^sop parse: no such file: .*nope\.md\n$/);
  });

  it("a note with no procedure is exit 1 with one line naming the note and how to fix it", async () => {
    const io = bufferIo();
    expect(await runCli(["parse", join(fixtures, "no-procedure.md")], io, commands)).toBe(1);
    expect(io.stderr()).toContain('No procedure found in "no-procedure"');
    expect(io.stderr()).toContain('add a "## Steps" heading');
    expect(io.stderr().trim().split("\n")).toHaveLength(1);
  });

  it("--explain lists every candidate with its heading path and first steps, and why the first one runs", async () => {
    const io = bufferIo();
    expect(await runCli(["parse", join(fixtures, "traps", "prerequisites-decoy.md"), "--explain"], io, commands)).toBe(0);
    const out = io.stdout();
    expect(out).toContain("Runs: Restore a backup > Restore: numbered list, 3 steps");
    expect(out).toMatch(/Why: .*numbered list \(3 steps\)/);
    expect(out).toContain("Restore a backup > Prerequisites: numbered list, 4 steps");
    expect(out).toContain("1) Stop the application");
    expect(out).toContain("sop_procedure");
  });

  it("--json includes the candidates and the reason for the choice", async () => {
    const io = bufferIo();
    expect(await runCli(["parse", join(fixtures, "traps", "toc-decoy.md"), "--json"], io, commands)).toBe(0);
    const json = JSON.parse(io.stdout()) as { choice: string; candidates: { path: string[]; shape: string; stepCount: number; firstSteps: string[]; chosen: boolean }[] };
    expect(json.candidates[0]).toEqual({ path: ["Release checklist"], shape: "numbered headings", reading: "top", stepCount: 3, firstSteps: ["Set up variables", "Create the branch", "Tag the release"], chosen: true });
    expect(json.choice).toContain("numbered headings");
  });

  it("no file and unknown flags are usage errors", async () => {
    expect(await runCli(["parse"], bufferIo(), commands)).toBe(2);
    const io = bufferIo();
    expect(await runCli(["parse", "x.md", "--yaml"], io, commands)).toBe(2);
    expect(io.stderr()).toContain("--yaml");
  });
});

describe("sop list", () => {
  let vault: string;

  beforeAll(() => {
    vault = mkdtempSync(join(tmpdir(), "sop-list-"));
    mkdirSync(join(vault, "SOPs", "Ops"), { recursive: true });
    mkdirSync(join(vault, ".obsidian"));
    mkdirSync(join(vault, ".trash"));
    cpSync(join(fixtures, "drafting-internal-product-docs.md"), join(vault, "SOPs", "Drafting internal product docs.md"));
    cpSync(join(fixtures, "release-checklist.md"), join(vault, "SOPs", "Ops", "Release.md"));
    cpSync(join(fixtures, "no-procedure.md"), join(vault, "SOPs", "Meeting.md"));
    cpSync(join(fixtures, "lazy-numbering.md"), join(vault, "Untagged.md"));
    writeFileSync(join(vault, "Role.md"), "---\ntags: [sop-role]\n---\n1. not an SOP\n");
    writeFileSync(join(vault, "Playbook.md"), "#playbook\n\n1. a\n2. b\n");
    cpSync(join(fixtures, "release-checklist.md"), join(vault, ".trash", "Old release.md"));
    cpSync(join(fixtures, "release-checklist.md"), join(vault, ".obsidian", "Stray.md"));
  });

  afterAll(() => rmSync(vault, { recursive: true, force: true }));

  it("--json lists every tagged note below the folder, errors included, skipping .obsidian and .trash", async () => {
    const io = bufferIo();
    expect(await runCli(["list", vault, "--json"], io, commands)).toBe(0);
    const listed = JSON.parse(io.stdout()) as { path: string; title: string; steps: number | null; error?: string }[];
    expect(listed.map((s) => [s.path, s.steps])).toEqual([
      ["SOPs/Drafting internal product docs.md", 5],
      ["SOPs/Meeting.md", null],
      ["SOPs/Ops/Release.md", 6],
    ]);
    expect(listed[1].error).toContain('"Meeting"');
    expect(listed[2].title).toBe("Mobile app release checklist");
  });

  it("prints one line per SOP without --json", async () => {
    const io = bufferIo();
    expect(await runCli(["list", vault], io, commands)).toBe(0);
    expect(io.stdout()).toContain("SOPs/Drafting internal product docs.md — Drafting internal product docs (5 steps)\n");
    expect(io.stdout()).toContain("SOPs/Ops/Release.md — Mobile app release checklist (6 steps)\n");
  });

  it("--tag chooses another tag", async () => {
    const io = bufferIo();
    expect(await runCli(["list", vault, "--tag", "playbook", "--json"], io, commands)).toBe(0);
    expect(JSON.parse(io.stdout())).toEqual([{ path: "Playbook.md", title: "Playbook", steps: 2 }]);
  });

  it("a missing folder or a file instead of a folder is exit 2", async () => {
    const io = bufferIo();
    expect(await runCli(["list", join(vault, "nope")], io, commands)).toBe(2);
    expect(io.stderr()).toMatch(/^sop list: no such folder: .*nope\n$/);
    expect(await runCli(["list", join(vault, "Role.md")], bufferIo(), commands)).toBe(2);
  });
});
