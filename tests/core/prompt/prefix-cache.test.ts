// Provider prompt caches hit only on an exact prefix: every request of a run of each example SOP must start with the
// messages of the request it follows from, byte for byte (step k+1 from step k; a revision and a review from their step).
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { RunEngine } from "../../../src/core/run/engine";
import { DEFAULT_ENGINE_SETTINGS } from "../../../src/core/run/engine-types";
import type { ChatMessage, ModelRequest } from "../../../src/core/ports";
import { nodeYaml } from "../../../src/cli/yaml-codec";
import { MemoryVault } from "../../support/memory-vault";
import { ScriptedModel, stepOf } from "../../support/scripted-model";
import { exampleVaultFiles } from "../../support/example-vault-files";
import { testClock, value } from "../run/engine-fixture";

/** Inputs that make every conditional step of an example SOP run. */
const INPUTS: Record<string, Record<string, string>> = {
  "Weekly on-call handover.md": { severity: "high", customer_impact: "true", week_ending: "2026-01-04" },
};

const EXAMPLE_SOPS = readdirSync(join(__dirname, "..", "..", "..", "examples", "vault", "SOPs")).filter((name) => name.endsWith(".md"));

type Kind = "step" | "revision" | "review";

function kindOf(request: ModelRequest): Kind {
  if (request.responseFormat === "json") return "review";
  return /\(revision requested\)/.test(request.messages[request.messages.length - 1]?.content ?? "") ? "revision" : "step";
}

/** The messages as the provider sees them: a prefix that differs in one byte is a cache miss. */
function bytes(messages: readonly ChatMessage[]): string[] {
  return messages.map((message) => JSON.stringify([message.role, message.content]));
}

async function runExample(name: string): Promise<{ kind: Kind; messages: ChatMessage[] }[]> {
  const model = new ScriptedModel((request) => {
    if (request.responseFormat === "json") return '{"findings": []}';
    const step = stepOf(request);
    const revising = kindOf(request) === "revision";
    return `## ${revising ? "Revised" : "First"} output of step ${step}\n\n${"Facts the next step builds on. ".repeat(20 + step * 7)}`;
  });
  const vault = new MemoryVault(exampleVaultFiles(), nodeYaml, false);
  const engine = new RunEngine({ vault, yaml: nodeYaml, clock: testClock(1000), model, settings: { ...DEFAULT_ENGINE_SETTINGS, defaultModel: "test-model" } });
  const runPath = value(await engine.start({ sopPath: `SOPs/${name}`, projectPath: "Projects/Identity platform guide.md", cue: "Cover MFA.", inputs: INPUTS[name] ?? {}, mode: "step" }));
  const revised = new Set<number>();
  for (let guard = 0; guard < 50; guard++) {
    const outcome = value(await engine.advance(runPath));
    if (outcome.status === "done" || !outcome.gate) break;
    const modelStep = model.requests.some((request) => stepOf(request) === outcome.gate?.step);
    // One revision of every model step, then approval: revisions and reviews both branch.
    if (modelStep && !revised.has(outcome.gate.step)) {
      revised.add(outcome.gate.step);
      value(await engine.revise(runPath, `Name the portal page in step ${outcome.gate.step}.`));
    } else value(await engine.approve(runPath));
  }
  return model.requests.map((request) => ({ kind: kindOf(request), messages: request.messages }));
}

describe.each(EXAMPLE_SOPS)("the requests of a run of the example SOP %s", (name) => {
  let requests: { kind: Kind; messages: ChatMessage[] }[] = [];
  beforeAll(async () => {
    requests = await runExample(name);
  });

  it("runs at least two model steps, each revised once", () => {
    expect(requests.filter((r) => r.kind === "step").length).toBeGreaterThanOrEqual(2);
    expect(requests.filter((r) => r.kind === "revision")).toHaveLength(requests.filter((r) => r.kind === "step").length);
  });

  it("start each step's messages with the previous step's, byte for byte", () => {
    const steps = requests.filter((r) => r.kind === "step").map((r) => bytes(r.messages));
    for (let k = 1; k < steps.length; k++) {
      expect(steps[k].slice(0, steps[k - 1].length)).toEqual(steps[k - 1]);
      // What follows is the approved output as the assistant's turn and the next step as the user's.
      expect(steps[k].length).toBe(steps[k - 1].length + 2);
    }
  });

  it("branch a revision and every review from the messages of the step they are about", () => {
    let stepPrompt: string[] = [];
    let latest: string[] = [];
    const reviews = requests.filter((r) => r.kind === "review");
    for (const request of requests) {
      const sent = bytes(request.messages);
      if (request.kind === "step") stepPrompt = sent;
      if (request.kind !== "review") {
        expect(sent.slice(0, stepPrompt.length)).toEqual(stepPrompt);
        latest = sent;
        continue;
      }
      // A review follows the request whose output it reviews: that request, the output, then the reviewer's turn.
      expect(sent.slice(0, latest.length)).toEqual(latest);
      expect(request.messages.slice(latest.length).map((m) => m.role)).toEqual(["assistant", "user"]);
      expect(request.messages[request.messages.length - 1].content).toMatch(/^# Review requested: step \d+/);
    }
    expect(reviews.length).toBeGreaterThan(0);
  });
});
