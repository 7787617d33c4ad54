// Benchmark: prompt tokens of a run of the example SOP with one revision per step, against the essay's manual chat transcript.
import { readdirSync, readFileSync } from "node:fs";
import { join, relative, sep } from "node:path";
import { RunEngine } from "../src/core/run/engine";
import { DEFAULT_ENGINE_SETTINGS } from "../src/core/run/engine-types";
import type { ChatMessage } from "../src/core/ports";
import { estimateTokens, TOKENS_PER_MESSAGE } from "../src/core/prompt/estimate";
import { nodeYaml } from "../src/cli/yaml-codec";
import { MemoryVault } from "../tests/support/memory-vault";
import { ScriptedModel, stepOf } from "../tests/support/scripted-model";
import { machineLine, met, write } from "./bench-report";

const TOKEN_SHARE_BUDGET = 0.6;
const PREFIX_SHARE_BUDGET = 0.8;
const VAULT = join(process.cwd(), "examples", "vault");
const SOP = "SOPs/Drafting internal product docs.md";
const PROJECT = "Projects/Identity platform guide.md";
const CUE = "Write the onboarding guide for the identity platform: access requests, MFA and password resets.";

function exampleVault(): Record<string, string> {
  const files: Record<string, string> = {};
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.name.startsWith(".")) continue;
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith(".md")) files[relative(VAULT, path).split(sep).join("/")] = readFileSync(path, "utf8");
    }
  };
  walk(VAULT);
  return files;
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
function answer(label: string, chars: number): string {
  let text = `## ${label}\n\n`;
  for (let i = 0; text.length < chars; i++) text += SENTENCES[i % SENTENCES.length] + (i % 4 === 3 ? "\n\n" : " ");
  return text.trim();
}

/** Answer lengths per step: first answers 1,500–3,000 characters, each revision about 10% longer. */
function lengths(step: number): { first: number; revised: number } {
  const first = 1500 + ((step * 7) % 6) * 300;
  return { first, revised: Math.round(first * 1.1) };
}

const FEEDBACK = (step: number) => `Good start. Make step ${step} more concrete: name the portal pages and add one example per workflow.`;

function isRevision(messages: readonly ChatMessage[]): boolean {
  return (messages[messages.length - 1]?.content ?? "").includes("## Revision requested");
}

function transcriptTotal(prompts: readonly number[]): number {
  return prompts.reduce((a, b) => a + b, 0);
}

function promptTokens(messages: readonly ChatMessage[]): number {
  return messages.reduce((sum, message) => sum + estimateTokens(message.content) + TOKENS_PER_MESSAGE, 0);
}

function serialize(messages: readonly ChatMessage[]): string {
  return messages.map((message) => `${message.role}\n${message.content}\n`).join("");
}

