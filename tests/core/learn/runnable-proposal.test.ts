import { nodeYaml } from "../../../src/cli/yaml-codec";
import { splitFrontmatter } from "../../../src/core/notes/frontmatter";
import { applyAmendment } from "../../../src/core/learn/apply-amendment";
import { buildRunnableMessages, droppedContent, runnableNoteFor, validateRunnableProposal } from "../../../src/core/learn/runnable-proposal";
import { parseProcedure } from "../../../src/core/sop/parse-procedure";
import { MemoryVault } from "../../support/memory-vault";
import { RUNBOOK, RUNNABLE_BODY } from "./runnable-note";

const PATH = "Runbooks/Rotate the API key.md";
const options = { name: "Rotate the API key", yaml: nodeYaml, date: "2026-12-04" };

function steps(text: string): string[] {
  const parsed = parseProcedure(text, { name: options.name, yaml: nodeYaml });
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.procedure.steps.map((s) => s.title);
}

it("asks for the whole note with numbered steps under ## Steps, keeping wording, links and code, without the frontmatter", () => {
  const [system, user] = buildRunnableMessages(RUNBOOK);
  expect(system.content).toMatch(/numbered list .* under a `## Steps` heading/);
  expect(system.content).toMatch(/keeps the note's own wording, links and code/);
  expect(user.content).toContain("<<<SOP\n# Rotate the API key\n");
  expect(user.content).not.toContain("owner: ops");
});

describe("a runnable version that keeps everything", () => {
  const proposal = validateRunnableProposal(RUNBOOK, "```markdown\n" + RUNNABLE_BODY + "```\n", options);
  if (!proposal.ok) throw new Error(proposal.error);

  it("becomes version 2 with the frontmatter kept and a 'Made runnable' Changelog line", () => {
    expect(parseProcedure(RUNBOOK, { name: options.name, yaml: nodeYaml }).ok).toBe(false);
    expect([proposal.fromVersion, proposal.toVersion]).toEqual([1, 2]);
    expect(nodeYaml.parse(splitFrontmatter(proposal.newNoteText).yaml ?? "")).toEqual({ tags: ["sop"], owner: "ops", sop_version: 2 });
    expect(proposal.newNoteText).toContain("## Changelog\n\n- 2026-12-04 — v2: Made runnable\n");
    expect(steps(proposal.newNoteText)).toEqual(["Create a new key in the console and store it in the vault", "Deploy it", "Revoke the old key once traffic is clean. Ask the on-call if unsure"]);
    expect(proposal.warnings).toEqual([]);
    expect(proposal.hunks.length).toBeGreaterThan(0);
  });

  it("is written atomically, and not over a note the person edited meanwhile", async () => {
    const vault = new MemoryVault({ [PATH]: RUNBOOK });
    expect(await applyAmendment(vault, PATH, RUNBOOK, proposal.newNoteText)).toEqual({ ok: true });
    expect(vault.files.get(PATH)).toBe(proposal.newNoteText);
    const edited = RUNBOOK.replace("Keys older", "My edit. Keys older");
    const other = new MemoryVault({ [PATH]: edited });
    expect((await applyAmendment(other, PATH, RUNBOOK, proposal.newNoteText)).ok).toBe(false);
    expect(other.files.get(PATH)).toBe(edited);
  });

  it("applies a partial pick as the same amendment, and refuses one that leaves no procedure", () => {
    const all = runnableNoteFor(RUNBOOK, proposal, proposal.hunks.map((h) => h.id), options);
    expect(all.ok && all.newNoteText).toBe(proposal.newNoteText);
    const heading = proposal.hunks.find((h) => h.lines.some((l) => l.kind === "added" && l.text === "## Steps"));
    const code = proposal.hunks.find((h) => h.lines.some((l) => l.kind === "added" && l.text === "   ```sh"));
    if (!heading || !code || heading === code) throw new Error("expected the heading and the indented code in separate hunks");
    const withoutIndent = runnableNoteFor(RUNBOOK, proposal, proposal.hunks.filter((h) => h !== code).map((h) => h.id), options);
    if (!withoutIndent.ok) throw new Error(withoutIndent.error);
    expect(withoutIndent.newNoteText).toContain("## Changelog\n\n- 2026-12-04 — v2: Made runnable\n");
    expect(withoutIndent.newNoteText).toContain("\n```sh\nkubectl rollout restart deploy/api\n```\n");
    expect(runnableNoteFor(RUNBOOK, proposal, [heading.id], options)).toEqual({ ok: false, error: 'The changes you kept leave "Rotate the API key" with no procedure, so nothing was changed.' });
  });

  it("refuses a partial pick that would drop a code block moved elsewhere", () => {
    const original = "# Build\n\nBuild it:\n\n```\nmake all\n```\n\nThe build takes a while.\n\nIt writes to dist.\n\nCheck the logs.\n\nShip it.\n";
    const answer = "# Build\n\nThe build takes a while.\n\nIt writes to dist.\n\nCheck the logs.\n\n## Steps\n\n1. Build it:\n\n   ```\n   make all\n   ```\n\n2. Ship it.\n";
    const moved = validateRunnableProposal(original, answer, options);
    if (!moved.ok) throw new Error(moved.error);
    const removal = moved.hunks.find((h) => h.lines.some((l) => l.kind === "removed" && l.text === "make all"));
    if (!removal || removal.lines.some((l) => l.kind === "added" && l.text.includes("make all"))) throw new Error("expected the code's removal in a hunk of its own");
    const partial = runnableNoteFor(original, moved, [removal.id], options);
    expect(partial).toEqual({ ok: false, error: 'The changes you kept would drop the code block starting "make all" from "Rotate the API key", so nothing was changed; keep the changes that move them.' });
  });
});

describe("refusals", () => {
  it("refuses a version with no procedure, saying so", () => {
    const outcome = validateRunnableProposal(RUNBOOK, RUNNABLE_BODY.replace(/^\d\. /gm, "").replace("## Steps\n\n", ""), options);
    expect(outcome.ok).toBe(false);
    expect(!outcome.ok && outcome.error).toMatch(/^The model's runnable version of "Rotate the API key" has no procedure the parser can read, so nothing was changed\. No procedure found/);
  });

  it("refuses a version that drops a link or a code block, naming them", () => {
    const lossy = RUNNABLE_BODY.replace(" Ask [the on-call](https://oncall.example.com) if unsure.", "").replace(/\n\n {3}```sh\n.*\n {3}```\n/, "\n");
    const outcome = validateRunnableProposal(RUNBOOK, lossy, options);
    expect(!outcome.ok && outcome.error).toBe(
      `The model's runnable version of "Rotate the API key" drops the link "https://oncall.example.com" and the code block starting "kubectl rollout restart deploy/api", so nothing was changed; try again, or use "Insert a steps skeleton".`,
    );
  });

  it("refuses an empty answer", () => {
    expect(validateRunnableProposal(RUNBOOK, "  \n", options)).toEqual({ ok: false, error: 'The model returned no text for "Rotate the API key", so nothing was changed.' });
  });
});

it("finds links and code moved into callouts or list items as kept", () => {
  expect(droppedContent("See [[A|the A]] and ![[b.png]].\n\n~~~\nrun it\n~~~\n", "> [!note]\n> See [[A|the A]], ![[b.png]]\n> ~~~\n> run it\n> ~~~\n")).toBeNull();
  expect(droppedContent("See [[A]].\n", "See A.\n")).toBe('the link "[[A]]"');
  expect(droppedContent("#sop #ops/oncall\n\nSee https://x.org/#top and issue #12.\n", "#ops/oncall\n\n1. See https://x.org/#top and issue #12.\n")).toBe("the tag #sop");
});

it("warns when a sop_procedure pin would still run another list than the new Steps", () => {
  const original = "---\nsop_procedure: Prerequisites\n---\n# Deploy\n\n## Prerequisites\n\n1. Access\n2. Keys\n\nDeploy by tagging, then watch the dashboard.\n";
  const answer = "# Deploy\n\n## Prerequisites\n\n1. Access\n2. Keys\n\n## Steps\n\n1. Deploy by tagging.\n2. Watch the dashboard.\n";
  const pinned = validateRunnableProposal(original, answer, options);
  if (!pinned.ok) throw new Error(pinned.error);
  expect(pinned.warnings).toEqual(['The procedure that will run is the one under "Deploy > Prerequisites", not a "Steps" section; after applying, use "Choose the procedure…" to run the steps.']);
  const unpinned = validateRunnableProposal(original.replace("sop_procedure: Prerequisites\n", "tags: [sop]\n"), answer, options);
  expect(unpinned.ok && unpinned.warnings).toEqual([]);
});
