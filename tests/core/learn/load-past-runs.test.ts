import { nodeYaml } from "../../../src/cli/yaml-codec";
import { joinFrontmatter } from "../../../src/core/notes/frontmatter";
import { collectLessons } from "../../../src/core/learn/lessons";
import { loadPastRuns } from "../../../src/core/learn/load-past-runs";
import { computeScorecard } from "../../../src/core/learn/scorecard";
import { renderReviewNote } from "../../../src/core/review/review-note";
import { MemoryVault } from "../../support/memory-vault";
import { ESSAY_SOP } from "./essay-sop";

const SOP = "SOPs/Drafting internal product docs.md";
const RUN1 = "Runs/2026-11-20 Drafting internal product docs — Guide";
const RUN2 = "Runs/2026-11-22 Drafting internal product docs — Guide";
const STEP1 = "Identify the target audience and their common questions";

function note(props: Record<string, unknown>, body = "Output.\n"): string {
  return joinFrontmatter(nodeYaml.stringify(props), body);
}

function vault(): MemoryVault {
  return new MemoryVault({
    [SOP]: ESSAY_SOP,
    "SOPs/Other.md": "---\ntags: [sop]\n---\n# Other\n\n1. One\n",
    [`${RUN1}/Run.md`]: note(
      {
        sop: "[[SOPs/Drafting internal product docs]]",
        sop_version: 1,
        project: "[[Identity platform guide]]",
        run_status: "done",
        current_step: 2,
        steps_total: 5,
        mode: "step",
        model: "gpt-4o-mini",
        tokens_in: 900,
        tokens_out: 400,
        cost: 0.012,
        started: "2026-11-20T09:00:00Z",
        finished: "2026-11-20T09:30:00Z",
        tags: ["sop-run"],
      },
      "Cue: the audience is new IT hires.\n\n## Log\n",
    ),
    [`${RUN1}/01 ${STEP1} (r1).md`]: note({
      sop_run: `[[${RUN1}/Run|Run]]`,
      step: 1,
      step_id: "1-identify",
      role: "Drafter",
      waypoint_status: "superseded",
      revision: 1,
      revision_of: `[[${RUN1}/01 ${STEP1}|01 ${STEP1}]]`,
      feedback: "Add: 'What happens if I leave a team or project?'",
      tokens_in: 100,
      tokens_out: 60,
      tags: ["sop-waypoint"],
    }),
    [`${RUN1}/01 ${STEP1}.md`]: note({ sop_run: `[[${RUN1}/Run]]`, step: 1, step_id: "1-identify", role: "[[Drafter]]", waypoint_status: "approved", revision: 2, model: "gpt-4o-mini", tokens_in: 200, tokens_out: 80, cost: null, tags: ["sop-waypoint"] }),
    [`${RUN1}/02 Build a topic outline.md`]: note({
      sop_run: `[[${RUN1}/Run]]`,
      step: 2,
      step_id: "2-build",
      role: "Drafter",
      waypoint_status: "approved",
      revision: 1,
      tokens_in: 300,
      tokens_out: 100,
      started: "2026-11-20T09:10:00Z",
      finished: "2026-11-20T09:11:30Z",
      tags: ["sop-waypoint"],
    }),
    // Written by the reviews code itself, so the loader reads what reviews really write.
    [`${RUN1}/01 ${STEP1} — Fact-checker review.md`]: renderReviewNote(
      {
        reviewOf: `[[${RUN1}/01 ${STEP1}|01 ${STEP1}]]`,
        reviewer: "Fact-checker",
        revision: 2,
        findings: [
          { id: "f1", quote: "new hires", problem: "Departures are missing", severity: "high", suggestion: "Ask about leaving a team", source: "", state: "accepted", check: "List the questions they actually ask" },
          { id: "f2", quote: "", problem: "Too long", severity: "low", suggestion: "", source: "", state: "dismissed" },
        ],
      },
      nodeYaml,
    ),
    // Written by hand without quotes: YAML reads the links as nested lists.
    [`${RUN2}/Run.md`]: `---\nsop: [[SOPs/Drafting internal product docs]]\nsop_version: 2\nrun_status: running\ntags: [sop-run]\nstarted: 2026-11-22T09:00:00Z\n---\n`,
    [`${RUN2}/01 ${STEP1}.md`]: `---\nsop_run: [[${RUN2}/Run]]\nstep: 1\nwaypoint_status: awaiting-review\nrevision: 1\ntokens_in: 50\ntokens_out: 20\ntags: [sop-waypoint]\n---\nDraft.\n`,
    "Runs/2026-11-21 Other/Run.md": note({ sop: "[[SOPs/Other]]", run_status: "done", tags: ["sop-run"] }),
    "Runs/2026-11-21 Other/01 One.md": note({ sop_run: "[[Runs/2026-11-21 Other/Run]]", step: 1, waypoint_status: "approved", revision: 1, tags: ["sop-waypoint"] }),
    "Runs/broken.md": "---\ntags: [sop-waypoint\nstep: 1\n---\n",
    "Runs/Plain note.md": "Just a note.\n",
  });
}

