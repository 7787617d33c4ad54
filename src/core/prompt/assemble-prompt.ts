// Builds a step's messages as an alternating, append-only conversation: what never changes within a run first,
// then one user turn per step (its instruction) answered by one assistant turn (its approved output).
import type { ChatMessage } from "../ports";
import type { Step } from "../sop/types";
import { estimatePromptTokens } from "./estimate";
import { SYSTEM_RULES } from "./system-rules";
import { outputReference, outputsToReference } from "./long-run";
import { PromptMemo, sameEarlier, type ConversationSoFar, type RenderedOpening, type RenderedTurn } from "./prompt-memo";
import type { AssembledPrompt, EarlierStep, IncludedNote, PromptInput, PromptNote, PromptRole } from "./prompt-types";

/** The first message of every prompt (shared, so frozen). */
const SYSTEM_MESSAGE: ChatMessage = Object.freeze<ChatMessage>({ role: "system", content: SYSTEM_RULES });

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
 * while what they are made from is unchanged (prompt-memo.ts), and the conversation the last assembly built is
 * extended with the turns settled since rather than built again, so a step's assembly does not redo the run so far.
 * It is built again from the first turn whenever something before its end changed (an earlier output edited, a step
 * reopened, a role note, the opening) or the long-run policy would send fewer references than it holds.
 */
export function assembleMessages(input: PromptInput, memo: PromptMemo = new PromptMemo()): Omit<AssembledPrompt, "estimatedTokens"> {
  const total = input.procedure.steps.length;
  const opening = memo.openingFor(input, () => renderOpening(input));
  const kept = memo.conversation;
  let conversation = kept && extendsTo(kept, opening, total, input.earlier) ? kept : conversationFrom(opening, total);
  for (let i = conversation.earlier.length; i < input.earlier.length; i++) appendTurn(conversation, input.earlier[i], memo);

  const roleKey = input.role ? roleKeyOf(input.role) : null;
  const instruction = stepInstruction(input.step, total, input.role, roleKey !== null && conversation.introduced.has(roleKey));
  const ask: ChatMessage = { role: "user", content: conversation.messages.length === 1 ? `${opening.text}\n\n${instruction}` : instruction };
  // A long run stays inside the model's context: the oldest outputs become references (long-run.ts), decided on
  // the step's own messages so that its revision and its reviews branch from the same prefix.
  const size = conversation.size + ask.content.length;
  const count = referencesFor(conversation, size, input.conversationBudgetChars);
  if (count < conversation.referenced) {
    // Never the case while a run only goes forward (the count only grows); built again, the earlier outputs whole.
    conversation = conversationFrom(opening, total);
    for (const earlier of input.earlier) appendTurn(conversation, earlier, memo);
  }
  for (let i = conversation.referenced; i < count; i++) {
    const { answer, note } = referenced(conversation.outputs[i]);
    conversation.messages[conversation.messageAt[i]] = answer;
    conversation.included[conversation.noteAt[i]] = note;
  }
  conversation.referenced = Math.max(conversation.referenced, count);
  memo.conversation = conversation;

  const messages = conversation.messages.slice();
  messages.push(ask);
  const included = conversation.included.slice();
  // The current step's role is introduced by its instruction; its note is listed unless an earlier step's was.
  if (roleKey !== null && input.role?.note && !conversation.rolePaths.has(input.role.note.path)) included.push(roleNote(input.role.note));
  if (input.revision) {
    messages.push({ role: "assistant", content: input.revision.previousText.trim() || "(empty)" });
    messages.push({ role: "user", content: revisionMessage(input.step, total, input.revision.feedback) });
  }
  return { messages, included };
}

/** An empty conversation: the system message and the opening's notes, no turn yet. */
function conversationFrom(opening: RenderedOpening, total: number): ConversationSoFar {
  const messages: ChatMessage[] = [SYSTEM_MESSAGE];
  const size = SYSTEM_MESSAGE.content.length;
  return { opening, total, earlier: [], messages, included: [...opening.included], introduced: new Set(), rolePaths: new Set(), outputs: [], messageAt: [], noteAt: [], fullChars: [], referenceChars: [], size, referenced: 0 };
}

/**
 * Whether the kept conversation is the start of this step's: the same opening and step count, and its earlier steps
 * the first of this step's, each the same object or one with the same values (which it then keeps, to know it by
 * identity next time).
 */
function extendsTo(conversation: ConversationSoFar, opening: RenderedOpening, total: number, earlier: readonly EarlierStep[]): boolean {
  const kept = conversation.earlier;
  if (conversation.opening !== opening || conversation.total !== total || kept.length > earlier.length) return false;
  for (let i = 0; i < kept.length; i++) {
    if (kept[i] === earlier[i]) continue;
    if (!sameEarlier(kept[i], earlier[i])) return false;
    kept[i] = earlier[i];
  }
  return true;
}

/** Adds an earlier step's pair of turns (from the memo when what they are made from is unchanged). */
function appendTurn(conversation: ConversationSoFar, earlier: EarlierStep, memo: PromptMemo): void {
  const { messages, included, introduced } = conversation;
  // The run's opening opens the first user turn, so no two user turns ever follow each other.
  const first = messages.length === 1 ? conversation.opening.text : null;
  let turn = memo.turn(earlier.index);
  if (!turn || turn.total !== conversation.total || turn.opening !== first || !sameEarlier(turn.earlier, earlier) || (turn.roleKey !== null && introduced.has(turn.roleKey)) !== turn.introducedBefore) {
    turn = renderTurn(earlier, conversation.total, introduced, first);
    memo.keep(turn);
  }
  conversation.earlier.push(earlier);
  messages.push(turn.ask);
  // A role's note goes in with the first step worked as that role; later steps name the role and point back to it.
  if (turn.roleKey !== null) {
    introduced.add(turn.roleKey);
    const note = earlier.role?.note;
    if (note && !conversation.rolePaths.has(note.path)) {
      conversation.rolePaths.add(note.path);
      included.push(roleNote(note));
    }
  }
  messages.push(turn.answer);
  conversation.size += turn.ask.content.length + turn.answer.content.length;
  if (!turn.note) return;
  conversation.outputs.push(turn);
  conversation.messageAt.push(messages.length - 1);
  conversation.noteAt.push(included.length);
  conversation.fullChars.push(turn.answer.content.length);
  included.push(turn.note);
}

/** How many of the oldest outputs go in as references for a conversation of `size` characters (long-run.ts). */
function referencesFor(conversation: ConversationSoFar, size: number, budget: number | undefined): number {
  if (budget === undefined || size <= budget) return 0;
  const { outputs, referenceChars } = conversation;
  for (let i = referenceChars.length; i < outputs.length; i++) referenceChars.push(referenced(outputs[i]).answer.content.length);
  return outputsToReference(size, budget, conversation.fullChars, referenceChars);
}

/** The turn's output as a reference, made once per turn. */
function referenced(turn: RenderedTurn): { answer: ChatMessage; note: IncludedNote } {
  return (turn.referenced ??= referencedTurn(turn.earlier));
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

/** A role note as the included notes list it (shared by the prompts that repeat it, so frozen). */
function roleNote(note: PromptNote): IncludedNote {
  return Object.freeze<IncludedNote>({ path: note.path, role: "role", chars: note.text.length, cut: 0 });
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
