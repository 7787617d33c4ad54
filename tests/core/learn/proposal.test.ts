import { nodeYaml } from "../../../src/cli/yaml-codec";
import { splitFrontmatter } from "../../../src/core/notes/frontmatter";
import { applyAmendment } from "../../../src/core/learn/apply-amendment";
import { applyHunks } from "../../../src/core/learn/diff";
import { buildAmendedNote, cleanProposal, validateProposal } from "../../../src/core/learn/proposal";
import { parseProcedure } from "../../../src/core/sop/parse-procedure";
import { MemoryVault } from "../../support/memory-vault";
import { ESSAY_SOP } from "./essay-sop";

const SOP_PATH = "SOPs/Drafting internal product docs.md";
const NAME = "Drafting internal product docs";
const NEW_LINE = "Prompt for common confusions around lifecycle events (e.g. team transfers, departures) that affect access.";
const RUN_LINK = "[[Runs/2026-11-24 Drafting internal product docs — Identity platform guide/Run|Run]]";
const options = { name: NAME, yaml: nodeYaml, date: "2026-11-24", runLink: RUN_LINK };

const oldBody = splitFrontmatter(ESSAY_SOP).body;
const STEP1_LAST_CHECK = "   - List the questions they actually ask, in their words\n";
const amendedBody = oldBody.replace(STEP1_LAST_CHECK, `${STEP1_LAST_CHECK}   - ${NEW_LINE}\n`);

/** What a model typically answers: fenced, with frontmatter of its own that must be ignored. */
const cannedAnswer = "```markdown\n---\nsop_version: 9\ntags: [not-sop]\n---\n" + amendedBody + "```\n";

function parse(text: string) {
  const outcome = parseProcedure(text, { name: NAME, yaml: nodeYaml });
  if (!outcome.ok) throw new Error(outcome.error);
  return outcome.procedure;
}

describe("validateProposal: the essay's amendment", () => {
  const proposal = validateProposal(ESSAY_SOP, cannedAnswer, options);
  if (!proposal.ok) throw new Error(proposal.error);

  it("keeps the original frontmatter, with only sop_version bumped to 2", () => {
    const before = splitFrontmatter(ESSAY_SOP).yaml ?? "";
    const after = splitFrontmatter(proposal.newNoteText).yaml ?? "";
    expect(after).toBe(before.replace("sop_version: 1", "sop_version: 2"));
    expect(nodeYaml.parse(after)).toEqual({ tags: ["sop"], sop_version: 2, sop_mode: "step" });
    expect([proposal.fromVersion, proposal.toVersion]).toEqual([1, 2]);
  });

  it("puts the new line into Step 1 and leaves the other steps as they were", () => {
    const before = parse(ESSAY_SOP);
    const after = parse(proposal.newNoteText);
    expect(after.steps.map((s) => s.title)).toEqual(before.steps.map((s) => s.title));
    expect(after.steps[0].checks).toContain(NEW_LINE);
    expect(after.steps.slice(1).map((s) => s.text)).toEqual(before.steps.slice(1).map((s) => s.text));
    expect(proposal.warnings).toEqual([]);
  });

  it("adds a dated Changelog entry with a one-line summary and the run's link, outside the procedure", () => {
    const entry = `- 2026-11-24 — v2: Step 1: added "${NEW_LINE}" (from ${RUN_LINK})`;
    expect(proposal.summary).toBe(`Step 1: added "${NEW_LINE}"`);
    expect(proposal.newNoteText.endsWith(`## Changelog\n\n${entry}\n`)).toBe(true);
    const after = parse(proposal.newNoteText);
    expect(after.steps).toHaveLength(5);
    expect(after.steps.some((s) => s.text.includes("Changelog") || s.text.includes("2026-11-24"))).toBe(false);
  });

  it("shows the change as one hunk of one added line, which applied gives the same note", () => {
    expect(proposal.hunks).toHaveLength(1);
    const changed = proposal.hunks[0].lines.filter((l) => l.kind !== "context");
    expect(changed.map((l) => [l.kind, l.text])).toEqual([["added", `   - ${NEW_LINE}`]]);
    const accepted = applyHunks(proposal.oldBody, proposal.hunks, [1]);
    if (!accepted.ok) throw new Error(accepted.error);
    const rebuilt = buildAmendedNote(ESSAY_SOP, accepted.text, options);
    expect(rebuilt.ok && rebuilt.newNoteText).toBe(proposal.newNoteText);
  });

  it("is written in one atomic edit, and a second amendment becomes version 3, newest entry first", async () => {
    const vault = new MemoryVault({ [SOP_PATH]: ESSAY_SOP });
    expect(await applyAmendment(vault, SOP_PATH, ESSAY_SOP, proposal.newNoteText)).toEqual({ ok: true });
    expect(vault.files.get(SOP_PATH)).toBe(proposal.newNoteText);
    expect(vault.writes).toHaveLength(1);

    const v2 = proposal.newNoteText;
    const v2Body = splitFrontmatter(v2).body;
    const second = validateProposal(v2, v2Body.replace("   - Each section starts with what the reader can do\n", "   - Each section starts with what the reader can do\n   - Define every acronym on first use\n"), {
      ...options,
      runLink: null,
      date: "2026-11-25",
    });
    if (!second.ok) throw new Error(second.error);
    expect(vault.properties(SOP_PATH).sop_version).toBe(2);
    await applyAmendment(vault, SOP_PATH, v2, second.newNoteText);
    expect(vault.properties(SOP_PATH).sop_version).toBe(3);
    const changelog = vault.body(SOP_PATH).split("## Changelog\n\n")[1].trim().split("\n");
    expect(changelog).toEqual([`- 2026-11-25 — v3: Step 3: added "Define every acronym on first use"`, `- 2026-11-24 — v2: Step 1: added "${NEW_LINE}" (from ${RUN_LINK})`]);
  });

  it("refuses to write over an SOP the person edited in the meantime", async () => {
    const edited = ESSAY_SOP.replace("## Notes", "## Notes\n\nMy own edit.");
    const vault = new MemoryVault({ [SOP_PATH]: edited });
    const result = await applyAmendment(vault, SOP_PATH, ESSAY_SOP, proposal.newNoteText);
    expect(result.ok).toBe(false);
    expect(vault.files.get(SOP_PATH)).toBe(edited);
  });
});

