// Builds a step's messages as an alternating, append-only conversation: what never changes within a run first,
// then one user turn per step (its instruction) answered by one assistant turn (its approved output).
import type { ChatMessage } from "../ports";
import type { Step } from "../sop/types";
import { estimatePromptTokens } from "./estimate";
import { SYSTEM_RULES } from "./system-rules";
import { outputReference, outputsToReference } from "./long-run";
import type { AssembledPrompt, IncludedNote, PromptInput, PromptNote, PromptRole } from "./prompt-types";

/**
 * system, then user/assistant strictly alternating, ending with a user turn (chat templates such as Llama 2's,
 * Mistral's or Gemma's refuse anything else). The first user turn carries the SOP, project and context notes and
 * the cue, which depend only on the run, followed by the first step's instruction; every settled step adds its
 * approved output as an assistant turn and the next step's instruction as a user turn. So step k+1's messages
 * start with step k's messages byte for byte, and a revision branches from that prefix: the output being
 * replaced as the assistant's turn, the person's feedback as the user's.
 */
export function assemblePrompt(input: PromptInput): AssembledPrompt {
  const { messages, included } = assembleMessages(input);
  const estimatedTokens = estimatePromptTokens(messages);
  return { messages, included, estimatedTokens };
}

/** The messages and included notes without the token estimate (the engine sends them; only previews need the estimate). */
export function assembleMessages(input: PromptInput): Omit<AssembledPrompt, "estimatedTokens"> {
  const included: IncludedNote[] = [];
  const total = input.procedure.steps.length;
  const preamble = [`# Standard operating procedure: ${input.procedure.title} (version ${input.sopVersion})\n\n${input.sop.text.trim()}`];
  included.push({ path: input.sop.path, role: "sop", chars: input.sop.text.length, cut: 0 });
  const context = contextMessage(input, included);
  if (context) preamble.push(context);
  preamble.push(`# Cue\n\n${input.cue.trim() || "(No cue was given.)"}`);

  const messages: ChatMessage[] = [{ role: "system", content: SYSTEM_RULES }];
  const ask = (instruction: string) => {
    // The run's preamble opens the first user turn, so no two user turns ever follow each other.
    const content = messages.length === 1 ? `${preamble.join("\n\n")}\n\n${instruction}` : instruction;
    messages.push({ role: "user", content });
  };

  // A role's note goes in with the first step worked as that role; later steps name the role and point back to it.
  const introduced = new Set<string>();
  const outputs: { message: ChatMessage; note: IncludedNote; reference: ReturnType<typeof outputReference> }[] = [];
  for (const earlier of input.earlier) {
    // A step whose `when::` condition was false never ran and was never a prompt's current step: one line says so.
    if (earlier.status === "skipped" && (earlier.skipReason ?? "").startsWith("condition not met")) {
      ask(`# Step ${earlier.index} of ${total}: ${earlier.step.title} (not run)`);
      messages.push({ role: "assistant", content: `(Step ${earlier.index} was not run: ${earlier.skipReason ?? ""}.)` });
      continue;
    }
    ask(stepInstruction(earlier.step, total, earlier.role, included, introduced));
    if (earlier.status === "skipped") {
      messages.push({ role: "assistant", content: `(Step ${earlier.index} was skipped by the person. Reason: ${earlier.skipReason ?? "none given"})` });
      continue;
    }
    const message: ChatMessage = { role: "assistant", content: earlier.text.trim() || "(empty)" };
    const note: IncludedNote = { path: earlier.path, role: "waypoint", chars: earlier.text.length, cut: 0 };
    messages.push(message);
    included.push(note);
    outputs.push({ message, note, reference: outputReference(earlier) });
  }

  ask(stepInstruction(input.step, total, input.role, included, introduced));
  // A long run stays inside the model's context: the oldest outputs become references (long-run.ts), decided on
  // the step's own messages so that its revision and its reviews branch from the same prefix.
  const size = messages.reduce((sum, message) => sum + message.content.length, 0);
  const referenced = outputsToReference(size, input.conversationBudgetChars, outputs.map((o) => o.message.content.length), outputs.map((o) => o.reference.content.length));
  for (const { message, note, reference } of outputs.slice(0, referenced)) {
    message.content = reference.content;
    note.cut = note.chars - reference.excerptChars;
    note.chars = reference.excerptChars;
  }
  if (input.revision) {
    messages.push({ role: "assistant", content: input.revision.previousText.trim() || "(empty)" });
    messages.push({ role: "user", content: revisionMessage(input.step, total, input.revision.feedback) });
  }
  return { messages, included };
}

