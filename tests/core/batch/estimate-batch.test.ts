// The batch estimate shown before a batch starts: runs, prompt tokens from the engine's previews, cost from a price function.
import { estimateBatch, type PriceFunction } from "../../../src/core/batch/estimate-batch";
import { batchFixture, CLIENTS, projectPath, SOP_PATH, value } from "./batch-fixture";

const perMillion: PriceFunction = (usage, model) => (model === "batch-model" ? { usd: (usage.promptTokens * 1 + usage.completionTokens * 2) / 1_000_000, known: true } : { usd: 0, known: false });

describe("estimating a batch", () => {
  it("counts the runs and sums each step's previewed prompt plus the earlier outputs it will carry", async () => {
    const f = batchFixture();
    const one = value(await estimateBatch(f, { sopPath: SOP_PATH, targets: [projectPath("Acme")], price: perMillion, completionTokensPerStep: 100 }));
    let expected = 0;
    for (let step = 1; step <= 3; step++) expected += value(await f.engine.preview({ sopPath: SOP_PATH, projectPath: projectPath("Acme"), mode: "auto" }, step)).estimatedTokens + (step - 1) * 100;
    expect(one).toMatchObject({ runs: 1, steps: 3, modelSteps: 3, promptTokens: expected, completionTokens: 300, models: ["batch-model"] });
    expect(one.costUsd).toBeCloseTo((expected + 600) / 1_000_000, 12);
    // Nothing was written and no model was called.
    expect(f.model.calls).toEqual([]);
    expect(f.vault.writes).toEqual([]);
  });

  it("grows with the number of runs, sampling large batches", async () => {
    const f = batchFixture();
    const targets = CLIENTS.map(projectPath);
    const all = value(await estimateBatch(f, { sopPath: SOP_PATH, targets, price: perMillion }));
    const sampled = value(await estimateBatch(f, { sopPath: SOP_PATH, targets, price: perMillion, sampleSize: 2 }));
    const single = value(await estimateBatch(f, { sopPath: SOP_PATH, targets: [targets[0]], price: perMillion }));
    expect(all.runs).toBe(CLIENTS.length);
    expect(all.promptTokens).toBeGreaterThan(single.promptTokens * (CLIENTS.length - 1));
    expect(all.promptTokens).toBeLessThan(single.promptTokens * (CLIENTS.length + 1));
    expect(Math.abs(sampled.promptTokens - all.promptTokens) / all.promptTokens).toBeLessThan(0.1);
  });

  it("says the cost is unknown for an unpriced model, and nothing for steps done by a person", async () => {
    const f = batchFixture();
    const unpriced = value(await estimateBatch(f, { sopPath: SOP_PATH, targets: [projectPath("Acme")], model: "mystery-model", price: perMillion }));
    expect(unpriced.costUsd).toBeNull();
    expect(unpriced.models).toContain("mystery-model");
    const human = value(await estimateBatch(batchFixture({ noModel: true }), { sopPath: SOP_PATH, targets: [projectPath("Acme")], price: perMillion }));
    expect(human).toMatchObject({ runs: 1, modelSteps: 0, promptTokens: 0, costUsd: 0 });
  });
});