describe("loadPastRuns", () => {
  it("reads only this SOP's runs, oldest first, with the version each ran", async () => {
    const { records } = await loadPastRuns(vault(), nodeYaml, SOP, "Runs");
    expect(records.map((r) => [r.path, r.sopVersion, r.status])).toEqual([
      [`${RUN1}/Run.md`, 1, "done"],
      [`${RUN2}/Run.md`, 2, "running"],
    ]);
    expect(records[0]).toMatchObject({ sop: SOP, mode: "step", model: "gpt-4o-mini", tokensIn: 900, tokensOut: 400, cost: 0.012, started: "2026-11-20T09:00:00Z" });
  });

  it("gives each step its current waypoint, with tokens of every revision and its reviews", async () => {
    const { records } = await loadPastRuns(vault(), nodeYaml, SOP, "Runs");
    const [first, second] = records[0].steps;
    expect(first).toMatchObject({ path: `${RUN1}/01 ${STEP1}.md`, step: 1, stepId: "1-identify", title: STEP1, role: "Drafter", status: "approved", revision: 2, tokensIn: 300, tokensOut: 140, cost: null, unknownCosts: 1, seconds: null });
    expect(first.feedback).toEqual(["Add: 'What happens if I leave a team or project?'"]);
    expect(first.reviews).toEqual([
      {
        path: `${RUN1}/01 ${STEP1} — Fact-checker review.md`,
        reviewer: "Fact-checker",
        revision: 2,
        findings: { high: 1, medium: 0, low: 1 },
        open: 0,
        dismissed: 1,
        items: [
          { severity: "high", state: "accepted", problem: "Departures are missing", suggestion: "Ask about leaving a team", check: "List the questions they actually ask" },
          { severity: "low", state: "dismissed", problem: "Too long", suggestion: "", check: null },
        ],
      },
    ]);
    expect(second).toMatchObject({ step: 2, title: "Build a topic outline", role: "Drafter", seconds: 90, reviews: [] });
    expect(records[1].steps).toHaveLength(1);
    expect(records[1].steps[0]).toMatchObject({ status: "awaiting-review", revision: 1, tokensIn: 50 });
  });

  it("names notes it could not read instead of failing", async () => {
    const { problems } = await loadPastRuns(vault(), nodeYaml, SOP, "Runs");
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^Runs\/broken\.md: its properties could not be read/);
  });

  it("feeds a scorecard whose numbers match the notes", async () => {
    const { records } = await loadPastRuns(vault(), nodeYaml, SOP, "Runs");
    const card = computeScorecard(records);
    expect(card.runs).toBe(2);
    // Run 2's waypoint records no step id but has step 1's number and title, so it counts as step 1.
    expect(card.steps.map((s) => [s.index, s.runs])).toEqual([
      [1, 2],
      [2, 1],
    ]);
    const step1 = card.steps[0];
    // Decided only in run 1, where it needed a second revision; run 2 is still awaiting review.
    expect(step1).toMatchObject({ title: STEP1, first_pass_approval: 0, revisions: (1 + 0) / 2, tokens: 300 + 140 + 50 + 20, findings: { high: 1, medium: 0, low: 1 } });
    // Run 1 recorded $0.012 and no step costs: steps 1 and 2 share it by tokens (440 and 400); run 2 recorded none.
    expect(step1.cost).toBeCloseTo(0.012 * (440 / 840));
    // Run 1's two steps are the Drafter's (run 2's waypoint names no role); one was reviewed: one finding kept, one dismissed.
    expect(card.roles.map((r) => r.role)).toEqual(["(no role)", "Drafter"]);
    expect(card.roles.find((r) => r.role === "Drafter")).toMatchObject({ steps: 2, unaddressed_checks: 1, reviewed: 1 });
    expect(card.signals.skipping_checks[0]).toMatchObject({ role: "Drafter", checks: ["List the questions they actually ask"] });
  });

  it("turns the run's recorded feedback and accepted findings into lessons", async () => {
    const { records } = await loadPastRuns(vault(), nodeYaml, SOP, "Runs");
    expect(collectLessons(records[0]).map((l) => l.line)).toEqual([
      "Step 1 — feedback: Add: 'What happens if I leave a team or project?'",
      "Step 1 — Fact-checker finding (high): Departures are missing. Suggestion: Ask about leaving a team.",
    ]);
  });

  it("finds nothing in an empty runs folder", async () => {
    expect(await loadPastRuns(vault(), nodeYaml, SOP, "Nowhere")).toEqual({ records: [], problems: [] });
  });
});