describe("validateProposal: refusals and repairs", () => {
  it("refuses a proposal with no procedure left and changes nothing", async () => {
    const vault = new MemoryVault({ [SOP_PATH]: ESSAY_SOP });
    const broken = "# Drafting internal product docs\n\nWe write docs for IT. Ask the team how.\n";
    const result = validateProposal((await vault.read(SOP_PATH)) ?? "", broken, options);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error).toMatch(/^The proposed SOP has no procedure left, so it was not applied: \S/);
    expect(vault.files.get(SOP_PATH)).toBe(ESSAY_SOP);
    expect(vault.writes).toEqual([]);
  });

  it("refuses an empty answer and an answer that changes nothing", () => {
    expect(validateProposal(ESSAY_SOP, "  \n", options)).toEqual({ ok: false, error: `The model returned no SOP text for ${NAME}, so nothing was applied.` });
    expect(validateProposal(ESSAY_SOP, oldBody, options)).toEqual({ ok: false, error: `The proposal changes nothing in ${NAME}, so there is nothing to apply.` });
  });

  it("warns when the number of steps changed", () => {
    const dropped = oldBody.replace(/5\. Spot-check[\s\S]*?(?=\n## Notes)/, "");
    const result = validateProposal(ESSAY_SOP, dropped, options);
    expect(result.ok && result.warnings).toEqual(["The proposal changes the number of steps from 5 to 4; check that no step was lost."]);
  });

  it("keeps the Changelog when the model drops it", () => {
    const withLog = `${ESSAY_SOP}\n## Changelog\n\n- 2026-11-01 — v2: older change\n`.replace("sop_version: 1", "sop_version: 2");
    const answer = oldBody.replace(STEP1_LAST_CHECK, `${STEP1_LAST_CHECK}   - ${NEW_LINE}\n`);
    const result = validateProposal(withLog, answer, options);
    if (!result.ok) throw new Error(result.error);
    expect(result.warnings).toContain("The proposal dropped the Changelog section; it was kept as it was.");
    expect(result.hunks).toHaveLength(1);
    expect(result.newNoteText).toContain("- 2026-11-01 — v2: older change");
    expect(result.toVersion).toBe(3);
  });

  it("gives an SOP without frontmatter properties with version 2", () => {
    const plain = "# Checklist #sop\n\n1. First\n2. Second\n";
    const result = validateProposal(plain, "# Checklist #sop\n\n1. First\n2. Second\n3. Third\n", { ...options, runLink: null });
    if (!result.ok) throw new Error(result.error);
    expect(result.newNoteText.startsWith("---\nsop_version: 2\n---\n# Checklist #sop\n")).toBe(true);
    expect(parse(result.newNoteText).steps).toHaveLength(3);
  });

  it("keeps a Changelog out of an SOP whose steps are numbered headings", () => {
    const headed = "---\ntags: [sop]\n---\n# Release\n\n## 1. Build\n\nRun the build.\n\n## 2. Ship\n\nUpload it.\n";
    const result = validateProposal(headed, "# Release\n\n## 1. Build\n\nRun the build and the tests.\n\n## 2. Ship\n\nUpload it.\n", { ...options, runLink: null });
    if (!result.ok) throw new Error(result.error);
    const steps = parse(result.newNoteText).steps;
    expect(steps.map((s) => s.title)).toEqual(["Build", "Ship"]);
    expect(steps[1].text).not.toContain("Changelog");
  });
});

describe("cleanProposal", () => {
  it("removes a wrapping fence, a short lead-in, echoed markers and the model's frontmatter", () => {
    expect(cleanProposal("```md\n# T\n\n1. A\n```")).toBe("# T\n\n1. A");
    expect(cleanProposal("Here is the revised SOP:\n\n```markdown\n# T\n\n1. A\n```\n")).toBe("# T\n\n1. A");
    expect(cleanProposal("<<<SOP\n# T\n\n1. A\nSOP>>>\n")).toBe("# T\n\n1. A");
    expect(cleanProposal("---\nsop_version: 5\n---\n# T\n")).toBe("# T");
  });

  it("keeps the SOP's own code blocks", () => {
    const body = "# T\n\n1. A\n\n   ```yaml\n   key: value\n   ```\n";
    expect(cleanProposal("````markdown\n" + body + "````")).toBe(body.trimEnd());
    expect(cleanProposal(body)).toBe(body.trimEnd());
  });
});
