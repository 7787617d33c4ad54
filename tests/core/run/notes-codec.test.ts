// The notes codec: file names, the run note's sections and log, the project link, and rebuilding a run from its notes.
import { runFolderName, stepNumber, uniqueFolder, waypointPath, revisionPath } from "../../../src/core/run/note-names";
import { readCue, replaceStepList, updateRunBody, withLogEmbed } from "../../../src/core/run/run-note";
import { addRunLink } from "../../../src/core/run/project-link";
import { MemoryVault } from "../../support/memory-vault";
import { fixture, SOP_PATH, value } from "./engine-fixture";
import { safeNoteName } from "../../../src/core/notes/names";

describe("file names", () => {
  it("removes path separators and reserved characters, and bounds the length", () => {
    expect(safeNoteName('a/b\\c:d*e?f"g<h>i|j#k^l[m]n')).toBe("a b c d e f g h i j k l m n");
    expect(safeNoteName("  ..hidden  ")).toBe("hidden");
    expect(safeNoteName("???")).toBe("Untitled");
    expect(safeNoteName("x".repeat(300)).length).toBe(100);
  });

  it("names run folders by date, SOP and project, and waypoints by padded step number", () => {
    const date = new Date(2026, 0, 5, 8, 0, 0);
    expect(runFolderName(date, "Docs: v2", null)).toBe("2026-01-05 Docs v2 — no project");
    expect(runFolderName(date, "Docs", "Q1 [draft]")).toBe("2026-01-05 Docs — Q1 draft");
    expect(stepNumber(7, 12)).toBe("07");
    expect(stepNumber(7, 1000)).toBe("0007");
    expect(waypointPath("Runs/R", 3, 5, "Check: facts?")).toBe("Runs/R/03 Check facts.md");
    expect(revisionPath("Runs/R/03 Check.md", 2)).toBe("Runs/R/03 Check (r2).md");
    expect(revisionPath("Runs/R/03 Check.md", 2, "model")).toBe("Runs/R/03 Check (r2 model).md");
  });

  it("finds the first free folder name", async () => {
    const vault = new MemoryVault({ "Runs/A/A.md": "x", "Runs/A (2)/A (2).md": "x" });
    expect(await uniqueFolder(vault, "Runs", "A")).toBe("Runs/A (3)");
    expect(await uniqueFolder(vault, "Runs", "B")).toBe("Runs/B");
  });

  it("reuses a run folder left empty by a start that was killed before its run note was written", async () => {
    const vault = new MemoryVault({ "Runs/A/A.md": "x" });
    await vault.ensureFolder("Runs/A (2)");
    expect(await uniqueFolder(vault, "Runs", "A")).toBe("Runs/A (2)");
  });
});

describe("run note sections", () => {
  const body = "# T\n\n## Cue\n\nFor hires.\n\n## Steps\n\n- [ ] 1. A — pending\n\n## Log\n\n- one\n";

  it("rewrites only the step list", () => {
    expect(replaceStepList(body, "- [x] 1. A — approved")).toBe("# T\n\n## Cue\n\nFor hires.\n\n## Steps\n\n- [x] 1. A — approved\n\n## Log\n\n- one\n");
  });

  it("puts the log note's embed under the Log heading, above lines an older run note kept there, once", () => {
    expect(withLogEmbed(body, "![[R log]]")).toBe("# T\n\n## Cue\n\nFor hires.\n\n## Steps\n\n- [ ] 1. A — pending\n\n## Log\n\n![[R log]]\n\n- one\n");
    expect(withLogEmbed(withLogEmbed(body, "![[R log]]"), "![[R log]]")).toBe(withLogEmbed(body, "![[R log]]"));
    expect(withLogEmbed("# T\n\n## Log\n", "![[R log]]")).toBe("# T\n\n## Log\n\n![[R log]]\n");
    expect(withLogEmbed("# T\n", "![[R log]]")).toBe("# T\n\n## Log\n\n![[R log]]\n");
  });

  it("updates changed step lines in one pass, or says it cannot", () => {
    const list = "# T\n\n## Steps\n\n- [ ] 1. A — pending\n- [ ] 2. B — pending\n\n## Log\n\n![[R log]]\n";
    expect(updateRunBody(list, new Map([[2, "- [x] 2. B — approved"]]))).toBe("# T\n\n## Steps\n\n- [ ] 1. A — pending\n- [x] 2. B — approved\n\n## Log\n\n![[R log]]\n");
    expect(updateRunBody(list, new Map([[3, "- [x] 3. C"]]))).toBeNull();
    expect(updateRunBody(list + "\n## Afterwards\n", new Map([[1, "- [x] 1. A — approved"]]))).toBeNull();
  });

  it("reads the cue as the person left it", () => {
    expect(readCue(body)).toBe("For hires.");
    expect(readCue("# T\n\n## Cue\n\n(no cue)\n\n## Steps\n")).toBe("");
  });
});

describe("project link", () => {
  it("adds the run under a new SOP runs heading and touches nothing else", () => {
    expect(addRunLink("# P\n\nBody.\n", "[[R1]]")).toBe("# P\n\nBody.\n\n## SOP runs\n\n- [[R1]]\n");
    expect(addRunLink("", "[[R1]]")).toBe("## SOP runs\n\n- [[R1]]\n");
  });

  it("appends to an existing SOP runs section before the next heading, once", () => {
    const text = "# P\n\n## SOP runs\n\n- [[R1]]\n\n## Later\n\nKeep.\n";
    const next = addRunLink(text, "[[R2]]");
    expect(next).toBe("# P\n\n## SOP runs\n\n- [[R1]]\n- [[R2]]\n\n## Later\n\nKeep.\n");
    expect(addRunLink(next, "[[R2]]")).toBe(next);
  });
});

describe("loadRun", () => {
  it("rebuilds the run from its notes alone", async () => {
    const { engine } = fixture({ script: ["one", "two"] });
    const runPath = value(await engine.start({ sopPath: SOP_PATH, cue: "Cue text.", mode: "step" }));
    await engine.advance(runPath);
    await engine.revise(runPath, "Again.");
    await engine.advance(runPath);
    const run = value(await engine.loadRun(runPath));
    expect(run).toMatchObject({ sopPath: SOP_PATH, sopVersion: 3, cue: "Cue text.", mode: "step", projectPath: null });
    expect(run.state.status).toBe("awaiting-review");
    expect(run.state.steps[0]).toMatchObject({ status: "awaiting-review", revision: 2, text: "two", feedback: "Again.", archived: [{ revision: 1, text: "one", status: "superseded", feedback: "Again." }] });
    expect(run.state.steps.slice(1).map((s) => s.status)).toEqual(["pending", "pending", "pending"]);
  });

  it("refuses a note that is not a run, and an unknown status, with a sentence", async () => {
    const { engine, vault } = fixture();
    expect(await engine.loadRun(SOP_PATH)).toEqual({ ok: false, error: `"${SOP_PATH}" is not a run note (it has no #sop-run tag).` });
    const runPath = value(await engine.start({ sopPath: SOP_PATH }));
    await vault.processFrontMatter(runPath, (p) => void (p.run_status = "sleeping"));
    expect(await engine.advance(runPath)).toEqual({ ok: false, error: `The run note "${runPath}" has an unknown run_status "sleeping".` });
  });
});
