// What prompt assembly takes and gives: the notes and step it draws on, the messages and the notes they include.
import type { ChatMessage } from "../ports";
import type { Procedure, Step } from "../sop/types";

/** A note's body (without properties) as it goes into a prompt. */
export interface PromptNote {
  path: string;
  /** As Obsidian shows it: the file name without `.md`. */
  name: string;
  text: string;
}

/** The role a step is worked as, with its note's instructions when the note exists. */
export interface PromptRole {
  name: string;
  note: PromptNote | null;
}

export interface EarlierStep {
  index: number;
  /** The step itself and its role: its instruction is repeated as it was sent, so prompts extend each other. */
  step: Step;
  role: PromptRole | null;
  title: string;
  status: "approved" | "skipped";
  text: string;
  skipReason: string | null;
  /** The waypoint note, for the list of included notes. */
  path: string;
}

export interface PromptInput {
  procedure: Procedure;
  sop: PromptNote;
  sopVersion: number;
  project: PromptNote | null;
  /** Notes the project links and the SOP's `context::` notes, in order, without the project itself. */
  context: PromptNote[];
  /** Characters allowed for the project and context notes together. */
  contextBudgetChars: number;
  /** Characters the whole conversation may take before its oldest outputs are referenced (long-run.ts); absent: no limit. */
  conversationBudgetChars?: number;
  cue: string;
  /** Settled steps before the current one, in order. */
  earlier: EarlierStep[];
  step: Step;
  role: PromptRole | null;
  /** Set when the person asked for a revision: the output being replaced and what they said. */
  revision: { previousText: string; feedback: string } | null;
}

export interface IncludedNote {
  path: string;
  role: "sop" | "project" | "context" | "waypoint" | "role";
  /** Characters of the note that went into the prompt. */
  chars: number;
  /** Characters left out to keep within the budget (0 when the note went in whole). */
  cut: number;
}

export interface AssembledPrompt {
  messages: ChatMessage[];
  included: IncludedNote[];
  estimatedTokens: number;
}