function sharedPrefix(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  let i = 0;
  while (i < n && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  return i;
}

async function main(): Promise<void> {
  const machine = machineLine();
  const files = exampleVault();
  const answers: { first: string; revised: string }[] = [];
  const model = new ScriptedModel((request) => {
    // Reviewers of a `review::` step ask for JSON findings; they are not step prompts and are counted apart.
    if (request.responseFormat === "json") return '{"findings": []}';
    const step = stepOf(request);
    const { first, revised } = lengths(step);
    answers[step - 1] ??= { first: answer(`Step ${step} draft`, first), revised: answer(`Step ${step} revised`, revised) };
    return isRevision(request.messages) ? answers[step - 1].revised : answers[step - 1].first;
  });
  const vault = new MemoryVault(files, nodeYaml, false);
  let tick = 0;
  const engine = new RunEngine({ vault, yaml: nodeYaml, clock: { now: () => new Date(Date.UTC(2026, 0, 1) + tick++ * 1000) }, model, settings: { ...DEFAULT_ENGINE_SETTINGS, defaultModel: "bench" } });
  const run = await engine.start({ sopPath: SOP, projectPath: PROJECT, cue: CUE, mode: "step" });
  if (!run.ok) throw new Error(run.error);
  const must = <T>(result: { ok: true; value: T } | { ok: false; error: string }): T => {
    if (!result.ok) throw new Error(result.error);
    return result.value;
  };
  const steps = must(await engine.loadRun(run.value)).state.steps.length;
  const titles: string[] = [];
  for (let step = 1; step <= steps; step++) {
    const first = must(await engine.advance(run.value));
    if (first.gate?.step !== step) throw new Error(`Expected step ${step} at its gate, got ${first.status} (${first.error ?? "no error"}).`);
    titles.push(first.gate.title);
    must(await engine.revise(run.value, FEEDBACK(step)));
    const revised = must(await engine.advance(run.value));
    if (revised.gate?.step !== step) throw new Error(`Expected the revision of step ${step} at its gate, got ${revised.status}.`);
    must(await engine.approve(run.value));
  }
  const done = must(await engine.advance(run.value));
  const stepRequests = model.requests.filter((request) => request.responseFormat !== "json");
  const reviewRequests = model.requests.length - stepRequests.length;
  if (done.status !== "done" || stepRequests.length !== steps * 2) throw new Error(`Run ended ${done.status} after ${stepRequests.length} step requests.`);

  // The essay's way: one chat, the SOP pasted with the cue, then per step a request, the answer, a revision request, the revised answer; every turn resends all of it.
  const sopText = files[SOP];
  const transcript: ChatMessage[] = [];
  const transcriptPrompts: number[] = [];
  const say = (content: string): void => {
    transcript.push({ role: "user", content });
    transcriptPrompts.push(promptTokens(transcript));
  };
  transcript.push({ role: "user", content: `Here is our standard operating procedure. We will go through it one step at a time.\n\n${sopText}\n\nThe task: ${CUE}` });
  transcript.push({ role: "assistant", content: "Understood. Tell me when to start step 1." });
  for (let step = 1; step <= steps; step++) {
    say(`Let's do step ${step}: ${titles[step - 1]}.`);
    transcript.push({ role: "assistant", content: answers[step - 1].first });
    say(FEEDBACK(step));
    transcript.push({ role: "assistant", content: answers[step - 1].revised });
  }

  // The same chat with every note the runtime includes pasted once at the start: the like-for-like comparison.
  const notes = Object.entries(files).filter(([path]) => path === PROJECT || path.startsWith("Roles/") || path.startsWith("Sources/"));
  const pasted = notes.reduce((sum, [path, text]) => sum + estimateTokens(`## ${path}\n\n${text}`), 0);
  const transcriptWithNotesTotal = transcriptTotal(transcriptPrompts) + pasted * transcriptPrompts.length;

  const runtimePrompts = stepRequests.map((request) => promptTokens(request.messages));
  const runtimeTotal = runtimePrompts.reduce((a, b) => a + b, 0);
  const manualTotal = transcriptTotal(transcriptPrompts);
  const share = runtimeTotal / manualTotal;

  const firstPrompts = stepRequests.filter((request) => !isRevision(request.messages)).map((request) => serialize(request.messages));
  const revisionPrompts = stepRequests.filter((request) => isRevision(request.messages)).map((request) => serialize(request.messages));
  const prefixRows: string[] = [];
  const shares: number[] = [];
  for (let k = 1; k < steps; k++) {
    const current = firstPrompts[k];
    const s = sharedPrefix(firstPrompts[k - 1], current) / current.length;
    shares.push(s);
    prefixRows.push(`| ${k + 1} vs ${k} | ${current.length.toLocaleString("en-US")} | ${(s * 100).toFixed(1)}% | ${met(s >= PREFIX_SHARE_BUDGET)} |`);
  }
  const revisionShares = revisionPrompts.map((text, k) => sharedPrefix(firstPrompts[k], text) / text.length);
  const perStep = titles.map((title, k) => `| ${k + 1}. ${title} | ${answers[k].first.length.toLocaleString("en-US")} / ${answers[k].revised.length.toLocaleString("en-US")} | ${runtimePrompts[2 * k].toLocaleString("en-US")} + ${runtimePrompts[2 * k + 1].toLocaleString("en-US")} | ${transcriptPrompts[2 * k].toLocaleString("en-US")} + ${transcriptPrompts[2 * k + 1].toLocaleString("en-US")} |`);

  write([
    "### Prompt tokens: a run with one revision per step against the manual chat transcript",
    "",
    machine,
    "",
    "| Measure | Budget | Measured | Met? |",
    "|---|---:|---:|---|",
    `| Runtime prompt tokens / transcript prompt tokens | ≤ ${TOKEN_SHARE_BUDGET * 100}% | ${(share * 100).toFixed(1)}% (${runtimeTotal.toLocaleString("en-US")} / ${manualTotal.toLocaleString("en-US")}) | ${met(share <= TOKEN_SHARE_BUDGET)} |`,
    `| The same, against the transcript with the project, role and source notes pasted at the start (like for like) | — | ${((runtimeTotal / transcriptWithNotesTotal) * 100).toFixed(1)}% (${runtimeTotal.toLocaleString("en-US")} / ${transcriptWithNotesTotal.toLocaleString("en-US")}) | — |`,
    `| Each step's prompt: prefix shared with the previous step's prompt, lowest | ≥ ${PREFIX_SHARE_BUDGET * 100}% | ${(Math.min(...shares) * 100).toFixed(1)}% (median ${((shares.slice().sort((a, b) => a - b)[Math.floor(shares.length / 2)] ?? 0) * 100).toFixed(1)}%) | ${met(Math.min(...shares) >= PREFIX_SHARE_BUDGET)} |`,
    "",
    "| Step | Answer chars (first / revised) | Runtime prompt tokens (first + revision) | Transcript prompt tokens (request + revision turn) |",
    "|---|---:|---:|---:|",
    ...perStep,
    "",
    "| Prompts | Characters of the later prompt | Shared prefix | Met? |",
    "|---|---:|---:|---|",
    ...prefixRows,
    "",
    `The run also made ${reviewRequests} reviewer request(s) (the SOP's \`review::\` steps, answered with no findings); they are not in either total, as the transcript has no reviews.`,
    `A revision's prompt shares ${revisionShares.map((s) => `${(s * 100).toFixed(0)}%`).join(", ")} of its characters with the same step's first prompt (not a budget).`,
    "",
    `The example SOP (examples/vault, ${steps} steps) run in step mode through RunEngine with the project note "${PROJECT}", a scripted model`,
    "and one revision per step; runtime tokens: every request the engine sent (its rules, SOP, project and context notes, cue, approved",
    "earlier outputs, the step with its role note, and for revisions the previous output and the feedback). Transcript: the SOP pasted",
    "with the cue, then per step a request, the same first answer, the same revision request and the same revised answer, each user",
    "turn resending the whole conversation; it carries no project, context or role notes, which favours the transcript.",
    "Tokens are the project's estimate (4 ASCII characters a token plus 4 per message), the same for both sides. Shared prefix: characters",
    "of the serialized messages (role, newline, content, newline) in common from the start, over the later prompt's length. Deterministic: one run.",
    "",
  ]);
}

void main().catch((error: unknown) => {
  process.stderr.write(`tokens benchmark failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
