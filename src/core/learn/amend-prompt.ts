// The messages that ask a model to amend an SOP: the whole revised body back, changed only where asked.
import type { ChatMessage } from "../ports";
import { splitFrontmatter } from "../notes/frontmatter";

export interface AmendRequest {
  /** The SOP note's body; frontmatter, if passed by mistake, is removed so the model never sees or rewrites it. */
  sopText: string;
  /** What to change, in the person's words ("Insert this line into Step 1: …"). */
  instruction: string;
  /** Lesson lines from a run ("Step 1 — feedback: …"), given as the reason for the change. */
  lessons?: readonly string[];
}

const SYSTEM = [
  "You maintain standard operating procedures (SOPs) written in Markdown.",
  "You receive an SOP and an instruction. Return the complete revised SOP, from its first line to its last, in Markdown only.",
  "Change only what the instruction requires. Keep every other line exactly as written: headings, numbering, wording, inline fields such as `role:: Drafter`, sub-bullets, links, callouts, code blocks and the order of sections.",
  "Keep the numbered list of steps a numbered list; a new instruction for a step goes inside that step, usually as a sub-bullet.",
  "Do not add frontmatter, a version number or a changelog entry: the runtime records those itself.",
  "Do not wrap the answer in a code fence and do not add any comment before or after it.",
].join("\n");

export function buildAmendMessages(request: AmendRequest): ChatMessage[] {
  const body = splitFrontmatter(request.sopText).body.replace(/\s+$/, "");
  const parts = [`Instruction: ${request.instruction.trim()}`];
  const lessons = (request.lessons ?? []).map((l) => l.trim()).filter((l) => l !== "");
  if (lessons.length > 0) {
    parts.push(["What the last run taught (the reason for this change):", ...lessons.map((l) => `- ${l}`)].join("\n"));
  }
  parts.push(`The SOP, between the markers:\n<<<SOP\n${body}\nSOP>>>`);
  parts.push("Return the complete revised SOP now.");
  return [
    { role: "system", content: SYSTEM },
    { role: "user", content: parts.join("\n\n") },
  ];
}
