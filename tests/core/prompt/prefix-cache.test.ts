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

/** The scripted model's answer to a step or revision request. */
function model(messages: ChatMessage[]): string {
  const request: ModelRequest = { model: "test-model", messages };
  const revising = kindOf(request) === "revision";
  return `## ${revising ? "Revised" : "First"} output of step ${stepOf(request)}\n\n${"Facts the next step builds on. ".repeat(20 + stepOf(request) * 7)}`;
}

async function runExample(name: string): Promise<{ kind: Kind; messages: ChatMessage[] }[]> {
  const scripted = new ScriptedModel((request) => (request.responseFormat === "json" ? '{"findings": []}' : model(request.messages)));
  const vault = new MemoryVault(exampleVaultFiles(), nodeYaml, false);
  const engine = new RunEngine({ vault, yaml: nodeYaml, clock: testClock(1000), model: scripted, settings: { ...DEFAULT_ENGINE_SETTINGS, defaultModel: "test-model" } });
  const runPath = value(await engine.start({ sopPath: `SOPs/${name}`, projectPath: "Projects/Identity platform guide.md", cue: "Cover MFA.", inputs: INPUTS[name] ?? {}, mode: "step" }));
  const revised = new Set<number>();
  for (let guard = 0; guard < 50; guard++) {
    const outcome = value(await engine.advance(runPath));
    if (outcome.status === "done" || !outcome.gate) break;
    const modelStep = scripted.requests.some((request) => stepOf(request) === outcome.gate?.step);
    // One revision of every model step, then approval: revisions and reviews both branch.
    if (modelStep && !revised.has(outcome.gate.step)) {
      revised.add(outcome.gate.step);
      value(await engine.revise(runPath, `Name the portal page in step ${outcome.gate.step}.`));
    } else value(await engine.approve(runPath));
  }
  return scripted.requests.map((request) => ({ kind: kindOf(request), messages: request.messages }));
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
    let output = "";
    const reviews = requests.filter((r) => r.kind === "review");
    for (const request of requests) {
      const sent = bytes(request.messages);
      if (request.kind === "step") stepPrompt = sent;
      expect(sent.slice(0, stepPrompt.length)).toEqual(stepPrompt);
      if (request.kind !== "review") {
        output = model(request.messages);
        continue;
      }
      // A review of any revision: the step's prompt, the output under review as the assistant, the reviewer's turn.
      expect(request.messages.slice(stepPrompt.length).map((m) => m.role)).toEqual(["assistant", "user"]);
      expect(request.messages[stepPrompt.length].content).toBe(output.trim());
      expect(request.messages[request.messages.length - 1].content).toMatch(/^# Review requested: step \d+/);
    }
    expect(reviews.length).toBeGreaterThan(0);
  });

  it("start the next step's messages with the review of the approved output, up to that output (a cache hit through it)", () => {
    let checked = 0;
    requests.forEach((request, i) => {
      const previous = requests[i - 1];
      if (request.kind !== "step" || previous?.kind !== "review") return;
      // The review just before a step is of the output approved last: the step's prompt repeats it but for the request.
      expect(bytes(request.messages.slice(0, -1))).toEqual(bytes(previous.messages.slice(0, -1)));
      checked++;
    });
    if (requests.some((r, i) => r.kind === "review" && requests[i + 1]?.kind === "step")) expect(checked).toBeGreaterThan(0);
  });
});
