// Builds a step's messages as an alternating, append-only conversation: what never changes within a run first,
// then one user turn per step (its instruction) answered by one assistant turn (its approved output).
import type { ChatMessage } from "../ports";
import type { Step } from "../sop/types";
import { estimatePromptTokens } from "./estimate";
import { SYSTEM_RULES } from "./system-rules";
import { outputReference, outputsToReference } from "./long-run";
import { PromptMemo, sameEarlier, type RenderedOpening, type RenderedTurn } from "./prompt-memo";
import type { AssembledPrompt, EarlierStep, IncludedNote, PromptInput, PromptNote, PromptRole } from "./prompt-types";

/**
 * system, then user/assistant strictly alternating, ending with a user turn (chat templates such as Llama 2's,
 * Mistral's or Gemma's refuse anything else). The first user turn carries the SOP, project and context notes and
 * the cue, which depend only on the run, followed by the first step's instruction; every settled step adds its
 * approved output as an assistant turn and the next step's instruction as a user turn. So step k+1's messages
 * start with step k's messages byte for byte, and a revision branches from that prefix: the output being
 * replaced as the assistant's turn, the person's feedback as the user's.
 */
export function assemblePrompt(input: PromptInput, memo?: PromptMemo): AssembledPrompt {
  const { messages, included } = assembleMessages(input, memo);
  const estimatedTokens = estimatePromptTokens(messages);
  return { messages, included, estimatedTokens };
}

/**
 * The messages and included notes without the token estimate (the engine sends them; only previews need the estimate).
 * With the run's `memo`, the opening and every earlier step's turns are rendered once and reused by the next steps
 * while what they are made from is unchanged (prompt-memo.ts), so a step's assembly does not redo the run so far.
 */
export function assembleMessages(input: PromptInput, memo: PromptMemo = new PromptMemo()): Omit<AssembledPrompt, "estimatedTokens"> {
  const total = input.procedure.steps.length;
  const opening = memo.openingFor(input, () => renderOpening(input));
  const included: IncludedNote[] = [...opening.included];
  const messages: ChatMessage[] = [{ role: "system", content: SYSTEM_RULES }];

  // A role's note goes in with the first step worked as that role; later steps name the role and point back to it.
  const introduced = new Set<string>();
  const rolePaths = new Set<string>();
  /** The approved outputs' turns and where each one's message and note are, for the long-run policy below. */
  const outputs: RenderedTurn[] = [];
  const messageAt: number[] = [];
  const noteAt: number[] = [];
  for (const earlier of input.earlier) {
    // The run's opening opens the first user turn, so no two user turns ever follow each other.
    const first = messages.length === 1 ? opening.text : null;
    let turn = memo.turn(earlier.index);
    if (!turn || turn.total !== total || turn.opening !== first || !sameEarlier(turn.earlier, earlier) || (turn.roleKey !== null && introduced.has(turn.roleKey)) !== turn.introducedBefore) {
      turn = renderTurn(earlier, total, introduced, first);
      memo.keep(turn);
    }
    messages.push(turn.ask);
    if (turn.roleKey !== null) noteRole(earlier.role, turn.roleKey, included, introduced, rolePaths);
    messages.push(turn.answer);
    if (!turn.note) continue;
    outputs.push(turn);
    messageAt.push(messages.length - 1);
    noteAt.push(included.length);
    included.push(turn.note);
  }

  const roleKey = input.role ? roleKeyOf(input.role) : null;
  const instruction = stepInstruction(input.step, total, input.role, roleKey !== null && introduced.has(roleKey));
  messages.push({ role: "user", content: messages.length === 1 ? `${opening.text}\n\n${instruction}` : instruction });
  if (roleKey !== null) noteRole(input.role, roleKey, included, introduced, rolePaths);
  // A long run stays inside the model's context: the oldest outputs become references (long-run.ts), decided on
  // the step's own messages so that its revision and its reviews branch from the same prefix.
  let size = 0;
  for (const message of messages) size += message.content.length;
  const budget = input.conversationBudgetChars;
  if (budget !== undefined && size > budget) {
    const referenced = (turn: RenderedTurn) => (turn.referenced ??= referencedTurn(turn.earlier));
    const count = outputsToReference(size, budget, outputs.map((turn) => turn.answer.content.length), outputs.map((turn) => referenced(turn).answer.content.length));
    for (let i = 0; i < count; i++) {
      const { answer, note } = referenced(outputs[i]);
      messages[messageAt[i]] = answer;
      included[noteAt[i]] = note;
    }
  }
  if (input.revision) {
    messages.push({ role: "assistant", content: input.revision.previousText.trim() || "(empty)" });
    messages.push({ role: "user", content: revisionMessage(input.step, total, input.revision.feedback) });
  }
  return { messages, included };
}

