// A run's prompt pieces as they were last rendered, reused from step to step while what they are made from is unchanged.
import type { ChatMessage } from "../ports";
import type { EarlierStep, IncludedNote, PromptInput } from "./prompt-types";

/** The run's opening (SOP, project and context notes, cue) and the notes it includes. */
export interface RenderedOpening {
  text: string;
  included: readonly IncludedNote[];
}

/**
 * One earlier step's pair of turns, with what they were made from. The messages and the note are shared by every
 * prompt that repeats the turn (frozen: nothing may change them in one prompt and so in all the others).
 */
export interface RenderedTurn {
  earlier: EarlierStep;
  total: number;
  /** The role's name as roles are told apart (trimmed, lower case); null when the turn introduces no role. */
  roleKey: string | null;
  /** Whether the role was introduced by an earlier turn (then the instruction points back to its note). */
  introducedBefore: boolean;
  /** The opening the turn's user message starts with, when it is the conversation's first user turn. */
  opening: string | null;
  ask: ChatMessage;
  answer: ChatMessage;
  /** The approved output's note, sent whole; null for a skipped step. */
  note: IncludedNote | null;
  /** The same turn with the output as a reference, made the first time the long-run policy needs it (long-run.ts). */
  referenced?: { answer: ChatMessage; note: IncludedNote };
}

/**
 * The conversation as the run's last assembly left it, up to its last earlier step's turns (without the current
 * step's instruction or a revision's turns): the next step's assembly starts from it and appends only the turns
 * settled since, so a step does not walk or copy the run so far turn by turn. The arrays are the memo's own: an
 * assembly hands out copies.
 */
export interface ConversationSoFar {
  opening: RenderedOpening;
  total: number;
  /** The earlier steps whose turns it holds, in order. */
  earlier: EarlierStep[];
  /** The system message and the turns, the oldest `referenced` outputs already as references. */
  messages: ChatMessage[];
  included: IncludedNote[];
  /** The roles introduced so far (by key) and the role notes listed. */
  introduced: Set<string>;
  rolePaths: Set<string>;
  /** The approved outputs' turns, where each one's message and note are, their characters whole and as references. */
  outputs: RenderedTurn[];
  messageAt: number[];
  noteAt: number[];
  fullChars: number[];
  /** Filled up to `outputs` the first time the long-run policy needs them. */
  referenceChars: number[];
  /** The messages' characters with every output whole, as the long-run policy measures them. */
  size: number;
  /** How many of the oldest outputs `messages` and `included` hold as references. */
  referenced: number;
}

/**
 * Every step's prompt repeats every earlier step's turns, so rendering them again at each step makes a step's cost
 * grow with the run. The memo keeps each turn with what it was made from (the earlier step: its Step, role, status,
 * text, title, note and skip reason; whether its role was introduced before; the opening, for the first turn) and a
 * turn is rendered again only when one of them differs, compared with `===`: an approved waypoint edited between two
 * steps (its text re-read from the note) is rendered anew. It also keeps the last assembly's conversation, which the
 * next step extends (ConversationSoFar). One memo per run; reusing it for another run is safe, only useless.
 */
export class PromptMemo {
  private opening: { key: readonly unknown[]; value: RenderedOpening } | null = null;
  /** By step index (an array: looked up once per earlier step at every step). */
  private readonly turns: (RenderedTurn | undefined)[] = [];
  /** The last assembly's conversation, which the next one extends when nothing before its end changed. */
  conversation: ConversationSoFar | null = null;

  openingFor(input: PromptInput, render: () => RenderedOpening): RenderedOpening {
    const key = openingKey(input);
    if (this.opening && sameValues(this.opening.key, key)) return this.opening.value;
    this.opening = { key, value: render() };
    return this.opening.value;
  }

  /** The turn kept for the step at `index`, or undefined; the caller checks it with `sameTurn`. */
  turn(index: number): RenderedTurn | undefined {
    return this.turns[index];
  }

  keep(turn: RenderedTurn): void {
    this.turns[turn.earlier.index] = turn;
  }
}

/** Whether a kept turn was made from the same earlier step (the same object, or one with the same values). */
export function sameEarlier(kept: EarlierStep, earlier: EarlierStep): boolean {
  if (kept === earlier) return true;
  return (
    kept.step === earlier.step &&
    kept.index === earlier.index &&
    kept.title === earlier.title &&
    kept.status === earlier.status &&
    kept.text === earlier.text &&
    kept.skipReason === earlier.skipReason &&
    kept.path === earlier.path &&
    kept.role?.name === earlier.role?.name &&
    kept.role?.note?.path === earlier.role?.note?.path &&
    kept.role?.note?.text === earlier.role?.note?.text
  );
}

/** What the opening is made from: the SOP, its title and version, the project and context notes, their budget, the cue. */
function openingKey(input: PromptInput): unknown[] {
  const key: unknown[] = [input.procedure.title, input.sopVersion, input.sop.path, input.sop.text, input.contextBudgetChars, input.cue, input.project !== null];
  for (const note of input.project ? [input.project, ...input.context] : input.context) key.push(note.path, note.name, note.text);
  return key;
}

function sameValues(a: readonly unknown[], b: readonly unknown[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
