// The messages that ask a role to review one waypoint: rules, the role, sources as evidence, the step, the text.
import type { ChatMessage } from "../ports";
import type { Step } from "../sop/types";

export interface ReviewSource {
  /** Vault path of the source note; the reviewer cites it by its note name. */
  path: string;
  text: string;
}

export interface ReviewPromptInput {
  roleName: string;
  /** The role note's body: its standing instructions. */
  roleInstructions: string;
  step: Pick<Step, "index" | "title" | "text" | "checks">;
  waypointText: string;
  sources: ReviewSource[];
  sopTitle: string;
  /** Total characters of source text offered; each source is cut with a visible marker past its share. */
  sourceBudgetChars?: number;
}

export const DEFAULT_SOURCE_BUDGET_CHARS = 24_000;

/** Identical for every review, so it forms a shared prefix that provider prompt caches reuse. */
export const REVIEWER_RULES = `You review one waypoint: the output of one step of a standard operating procedure (SOP). You do not rewrite it; you report findings, and a person accepts or dismisses each one.

Rules:
1. Each finding quotes the exact text it is about, copied verbatim from the waypoint: short (a phrase or one sentence), never paraphrased, never with added quotation marks or ellipses. Use an empty quote only for something that is missing altogether.
2. One problem per finding. Say what is wrong, unsupported or missing in one or two sentences.
3. When a finding rests on a source note, name that note in "source" exactly as it is titled. Prefer the sources over your own memory; do not state facts you cannot support.
4. Severity: "high" when the text is wrong or contradicts a source or would mislead the reader; "medium" when it is unsupported, unclear or leaves a check of the step unmet; "low" for small improvements.
5. "suggestion" is the replacement text for the quote when a replacement fixes it (the corrected words only, ready to paste), otherwise one sentence saying what to do.
6. When a check of the step ("what good looks like") is not met, say so in a finding and put the check's text in "check"; otherwise "check" is null.
7. No style rewrites unless your role asks for them. If you find nothing, answer with an empty list.
8. Answer only with JSON in this form, with no other text:
{"findings": [{"quote": "…", "problem": "…", "severity": "high|medium|low", "suggestion": "…", "source": "… or null", "check": "… or null"}]}`;

/** Builds the reviewer's messages: one system message and one user message, so every chat template accepts them. */
export function buildReviewMessages(input: ReviewPromptInput): ChatMessage[] {
  const system = [REVIEWER_RULES, "", `Your role: ${input.roleName.trim() || "Reviewer"}`, input.roleInstructions.trim()]
    .filter((part, i) => i < 3 || part !== "")
    .join("\n")
    .trimEnd();
  const user = [
    sourcesSection(input.sources, input.sourceBudgetChars ?? DEFAULT_SOURCE_BUDGET_CHARS),
    stepSection(input.sopTitle, input.step),
    waypointSection(input.waypointText),
    `Review the waypoint above as ${input.roleName.trim() || "the reviewer"}. Answer only with the JSON object.`,
  ].join("\n\n");
  return [
    { role: "system", content: system },
    { role: "user", content: user },
  ];
}

/**
 * A review inside a run branches from the step's own conversation (the messages its output was written from,
 * as sent), so the provider's prompt cache serves all of it: the output as the assistant's turn, then one user
 * turn with the reviewer's rules, the role, the sources not already in the conversation, and the request.
 */
export function buildBranchedReviewMessages(conversation: readonly ChatMessage[], notesInConversation: readonly string[], input: ReviewPromptInput): ChatMessage[] {
  const role = input.roleName.trim() || "Reviewer";
  const above = input.sources.filter((source) => source.text.trim() !== "" && notesInConversation.includes(source.path));
  const rest = input.sources.filter((source) => !above.includes(source));
  const evidence = above.length > 0
    ? [`The source notes ${above.map((source) => `"${sourceName(source.path)}"`).join(", ")} are in this conversation above; cite them by those names.`]
    : [];
  if (rest.some((source) => source.text.trim() !== "") || above.length === 0) evidence.push(sourcesSection(rest, input.sourceBudgetChars ?? DEFAULT_SOURCE_BUDGET_CHARS));
  const request = [
    `# Review requested: step ${input.step.index}: ${input.step.title}`,
    "Stop working on the procedure now. The output of the step in your last answer above is the waypoint to review; the step and its checks are in the request before it.",
    REVIEWER_RULES,
    [`Your role: ${role}`, input.roleInstructions.trim()].filter((part) => part !== "").join("\n"),
    evidence.join("\n\n"),
    `Review the waypoint above as ${role}. Answer only with the JSON object.`,
  ].join("\n\n");
  return [...conversation, { role: "assistant", content: input.waypointText.trim() || "(empty)" }, { role: "user", content: request }];
}

/** The note name a reviewer should cite: the file name without folders or `.md`. */
export function sourceName(path: string): string {
  return path.slice(path.lastIndexOf("/") + 1).replace(/\.md$/i, "");
}

function sourcesSection(sources: ReviewSource[], budget: number): string {
  const present = sources.filter((source) => source.text.trim() !== "");
  if (present.length === 0) {
    // Self-critique without outside evidence tends to make answers worse: say so rather than invite guessing.
    return "## Sources\n\nNo source notes were given for this review. Flag only what the waypoint itself shows to be wrong, contradictory, unclear or missing against the step; do not assert outside facts.";
  }
  const share = Math.max(200, Math.floor(budget / present.length));
  const blocks = present.map((source) => {
    const name = sourceName(source.path);
    return `### Source: ${name}\n\n${boundedText(source.text.trim(), share, name)}`;
  });
  return `## Sources\n\nUse these notes as evidence; cite them by name.\n\n${blocks.join("\n\n")}`;
}

/** Cuts at a line break where possible and says how much was left out, so the reviewer never mistakes a cut for the end. */
export function boundedText(text: string, maxChars: number, name: string): string {
  if (text.length <= maxChars) return text;
  const lineBreak = text.lastIndexOf("\n", maxChars);
  const cut = lineBreak > maxChars / 2 ? lineBreak : maxChars;
  const omitted = text.length - cut;
  return `${text.slice(0, cut).trimEnd()}\n\n[… cut: ${omitted} more characters of ${name} not shown]`;
}

function stepSection(sopTitle: string, step: ReviewPromptInput["step"]): string {
  const checks = step.checks.length > 0
    ? `What good looks like (the step's checks):\n${step.checks.map((check) => `- ${check}`).join("\n")}`
    : "The step lists no checks.";
  return `## The step\n\nSOP: ${sopTitle}\nStep ${step.index}: ${step.title}\n\n${step.text.trim()}\n\n${checks}`;
}

function waypointSection(waypointText: string): string {
  const fence = fenceFor(waypointText);
  return `## The waypoint to review\n\n${fence}markdown\n${waypointText.trimEnd()}\n${fence}`;
}

/** A fence longer than any backtick run inside, so a waypoint with code blocks stays in one piece. */
function fenceFor(text: string): string {
  const longest = Math.max(2, ...Array.from(text.matchAll(/`+/g), (match) => match[0].length));
  return "`".repeat(longest + 1);
}