function renderOpening(input: PromptInput): RenderedOpening {
  const included: IncludedNote[] = [{ path: input.sop.path, role: "sop", chars: input.sop.text.length, cut: 0 }];
  const parts = [`# Standard operating procedure: ${input.procedure.title} (version ${input.sopVersion})\n\n${input.sop.text.trim()}`];
  const context = contextMessage(input, included);
  if (context) parts.push(context);
  parts.push(`# Cue\n\n${input.cue.trim() || "(No cue was given.)"}`);
  return { text: parts.join("\n\n"), included: included.map((note) => Object.freeze(note)) };
}

/** An earlier step's two turns; `opening` is set when its instruction is the conversation's first user turn. */
function renderTurn(earlier: EarlierStep, total: number, introduced: ReadonlySet<string>, opening: string | null): RenderedTurn {
  const withOpening = (instruction: string) => (opening === null ? instruction : `${opening}\n\n${instruction}`);
  // A step whose `when::` condition was false never ran and was never a prompt's current step: one line says so.
  const notRun = earlier.status === "skipped" && (earlier.skipReason ?? "").startsWith("condition not met");
  const roleKey = earlier.role && !notRun ? roleKeyOf(earlier.role) : null;
  const introducedBefore = roleKey !== null && introduced.has(roleKey);
  let ask: string;
  let answer: string;
  if (notRun) {
    ask = withOpening(`# Step ${earlier.index} of ${total}: ${earlier.step.title} (not run)`);
    answer = `(Step ${earlier.index} was not run: ${earlier.skipReason ?? ""}.)`;
  } else {
    ask = withOpening(stepInstruction(earlier.step, total, earlier.role, introducedBefore));
    answer = earlier.status === "skipped" ? `(Step ${earlier.index} was skipped by the person. Reason: ${earlier.skipReason ?? "none given"})` : earlier.text.trim() || "(empty)";
  }
  const note = earlier.status === "skipped" ? null : Object.freeze<IncludedNote>({ path: earlier.path, role: "waypoint", chars: earlier.text.length, cut: 0 });
  return { earlier, total, roleKey, introducedBefore, opening, ask: Object.freeze<ChatMessage>({ role: "user", content: ask }), answer: Object.freeze<ChatMessage>({ role: "assistant", content: answer }), note };
}

/** An approved output as a reference to its note (long-run.ts), with the note's characters that still go in. */
function referencedTurn(earlier: EarlierStep): { answer: ChatMessage; note: IncludedNote } {
  const { content, excerptChars } = outputReference(earlier);
  const note: IncludedNote = { path: earlier.path, role: "waypoint", chars: excerptChars, cut: earlier.text.length - excerptChars };
  return { answer: Object.freeze<ChatMessage>({ role: "assistant", content }), note: Object.freeze(note) };
}

function roleKeyOf(role: PromptRole): string {
  return role.name.trim().toLowerCase();
}

/** The role is introduced from here on, and its note is listed once among the included notes. */
function noteRole(role: PromptRole | null, key: string, included: IncludedNote[], introduced: Set<string>, rolePaths: Set<string>): void {
  introduced.add(key);
  if (role?.note && !rolePaths.has(role.note.path)) {
    rolePaths.add(role.note.path);
    included.push({ path: role.note.path, role: "role", chars: role.note.text.length, cut: 0 });
  }
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
function stepInstruction(step: Step, total: number, role: PromptRole | null, introducedBefore: boolean): string {
  const parts = [`# Current step: ${step.index} of ${total}: ${step.title}`];
  const details = stepDetails(step);
  parts.push(details ? `The step as the SOP writes it:\n\n${details}` : "The step is written in the SOP above.");
  if (step.checks.length > 0) parts.push(`## Checks (what good looks like)\n\n${step.checks.map((check) => `- ${check}`).join("\n")}`);
  if (role) {
    const instructions = role.note?.text.trim();
    if (introducedBefore) parts.push(`## Your role: ${role.name} (as described above)`);
    else parts.push(`## Your role: ${role.name}\n\n${instructions || `Work as the ${role.name}.`}`);
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