function contextMessage(input: PromptInput, included: IncludedNote[]): string | null {
  const notes: { note: PromptNote; role: "project" | "context" }[] = [];
  if (input.project) notes.push({ note: input.project, role: "project" });
  for (const note of input.context) notes.push({ note, role: "context" });
  if (notes.length === 0) return null;
  let remaining = Math.max(0, input.contextBudgetChars);
  const sections = notes.map(({ note, role }) => {
    const text = note.text.trim();
    const kept = text.slice(0, remaining);
    remaining -= kept.length;
    const cut = text.length - kept.length;
    included.push({ path: note.path, role, chars: kept.length, cut });
    const marker = cut > 0 ? `${kept ? "\n\n" : ""}[… cut: ${cut} characters omitted from ${note.name}]` : "";
    return `## ${role === "project" ? "Project" : "Context"}: ${note.name}\n\n${kept}${marker}`;
  });
  return `# Project and context notes\n\n${sections.join("\n\n")}`;
}

/**
 * A step's instruction: the same text whether it is the current step or an earlier one, so prompts extend each
 * other. The step's full text is in the SOP at the start of the conversation; the instruction names the step and
 * repeats what the output is judged by (its checks) and who writes it (the role, whose note comes once).
 */
function stepInstruction(step: Step, total: number, role: PromptRole | null, included: IncludedNote[], introduced: Set<string>): string {
  const parts = [`# Current step: ${step.index} of ${total}: ${step.title}`];
  const details = stepDetails(step);
  parts.push(details ? `The step as the SOP writes it:\n\n${details}` : "The step is written in the SOP above.");
  if (step.checks.length > 0) parts.push(`## Checks (what good looks like)\n\n${step.checks.map((check) => `- ${check}`).join("\n")}`);
  if (role) {
    const instructions = role.note?.text.trim();
    const key = role.name.trim().toLowerCase();
    if (introduced.has(key)) parts.push(`## Your role: ${role.name} (as described above)`);
    else parts.push(`## Your role: ${role.name}\n\n${instructions || `Work as the ${role.name}.`}`);
    introduced.add(key);
    if (role.note && !included.some((n) => n.role === "role" && n.path === role.note?.path)) {
      included.push({ path: role.note.path, role: "role", chars: role.note.text.length, cut: 0 });
    }
  }
  parts.push(`Write the output of step ${step.index} now.`);
  return parts.join("\n\n");
}

/**
 * What the step's text says beyond its title, its `key:: value` fields and its checks (sub-steps, code, tables,
 * callouts), or "" when that is nothing: those are listed apart or already in the heading.
 */
function stepDetails(step: Step): string {
  const checks = new Set(step.checks.map((check) => check.trim()));
  const lines = step.text.split("\n");
  const bare = (text: string) => text.replace(/[*_`]/g, "").replace(/[.:]+$/, "").trim();
  if (lines.length > 0 && bare(lines[0]) === bare(step.title)) lines.shift();
  const kept = lines.filter((line) => {
    const trimmed = line.trim();
    if (/^[A-Za-z][\w -]*::/.test(trimmed)) return false;
    const bullet = /^[-*+] (.*)$/.exec(trimmed);
    return !(bullet && checks.has(bullet[1].trim()));
  });
  return kept.join("\n").trim();
}

function revisionMessage(step: Step, total: number, feedback: string): string {
  return `# Current step: ${step.index} of ${total}: ${step.title} (revision requested)\n\nThe person's feedback on your output above:\n\n${feedback.trim()}\n\nWrite the whole output of step ${step.index} again with the feedback applied.`;
}
