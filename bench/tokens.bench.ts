// Benchmark: how each run's prompts extend each other (provider prompt caches), and its prompt tokens against the essay's chat transcript.
import { getEncoding } from "js-tiktoken";
import type { ChatMessage } from "../src/core/ports";
import { estimateTokens, TOKENS_PER_MESSAGE } from "../src/core/prompt/estimate";
import { machineLine, met, write } from "./bench-report";
import { runScenario, SCENARIOS, type ScenarioRun } from "./token-scenarios";

const TOKEN_SHARE_BUDGET = 0.7;
const PREFIX_SHARE_BUDGET = 0.85;

/** GPT-4o's tokenizer (o200k_base), the family of the OpenAI preset's default models; the project's estimate is shown beside it. */
const o200k = getEncoding("o200k_base");
const realTokens = (text: string): number => o200k.encode(text, "all").length;

function serialize(messages: readonly ChatMessage[]): string {
  return messages.map((message) => `${message.role}\n${message.content}\n`).join("");
}

/** Prompt tokens as a chat API counts them: each message's text plus a few tokens of role and separators. */
function promptTokens(messages: readonly ChatMessage[], count: (text: string) => number): number {
  return messages.reduce((sum, message) => sum + count(message.content) + TOKENS_PER_MESSAGE, 0);
}

