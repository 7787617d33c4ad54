// A run's totals survive a kill inside the run note's coalescing window: the log note, appended at once, has them.
import { RunEngine } from "../../../src/core/run/engine";
import { nodeYaml } from "../../../src/cli/yaml-codec";
import { totalsInLog, totalsSuffix } from "../../../src/core/run/run-totals";
import { logNotePath } from "../../../src/core/run/note-names";
import { ScriptedModel, stepOf } from "../../support/scripted-model";
import { fixture, SOP_PATH, value } from "./engine-fixture";

const NEVER = () => new Promise<void>(() => undefined);

describe("run totals after a kill", () => {
  it("a run killed before its note was written again still counts the step that answered", async () => {
    const price = (usage: { promptTokens: number; completionTokens: number }) => usage.promptTokens * 1e-6 + usage.completionTokens * 2e-6;
    const f = fixture({ script: (request) => (stepOf(request) === 1 ? "The outline." : { deltas: ["The dr"], afterDelta: NEVER }), price });
    const runPath = value(await f.engine.start({ sopPath: SOP_PATH, mode: "auto" }));
    void f.engine.advance(runPath);
    for (let i = 0; i < 500 && !f.vault.files.get(logNotePath(runPath))?.includes("output ready"); i++) await new Promise((resolve) => setImmediate(resolve));
    for (let i = 0; i < 50; i++) await new Promise((resolve) => setImmediate(resolve));
    // Killed here: step 1 answered and step 2 streams; the run note still has the totals of before step 1.
    const waypoint = [...f.vault.files.keys()].find((p) => p.includes("/01 Outline the document")) ?? "";
    const spent = f.vault.properties(waypoint);
    expect(spent.tokens_in).toBeGreaterThan(0);
    expect(f.vault.properties(runPath).tokens_in).toBe(0);

    const next = new RunEngine({ vault: f.vault, yaml: nodeYaml, clock: f.clock, model: new ScriptedModel(() => "again"), settings: f.settings, price });
    const loaded = value(await next.loadRun(runPath));
    expect([loaded.tokensIn, loaded.tokensOut]).toEqual([spent.tokens_in, spent.tokens_out]);
    expect(loaded.cost).toBeCloseTo(Number(spent.cost), 9);
    // And the note gets them at the next write.
    value(await next.advance(runPath));
    expect(Number(f.vault.properties(runPath).tokens_in)).toBeGreaterThan(Number(spent.tokens_in));
  });

  it("reads back what it wrote, unknown and tiny costs included, and ignores a log without totals", () => {
    for (const cost of [null, 0, 0.012345, 1e-7, 12.5]) {
      const log = `- 09:30 Step 1 output ready.${totalsSuffix({ tokensIn: 1234, tokensOut: 56, cost })}\n- 09:31 Step 2 "Draft" started.\n`;
      expect(totalsInLog(log)).toEqual({ tokensIn: 1234, tokensOut: 56, cost });
    }
    expect(totalsInLog("- 09:30 Run started.\n")).toBeNull();
  });
});
