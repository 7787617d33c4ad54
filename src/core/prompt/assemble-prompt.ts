// Builds a step's messages as an alternating, append-only conversation: what never changes within a run first,
// then one user turn per step (its instruction) answered by one assistant turn (its approved output).
import type { ChatMessage } from "../ports";
import type { Step } from "../sop/types";
import { estimatePromptTokens } from "./estimate";
import { SYSTEM_RULES } from "./system-rules";
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

  for (const earlier of input.earlier) {
    ask(stepInstruction(earlier.step, total, earlier.role, included));
    if (earlier.status === "skipped") {
      messages.push({ role: "assistant", content: `(Step ${earlier.index} was skipped by the person. Reason: ${earlier.skipReason ?? "none given"})` });
      continue;
    }
    messages.push({ role: "assistant", content: earlier.text.trim() || "(empty)" });
    included.push({ path: earlier.path, role: "waypoint", chars: earlier.text.length, cut: 0 });
  }

  ask(stepInstruction(input.step, total, input.role, included));
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

/** A step's instruction: the same text whether it is the current step or an earlier one, so prompts extend each other. */
function stepInstruction(step: Step, total: number, role: PromptRole | null, included: IncludedNote[]): string {
  const parts = [`# Current step: ${step.index} of ${total}: ${step.title}`, step.text.trim()];
  if (step.checks.length > 0) parts.push(`## Checks (what good looks like)\n\n${step.checks.map((check) => `- ${check}`).join("\n")}`);
  if (role) {
    const instructions = role.note?.text.trim();
    parts.push(`## Your role: ${role.name}\n\n${instructions || `Work as the ${role.name}.`}`);
    if (role.note && !included.some((n) => n.role === "role" && n.path === role.note?.path)) {
      included.push({ path: role.note.path, role: "role", chars: role.note.text.length, cut: 0 });
    }
  }
  parts.push(`Write the output of step ${step.index} now.`);
  return parts.join("\n\n");
}

function revisionMessage(step: Step, total: number, feedback: string): string {
  return `# Current step: ${step.index} of ${total}: ${step.title} (revision requested)\n\nThe person's feedback on your output above:\n\n${feedback.trim()}\n\nWrite the whole output of step ${step.index} again with the feedback applied.`;
}
