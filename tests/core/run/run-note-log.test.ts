// Log lines are appended to the run note without rewriting it, only when the Log is the note's last section.
import { logAppendix } from "../../../src/core/run/run-note";
import { fixture, SOP_PATH, value } from "./engine-fixture";

describe("logAppendix", () => {
  it("puts the first line a blank line under the heading and later ones right after the last line", () => {
    expect(logAppendix("# Run\n\n## Log\n", ["a"])).toBe("\n- a\n");
    expect(logAppendix("# Run\n\n## Log\n\n", ["a"])).toBe("- a\n");
    expect(logAppendix("# Run\n\n## Log", ["a", "b"])).toBe("\n\n- a\n- b\n");
    expect(logAppendix("# Run\n\n## Log\n\n- a\n", ["b"])).toBe("- b\n");
    expect(logAppendix("# Run\n\n## Log\n\n- a", ["b"])).toBe("\n- b\n");
  });

  it("declines when a section follows the log, the note has no log, or a heading only starts with Log", () => {
    expect(logAppendix("## Log\n\n- a\n\n## My notes\n\nMine.\n", ["b"])).toBeNull();
    expect(logAppendix("# Run\n\n## Steps\n", ["b"])).toBeNull();
    expect(logAppendix("# Run\n\n## Logistics\n", ["b"])).toBeNull();
  });

  it("has nothing to add for no lines", () => {
    expect(logAppendix("anything", [])).toBe("");
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
