// Log lines are appended to the run's log note, which the run note embeds: a step never copies the log.
import { logNotePath } from "../../../src/core/run/note-names";
import { fixture, runLog, SOP_PATH, value } from "./engine-fixture";

describe("the run's log note", () => {
  it("gets each event appended, and the run note is never rewritten for a log line", async () => {
    const { vault, engine } = fixture({ script: ["outline", "draft"] });
    const runPath = value(await engine.start({ sopPath: SOP_PATH, mode: "step" }));
    value(await engine.advance(runPath));
    const from = vault.writes.length;
    value(await engine.approve(runPath));
    const writes = vault.writes.slice(from);
    expect(writes.filter((w) => w.path === logNotePath(runPath)).map((w) => [w.kind, w.content])).toEqual([["append", expect.stringMatching(/^- \S+ Step 1 "Outline the document" approved\.\n$/) as unknown]]);
    expect(writes.filter((w) => w.path === runPath).every((w) => !w.content.includes("approved."))).toBe(true);
    expect(runLog(vault, runPath).split("\n").filter(Boolean)).toHaveLength(4);
  });

  it("is created when missing: a run note from before logs had notes keeps its lines and gets the embed above them", async () => {
    const { vault, engine } = fixture({ script: ["outline", "draft"] });
    const runPath = value(await engine.start({ sopPath: SOP_PATH, mode: "step" }));
    const log = logNotePath(runPath);
    const embed = `![[${log.replace(/\.md$/, "")}]]`;
    // As an older version wrote it: the lines under the Log heading, no log note.
    await vault.process(runPath, (text) => text.replace(`${embed}\n`, "- 2026-11-20T09:00:00 Run created by an older version.\n"));
    vault.files.delete(log);
    value(await engine.advance(runPath));
    expect(vault.body(runPath)).toMatch(new RegExp(`\\n## Log\\n\\n${embed.replace(/[[\]|/]/g, "\\$&")}\\n\\n- 2026-11-20T09:00:00 Run created by an older version\\.\\n$`));
    expect(runLog(vault, runPath)).toMatch(/^- \S+ Run started\.\n/);
  });
});

describe("a run note left behind by a process that stopped", () => {
  it("is rewritten whole at the next write, so its step list and map catch up with the waypoints", async () => {
    const { vault, engine } = fixture({ script: ["outline", "draft"] });
    const runPath = value(await engine.start({ sopPath: SOP_PATH, mode: "step" }));
    value(await engine.advance(runPath));
    value(await engine.approve(runPath));
    value(await engine.advance(runPath));
    // As if the process died before its coalesced write: the note still shows step 1 at its gate.
    await vault.process(runPath, (text) =>
      text
        .replace("current_step: 2", "current_step: 1")
        .replace(/^- \[x\] 1\. (.*) — approved$/m, "- [ ] 1. $1 — awaiting-review")
        .replace(/^( {2}s1\[".*?<br\/>)approved · 1 revision"\]:::approved$/m, '$1awaiting review · 1 revision"]:::awaitingReview'),
    );
    expect(vault.body(runPath)).toMatch(/^- \[ \] 1\. .* — awaiting-review$/m);
    value(await engine.approve(runPath));
    const body = vault.body(runPath);
    expect(body).toMatch(/^- \[x\] 1\. .* — approved$/m);
    expect(body).toMatch(/^- \[x\] 2\. .* — approved$/m);
    expect(body).toMatch(/^ {2}s1\[".*<br\/>approved · 1 revision"\]:::approved$/m);
    expect(vault.properties(runPath).current_step).toBe(3);
  });
});
