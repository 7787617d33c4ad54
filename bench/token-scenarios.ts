// The runs the tokens benchmark measures: every example SOP and the benchmarks' generated SOP, through RunEngine with a scripted model.
import { join } from "node:path";
import { RunEngine } from "../src/core/run/engine";
import { DEFAULT_ENGINE_SETTINGS } from "../src/core/run/engine-types";
import type { ChatMessage, ModelRequest } from "../src/core/ports";
import { nodeYaml } from "../src/cli/yaml-codec";
import { MemoryVault } from "../tests/support/memory-vault";
import { ScriptedModel, stepOf } from "../tests/support/scripted-model";
import { exampleVaultFiles } from "../tests/support/example-vault-files";
import { generateSop } from "./generate-sop";

const VAULT = join(process.cwd(), "examples", "vault");

export interface Scenario {
  name: string;
  sopPath: string;
  projectPath: string | null;
  cue: string;
  inputs?: Record<string, string>;
  /** Extra notes beside the example vault's (the generated SOP). */
  extraFiles?: Record<string, string>;
  /** Characters of a step's first answer; each revision is about 10% longer. */
  answerChars: (step: number) => number;
  /** Whether the person asks for one revision of every model step (step mode); otherwise the run is auto. */
  revise: boolean;
}

export interface ScenarioRun {
  scenario: Scenario;
  files: Record<string, string>;
  /** Every request in the order sent, with what it was: a step's first prompt, its revision, or a reviewer's. */
  requests: { kind: "step" | "revision" | "review"; step: number; messages: ChatMessage[] }[];
  /** Per model step in order: its title, the first answer and the revised one (equal when not revised). */
  answers: { step: number; title: string; first: string; revised: string }[];
  feedback: (step: number) => string;
}

const SENTENCES = [
  "New engineers request access to the identity platform through the service portal on their first day.",
  "Multi-factor authentication is required for every account, and the authenticator app is the default method.",
  "A password reset goes through the self-service page; the help desk only steps in when the recovery codes are lost.",
  "Managers approve access requests within one working day, and the request shows its status in the portal.",
  "Contractors get time-limited accounts that expire with their contract unless the sponsor extends them.",
  "Every section names what the reader can do next and links the policy it relies on.",
];

/** Deterministic prose of about `chars` characters, in paragraphs, like a waypoint's text. */
export function answer(label: string, chars: number): string {
  let text = `## ${label}\n\n`;
  for (let i = 0; text.length < chars; i++) text += SENTENCES[i % SENTENCES.length] + (i % 4 === 3 ? "\n\n" : " ");
  return text.trim();
}

const ROLE_OPERATOR = "---\ntags: [sop-role]\n---\n# Operator\n\nYou run one stage of a rollout and record what you saw: the command, the dashboard, and whether it is safe to go on.\n";

export const SCENARIOS: Scenario[] = [
  {
    name: "Drafting internal product docs (examples/vault), one revision per step",
    sopPath: "SOPs/Drafting internal product docs.md",
    projectPath: "Projects/Identity platform guide.md",
    cue: "Write the onboarding guide for the identity platform: access requests, MFA and password resets.",
    answerChars: (step) => 1500 + ((step * 7) % 6) * 300,
    revise: true,
  },
  {
    name: "Weekly on-call handover (examples/vault), a high-severity week, one revision per step",
    sopPath: "SOPs/Weekly on-call handover.md",
    projectPath: null,
    cue: "Hand over the identity platform after the MFA outage.",
    inputs: { severity: "high", customer_impact: "true", week_ending: "2026-01-04" },
    answerChars: (step) => 1200 + step * 250,
    revise: true,
  },
  {
    name: "Generated release runbook (bench/generate-sop.ts, 24 steps), auto mode with a reviewer per step",
    sopPath: "SOPs/Generated release runbook.md",
    projectPath: null,
    cue: "Roll out release 4.2.",
    extraFiles: { "SOPs/Generated release runbook.md": generateSop(5600), "Roles/Operator.md": ROLE_OPERATOR },
    answerChars: (step) => 500 + (step % 5) * 150,
    revise: false,
  },
];

function kindOf(request: ModelRequest): "step" | "revision" | "review" {
  if (request.responseFormat === "json") return "review";
  return (request.messages[request.messages.length - 1]?.content ?? "").includes("(revision requested)") ? "revision" : "step";
}

export async function runScenario(scenario: Scenario): Promise<ScenarioRun> {
  const files = { ...exampleVaultFiles(VAULT), ...scenario.extraFiles };
  const answers = new Map<number, { step: number; title: string; first: string; revised: string }>();
  const feedback = (step: number) => `Good start. Make step ${step} more concrete: name the portal pages and add one example per workflow.`;
  const requests: ScenarioRun["requests"] = [];
  const model = new ScriptedModel((request) => {
    const kind = kindOf(request);
    // Reviewers answer with no findings; which step they review is the last step prompt's.
    const step = kind === "review" ? (requests.filter((r) => r.kind !== "review").pop()?.step ?? 0) : stepOf(request);
    requests.push({ kind, step, messages: request.messages });
    if (kind === "review") return '{"findings": []}';
    const chars = scenario.answerChars(step);
    const entry = answers.get(step) ?? { step, title: "", first: answer(`Step ${step} draft`, chars), revised: answer(`Step ${step} revised`, Math.round(chars * 1.1)) };
    if (!scenario.revise) entry.revised = entry.first;
    answers.set(step, entry);
    return kind === "revision" ? entry.revised : entry.first;
  });
  const vault = new MemoryVault(files, nodeYaml, false);
  let tick = 0;
  const engine = new RunEngine({ vault, yaml: nodeYaml, clock: { now: () => new Date(Date.UTC(2026, 0, 5) + tick++ * 1000) }, model, settings: { ...DEFAULT_ENGINE_SETTINGS, defaultModel: "bench" } });
  const must = <T>(result: { ok: true; value: T } | { ok: false; error: string }): T => {
    if (!result.ok) throw new Error(`${scenario.name}: ${result.error}`);
    return result.value;
  };
  const runPath = must(await engine.start({ sopPath: scenario.sopPath, projectPath: scenario.projectPath, cue: scenario.cue, inputs: scenario.inputs, mode: scenario.revise ? "step" : "auto" }));
  for (let guard = 0; guard < 1000; guard++) {
    const outcome = must(await engine.advance(runPath));
    if (outcome.status === "done") break;
    const gate = outcome.gate;
    if (!gate) throw new Error(`${scenario.name}: the run stopped (${outcome.status}) without a gate: ${outcome.error ?? ""}`);
    const entry = answers.get(gate.step);
    if (entry) entry.title = gate.title;
    const revisedAlready = requests.some((r) => r.kind === "revision" && r.step === gate.step);
    if (scenario.revise && entry && !revisedAlready) must(await engine.revise(runPath, feedback(gate.step)));
    else must(await engine.approve(runPath));
  }
  for (const entry of answers.values()) entry.title ||= `step ${entry.step}`;
  return { scenario, files, requests, answers: [...answers.values()].sort((a, b) => a.step - b.step), feedback };
}
