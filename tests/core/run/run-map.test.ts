// The run note's "## Map": a Mermaid flowchart kept current with each step's status and revisions, in the step list's write.
import { replaceRunMap, updateRunBody } from "../../../src/core/run/run-note";
import { fixture, SOP_PATH, value } from "./engine-fixture";
import { logNotePath } from "../../../src/core/run/note-names";

const PLAIN_SOP = "---\ntags: [sop]\n---\n# Plain\n\n## Steps\n\n1. Gather facts\n2. Write it up\n3. Polish\n";

/** The Mermaid block under the run note's Map heading, as Obsidian would render it. */
function mapOf(body: string): string {
  const match = /\n## Map\n\n(```mermaid\n[\s\S]*?\n```)\n/.exec(body);
  if (!match) throw new Error(`The run note has no Map section:\n${body}`);
  return match[1];
}

/** The node line of step `index`: `s1["1. Title<br/>status · N revisions"]:::class`. */
function node(map: string, index: number): string {
  return map.split("\n").find((line) => line.startsWith(`  s${index}[`)) ?? "";
}

describe("run map", () => {
  it("is in a new run note, between the step list and the log, with every step pending", async () => {
    const { vault, engine } = fixture({ files: { "SOPs/Plain.md": PLAIN_SOP } });
    const runPath = value(await engine.start({ sopPath: "SOPs/Plain.md", mode: "auto" }));
    const body = vault.body(runPath);
    expect(body.indexOf("## Steps")).toBeLessThan(body.indexOf("## Map"));
    expect(body.indexOf("## Map")).toBeLessThan(body.indexOf("## Log"));
    const map = mapOf(body);
    expect(map.startsWith("```mermaid\nflowchart TD\n")).toBe(true);
    expect(node(map, 1)).toBe('  s1["1. Gather facts<br/>pending · 0 revisions"]:::pending');
    expect(node(map, 3)).toBe('  s3["3. Polish<br/>pending · 0 revisions"]:::pending');
    expect(map).toContain("  s1 --> s2\n  s2 --> s3");
  });

  it("shows every step approved after an auto run, with no extra run note writes for it", async () => {
    const { vault, engine } = fixture({ files: { "SOPs/Plain.md": PLAIN_SOP } });
    const runPath = value(await engine.start({ sopPath: "SOPs/Plain.md", mode: "auto" }));
    const writesBefore = vault.writes.length;
    expect(value(await engine.advance(runPath)).status).toBe("done");
    const map = mapOf(vault.body(runPath));
    for (const [index, title] of [[1, "Gather facts"], [2, "Write it up"], [3, "Polish"]] as const) {
      expect(node(map, index)).toBe(`  s${index}["${index}. ${title}<br/>approved · 1 revision"]:::approved`);
    }
    // The map shares the step list's write, and steps that finish within a second of each other share one write
    // too: one whole-note write when the run is done (log lines are appended to the log note, not rewritten).
    const runNoteWrites = vault.writes.slice(writesBefore).filter((w) => w.path === runPath && w.kind === "process");
    expect(runNoteWrites).toHaveLength(1);
    expect(vault.writes.slice(writesBefore).filter((w) => w.path === logNotePath(runPath) && w.kind === "append").map((w) => w.content)).toContainEqual(expect.stringContaining("Run started.") as unknown);
    // Exactly one Map section, however many times it was rewritten.
    expect(vault.body(runPath).split("\n## Map\n")).toHaveLength(2);
  });

  it("writes the note once per step when steps are further apart than the run-note interval", async () => {
    const { vault, engine } = fixture({ files: { "SOPs/Plain.md": PLAIN_SOP }, settings: { runNoteIntervalMs: 0 } });
    const runPath = value(await engine.start({ sopPath: "SOPs/Plain.md", mode: "auto" }));
    const writesBefore = vault.writes.length;
    expect(value(await engine.advance(runPath)).status).toBe("done");
    const runNoteWrites = vault.writes.slice(writesBefore).filter((w) => w.path === runPath && w.kind === "process");
    expect(runNoteWrites).toHaveLength(3);
    expect(node(mapOf(vault.body(runPath)), 3)).toBe(`  s3["3. Polish<br/>approved · 1 revision"]:::approved`);
  });

  it("counts revisions and shows the gate, skips and what is still pending after a revise", async () => {
    const { vault, engine, runPath } = await (async () => {
      const f = fixture({ script: ["outline v1", "outline v2", "draft v1"] });
      return { ...f, runPath: value(await f.engine.start({ sopPath: SOP_PATH, mode: "step" })) };
    })();
    value(await engine.advance(runPath));
    expect(node(mapOf(vault.body(runPath)), 1)).toContain("1. Outline the document<br/>awaiting review · 1 revision\"]:::awaitingReview");

    value(await engine.revise(runPath, "Add a section on access requests."));
    value(await engine.advance(runPath));
    let map = mapOf(vault.body(runPath));
    expect(node(map, 1)).toBe('  s1["1. Outline the document<br/>awaiting review · 2 revisions"]:::awaitingReview');
    expect(node(map, 2)).toBe('  s2["2. Draft the text<br/>pending · 0 revisions"]:::pending');

    value(await engine.approve(runPath));
    value(await engine.advance(runPath));
    value(await engine.skip(runPath, "Drafted elsewhere."));
    map = mapOf(vault.body(runPath));
    expect(node(map, 1)).toBe('  s1["1. Outline the document<br/>approved · 2 revisions"]:::approved');
    expect(node(map, 2)).toBe('  s2["2. Draft the text<br/>skipped · 1 revision"]:::skipped');
    expect(node(map, 3)).toBe('  s3["3. Check the facts<br/>pending · 0 revisions"]:::pending');
  });

  it("keeps the person's own sections and adds the map back to a run note that lost it", async () => {
    const { vault, engine } = fixture({ files: { "SOPs/Plain.md": PLAIN_SOP } });
    const runPath = value(await engine.start({ sopPath: "SOPs/Plain.md", mode: "step" }));
    await vault.process(runPath, (text) => text.replace(/## Map\n\n```mermaid\n[\s\S]*?\n```\n\n/, "## My notes\n\nAsk Sam about SSO.\n\n"));
    expect(vault.body(runPath)).not.toContain("## Map");
    value(await engine.advance(runPath));
    const body = vault.body(runPath);
    expect(body).toContain("## My notes\n\nAsk Sam about SSO.\n");
    expect(node(mapOf(body), 1)).toContain("awaiting review · 1 revision");
  });
});

describe("run map sections", () => {
  const node = (n: number, status: string): string => `  s${n}["${n}. Step<br/>${status}"]:::${status}`;
  const body = `# T\n\n## Steps\n\n- [ ] 1. A — pending\n\n## Map\n\n\`\`\`mermaid\nflowchart TD\n${node(1, "pending")}\n${node(10, "pending")}\n\`\`\`\n\n## Log\n\n- one\n`;

  it("rewrites only the changed step's node in the fast update, step lines alongside", () => {
    const next = updateRunBody(body, new Map([[1, "- [x] 1. A — approved"]]), new Map([[1, node(1, "approved")]]));
    expect(next).toBe(body.replace("- [ ] 1. A — pending", "- [x] 1. A — approved").replace(node(1, "pending"), node(1, "approved")));
    // Step 1's node is not mistaken for step 10's.
    expect(next).toContain(node(10, "pending"));
  });

  it("declines the fast update when the map or a node is missing, and the general path rebuilds the section", () => {
    const noMap = "# T\n\n## Steps\n\n- [ ] 1. A — pending\n\n## Log\n";
    expect(updateRunBody(noMap, new Map([[1, "- [x] 1. A"]]), new Map([[1, "N"]]))).toBeNull();
    expect(updateRunBody(body, new Map(), new Map([[2, "N"]]))).toBeNull();
    expect(replaceRunMap(noMap, "M")).toBe("# T\n\n## Steps\n\n- [ ] 1. A — pending\n\n## Map\n\nM\n\n## Log\n");
  });

  it("ignores heading-like lines inside the Mermaid block when replacing the whole map", () => {
    const tricky = body.replace("flowchart TD", "# not a heading\n## nor this");
    expect(replaceRunMap(tricky, "```mermaid\nnew\n```")).toBe(body.replace(/```mermaid[\s\S]*?```/, "```mermaid\nnew\n```"));
  });
});