function sharedChars(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  let i = 0;
  while (i < n && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  return i;
}

/** Whether `prefix`'s messages are the first messages of `messages`, byte for byte. */
function extends_(messages: readonly ChatMessage[], prefix: readonly ChatMessage[]): boolean {
  return prefix.length <= messages.length && prefix.every((m, i) => m.role === messages[i].role && m.content === messages[i].content);
}

const pct = (x: number): string => `${(x * 100).toFixed(1)}%`;
const num = (x: number): string => x.toLocaleString("en-US");

/** The essay's way: one chat, the SOP pasted with the cue, then per step a request, the answer, the revision request and the revised answer. */
function transcriptPrompts(run: ScenarioRun, count: (text: string) => number, pasted = ""): number[] {
  const transcript: ChatMessage[] = [];
  const prompts: number[] = [];
  const say = (content: string): void => {
    transcript.push({ role: "user", content });
    prompts.push(promptTokens(transcript, count));
  };
  transcript.push({ role: "user", content: `Here is our standard operating procedure. We will go through it one step at a time.\n\n${run.files[run.scenario.sopPath]}\n\nThe task: ${run.scenario.cue}${pasted}` });
  transcript.push({ role: "assistant", content: "Understood. Tell me when to start step 1." });
  for (const step of run.answers) {
    say(`Let's do step ${step.step}: ${step.title}.`);
    transcript.push({ role: "assistant", content: step.first });
    if (!run.scenario.revise) continue;
    say(run.feedback(step.step));
    transcript.push({ role: "assistant", content: step.revised });
  }
  return prompts;
}

function report(run: ScenarioRun): { lowest: number; share: number } {
  const steps = run.requests.filter((r) => r.kind === "step");
  const rows: string[] = [];
  const shares: number[] = [];
  let allExtend = true;
  for (let k = 1; k < steps.length; k++) {
    const [before, after] = [serialize(steps[k - 1].messages), serialize(steps[k].messages)];
    const shared = sharedChars(before, after);
    const tokenShare = realTokens(after.slice(0, shared)) / realTokens(after);
    const byteForByte = extends_(steps[k].messages, steps[k - 1].messages);
    allExtend &&= byteForByte;
    shares.push(tokenShare);
    rows.push(`| ${steps[k].step} vs ${steps[k - 1].step} | ${num(realTokens(after))} | ${byteForByte ? "yes" : "**no**"} | ${pct(shared / after.length)} | ${pct(tokenShare)} | ${met(tokenShare >= PREFIX_SHARE_BUDGET)} |`);
  }
  // Revisions and reviews branch from the step's prompt: they must start with it.
  const branches = run.requests.filter((r) => r.kind !== "step");
  const branched = branches.filter((r) => {
    const own = steps.find((s) => s.step === r.step);
    return own !== undefined && extends_(r.messages, own.messages);
  }).length;

  // What a provider's prompt cache could serve: each request's longest prefix in common with any request sent before it.
  let cacheable = 0;
  let sentTokens = 0;
  const sent: string[] = [];
  for (const request of run.requests) {
    const text = serialize(request.messages);
    const shared = Math.max(0, ...sent.map((earlier) => sharedChars(earlier, text)));
    cacheable += realTokens(text.slice(0, shared));
    sentTokens += realTokens(text);
    sent.push(text);
  }

  const runtime = run.requests.filter((r) => r.kind !== "review");
  const runtimeReal = runtime.reduce((sum, r) => sum + promptTokens(r.messages, realTokens), 0);
  const runtimeEstimate = runtime.reduce((sum, r) => sum + promptTokens(r.messages, estimateTokens), 0);
  const manualReal = transcriptPrompts(run, realTokens).reduce((a, b) => a + b, 0);
  const manualEstimate = transcriptPrompts(run, estimateTokens).reduce((a, b) => a + b, 0);
  const share = runtimeReal / manualReal;
  // Like for like: the same chat with the project, role and source notes the runtime's step prompts carry pasted once at its start.
  const body = (text: string) => text.replace(/^---\n[\s\S]*?\n---\n/, "").trim();
  const carriedNote = (text: string) => run.requests.some((r) => r.kind !== "review" && r.messages.some((m) => m.content.includes(body(text).slice(0, 120))));
  const notes = Object.entries(run.files).filter(([path, text]) => path !== run.scenario.sopPath && (path === run.scenario.projectPath || path.startsWith("Roles/") || path.startsWith("Sources/")) && carriedNote(text));
  const pasted = notes.map(([path, text]) => `\n\n## ${path}\n\n${text}`).join("");
  const withNotesReal = transcriptPrompts(run, realTokens, pasted).reduce((a, b) => a + b, 0);
  // Carried forward: every approved output is in the last step prompt whole.
  const last = steps[steps.length - 1]?.messages ?? [];
  const carried = run.answers.filter((a) => last.some((m) => m.role === "assistant" && m.content === a.revised.trim())).length;
  const lastStep = run.answers[run.answers.length - 1]?.step;
  const expectedCarried = run.answers.filter((a) => a.step !== lastStep).length;
  const lowest = shares.length ? Math.min(...shares) : 1;

  write([
    `### ${run.scenario.name}`,
    "",
    "| Measure | Budget | Measured | Met? |",
    "|---|---:|---:|---|",
    `| Runtime prompt tokens / transcript prompt tokens (o200k_base) | ≤ ${TOKEN_SHARE_BUDGET * 100}% | ${pct(share)} (${num(runtimeReal)} / ${num(manualReal)}) | ${met(share <= TOKEN_SHARE_BUDGET)} |`,
    `| The same with the project's estimate (4 characters a token) | — | ${pct(runtimeEstimate / manualEstimate)} (${num(runtimeEstimate)} / ${num(manualEstimate)}) | — |`,
    `| The same against the transcript with the project, role and source notes the runtime carries pasted at its start (like for like, o200k_base) | — | ${pct(runtimeReal / withNotesReal)} (${num(runtimeReal)} / ${num(withNotesReal)}) | — |`,
    `| Each step's prompt: share (tokens) that is the previous step's prompt, lowest | ≥ ${PREFIX_SHARE_BUDGET * 100}% | ${pct(lowest)} | ${met(lowest >= PREFIX_SHARE_BUDGET)} |`,
    `| Prompt tokens of all requests (reviews included) a prefix cache could serve: each one's longest prefix shared with an earlier request | — | ${pct(cacheable / sentTokens)} (${num(cacheable)} / ${num(sentTokens)}) | — |`,
    `| Step k+1's messages start with step k's, byte for byte | every step | ${allExtend ? "every step" : "**not every step**"} | ${met(allExtend)} |`,
    `| Revision and reviewer requests that start with their step's prompt | all | ${branched} of ${branches.length} | ${met(branched === branches.length)} |`,
    `| Earlier approved outputs carried whole into the last step's prompt | all | ${carried} of ${expectedCarried} | ${met(carried >= expectedCarried)} |`,
    "",
    "| Prompts | Tokens of the later prompt (o200k_base) | Extends byte for byte | Shared (characters) | Shared (tokens) | Met? |",
    "|---|---:|---|---:|---:|---|",
    ...rows,
    "",
    `${steps.length} step prompts, ${run.requests.filter((r) => r.kind === "revision").length} revision and ${run.requests.filter((r) => r.kind === "review").length} reviewer requests (reviewers are in neither total: the transcript has no reviews).`,
    "",
  ]);
  return { lowest, share };
}

async function main(): Promise<void> {
  write([machineLine(), ""]);
  const results: { name: string; lowest: number; share: number }[] = [];
  for (const scenario of SCENARIOS) results.push({ name: scenario.name, ...report(await runScenario(scenario)) });
  write([
    "### All SOPs",
    "",
    "| SOP | Prompt tokens / transcript (≤ 70%) | Lowest prefix share (≥ 85%) |",
    "|---|---:|---:|",
    ...results.map((r) => `| ${r.name} | ${pct(r.share)} ${met(r.share <= TOKEN_SHARE_BUDGET)} | ${pct(r.lowest)} ${met(r.lowest >= PREFIX_SHARE_BUDGET)} |`),
    "",
    "Each SOP runs through RunEngine over an in-memory copy of examples/vault with a scripted model (deterministic prose answers). Runtime",
    "tokens: every step and revision request the engine sent. Transcript: the SOP pasted with the cue, then per model step a request, the same",
    "first answer and, with revisions, the same revision request and revised answer, each user turn resending the whole chat; it carries no",
    "project, context or role notes, which favours it. Tokens: o200k_base (js-tiktoken, devDependency, bench only) plus 4 per message; the",
    "project's estimate beside it. Shared prefix: of the serialized messages (role, newline, content, newline), over the later prompt. One run.",
    "",
  ]);
}

void main().catch((error: unknown) => {
  process.stderr.write(`tokens benchmark failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
