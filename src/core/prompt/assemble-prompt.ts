// Builds a step's messages in cache-friendly order: what never changes within a run first, the current step last.
import type { ChatMessage } from "../ports";
import { estimatePromptTokens } from "./estimate";
import { SYSTEM_RULES } from "./system-rules";
import type { AssembledPrompt, IncludedNote, PromptInput, PromptNote } from "./prompt-types";

/**
 * Messages 1–4 (rules, SOP, project and context, cue) depend only on the run, never on the step, so every
 * step's prompt starts with the same bytes; earlier approved outputs are appended in order, so step k+1's
 * prompt extends step k's; the current step comes last because it is the only part that changes.
 */
export function assemblePrompt(input: PromptInput): AssembledPrompt {
  const { messages, included } = assembleMessages(input);
  const estimatedTokens = estimatePromptTokens(messages);
  return { messages, included, estimatedTokens };
}

/** The messages and included notes without the token estimate (the engine sends them; only previews need the estimate). */
export function assembleMessages(input: PromptInput): Omit<AssembledPrompt, "estimatedTokens"> {
  const included: IncludedNote[] = [];
  const messages: ChatMessage[] = [{ role: "system", content: SYSTEM_RULES }];
  const total = input.procedure.steps.length;

  messages.push({ role: "user", content: `# Standard operating procedure: ${input.procedure.title} (version ${input.sopVersion})\n\n${input.sop.text.trim()}` });
  included.push({ path: input.sop.path, role: "sop", chars: input.sop.text.length, cut: 0 });

  const context = contextMessage(input, included);
  if (context) messages.push({ role: "user", content: context });

  messages.push({ role: "user", content: `# Cue\n\n${input.cue.trim() || "(No cue was given.)"}` });

  for (const earlier of input.earlier) {
    const heading = `# Step ${earlier.index} of ${total}: ${earlier.title}`;
    if (earlier.status === "skipped") {
      messages.push({ role: "user", content: `${heading} (skipped)\n\nThe person skipped this step. Reason: ${earlier.skipReason ?? "none given"}` });
      continue;
    }
    messages.push({ role: "user", content: `${heading} (approved output)\n\n${earlier.text.trim()}` });
    included.push({ path: earlier.path, role: "waypoint", chars: earlier.text.length, cut: 0 });
  }

  messages.push({ role: "user", content: currentStepMessage(input, total, included) });
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

function currentStepMessage(input: PromptInput, total: number, included: IncludedNote[]): string {
  const { step } = input;
  const parts = [`# Current step: ${step.index} of ${total}: ${step.title}`, step.text.trim()];
  if (step.checks.length > 0) parts.push(`## Checks (what good looks like)\n\n${step.checks.map((check) => `- ${check}`).join("\n")}`);
  if (input.role) {
    const instructions = input.role.note?.text.trim();
    parts.push(`## Your role: ${input.role.name}\n\n${instructions || `Work as the ${input.role.name}.`}`);
    if (input.role.note) included.push({ path: input.role.note.path, role: "role", chars: input.role.note.text.length, cut: 0 });
  }
  if (input.revision) {
    parts.push(`## Revision requested\n\nYour previous output for this step:\n\n${input.revision.previousText.trim() || "(empty)"}\n\nThe person's feedback:\n\n${input.revision.feedback.trim()}\n\nWrite the whole step output again with the feedback applied.`);
  } else {
    parts.push(`Write the output of step ${step.index} now.`);
  }
  return parts.join("\n\n");
}
