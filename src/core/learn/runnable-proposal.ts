// "Make this note runnable" with a model: the prompt, and the checks a proposed runnable version must pass before it is shown.
import type { ChatMessage, YamlCodec } from "../ports";
import { joinFrontmatter, splitFrontmatter } from "../notes/frontmatter";
import { parseProcedure } from "../sop/parse-procedure";
import { applyHunks } from "./diff";
import { buildAmendedNote, cleanProposal, validateProposal, type AmendOutcome, type Proposal, type ProposalOutcome } from "./proposal";

/** The Changelog line a runnable version is recorded with. */
export const MADE_RUNNABLE = "Made runnable";

export interface RunnableOptions {
  /** The note's name, used in messages. */
  name: string;
  yaml: YamlCodec;
  /** The Changelog entry's date, YYYY-MM-DD. */
  date: string;
}

const SYSTEM = [
  "You turn notes that describe a procedure into runnable standard operating procedures (SOPs) in Markdown.",
  "You receive a note. Return the complete note, from its first line to its last, in Markdown only, with its procedure written as a numbered list (1. 2. 3. …) under a `## Steps` heading, one item per step, in the order the note gives them.",
  "Each step keeps the note's own wording, links and code: move the text into its step (as the item's text, sub-bullets, or indented paragraphs and code blocks under the item). Do not paraphrase, summarise, translate or invent steps.",
  "Keep the rest of the note as written: the title, purpose, prerequisites, notes and other sections, with every link, tag and code block. Text that became part of a step need not be repeated elsewhere.",
  "If the note already has a numbered list that is its procedure, keep it and put it under the `## Steps` heading.",
  "Do not add frontmatter, a version number or a changelog entry: the runtime records those itself.",
  "Do not wrap the answer in a code fence and do not add any comment before or after it.",
].join("\n");

/** The messages asking the model for a runnable version of the note; the frontmatter is never shown to it. */
export function buildRunnableMessages(noteText: string): ChatMessage[] {
  const body = splitFrontmatter(noteText).body.replace(/\s+$/, "");
  return [
    { role: "system", content: SYSTEM },
    { role: "user", content: `The note, between the markers:\n<<<SOP\n${body}\nSOP>>>\n\nReturn the complete runnable note now.` },
  ];
}

/** A line without its quote markers and indentation, so a block moved into a list item or callout still matches. */
function bare(line: string): string {
  return line.replace(/^[\s>]*/, "").trimEnd();
}

/** Fenced code blocks as their non-blank content lines, bared. */
function codeBlocks(body: string): string[][] {
  const blocks: string[][] = [];
  let fence: string | null = null;
  let current: string[] = [];
  for (const raw of body.split("\n")) {
    const line = bare(raw);
    const marker = /^(`{3,}|~{3,})/.exec(line)?.[1];
    if (fence === null) {
      if (marker) {
        fence = marker;
        current = [];
      }
    } else if (marker && marker[0] === fence[0] && marker.length >= fence.length && line.slice(marker.length).trim() === "") {
      blocks.push(current);
      fence = null;
    } else if (line !== "") current.push(line);
  }
  return blocks.filter((b) => b.length > 0);
}

/** Wikilinks and embeds as written, Markdown link targets and bare URLs. */
function links(body: string): string[] {
  const found = new Set<string>();
  for (const m of body.matchAll(/\[\[([^\]\n]+)\]\]/g)) found.add(`[[${m[1]}]]`);
  for (const m of body.matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)) found.add(m[1]);
  for (const m of body.matchAll(/https?:\/\/[^\s)>\]"'`]+/g)) found.add(m[0].replace(/[.,;:!?]+$/, ""));
  return [...found];
}

/** Inline tags (`#sop`, `#ops/oncall`): losing one could stop the note being an SOP. */
function tags(body: string): Set<string> {
  return new Set(Array.from(body.matchAll(/(?:^|\s)(#[\p{L}\p{N}_/-]*[\p{L}_/-][\p{L}\p{N}_/-]*)/gu), (m) => m[1]));
}

/** What of the original's links, tags and code the proposed body lost, as one sentence; null when all is kept. */
export function droppedContent(originalBody: string, proposedBody: string): string | null {
  const lostLinks = links(originalBody).filter((link) => !proposedBody.includes(link));
  const kept = tags(proposedBody);
  const lostTags = [...tags(originalBody)].filter((tag) => !kept.has(tag));
  const proposedLines = new Set(proposedBody.split("\n").map(bare));
  const lostCode = codeBlocks(originalBody).filter((block) => block.some((line) => !proposedLines.has(line)));
  const parts: string[] = [];
  if (lostLinks.length > 0) parts.push(`the link${lostLinks.length === 1 ? "" : "s"} ${lostLinks.map((l) => `"${l}"`).join(", ")}`);
  if (lostTags.length > 0) parts.push(`the tag${lostTags.length === 1 ? "" : "s"} ${lostTags.join(", ")}`);
  if (lostCode.length > 0) {
    const firsts = lostCode.map((b) => `"${b[0].length > 60 ? `${b[0].slice(0, 59)}…` : b[0]}"`).join(", ");
    parts.push(`${lostCode.length === 1 ? "the code block starting" : "the code blocks starting"} ${firsts}`);
  }
  return parts.length === 0 ? null : parts.join(" and ");
}

/** A warning when the note has a Steps section but another list would run (a `sop_procedure` pin, or the rules). */
function stepsWarning(noteText: string, options: RunnableOptions): string[] {
  if (!/^#{1,6}[ \t]+steps[ \t]*#*[ \t]*$/im.test(splitFrontmatter(noteText).body)) return [];
  const parsed = parseProcedure(noteText, { name: options.name, yaml: options.yaml });
  if (!parsed.ok) return [];
  const chosen = parsed.procedure.candidates.find((c) => c.chosen) ?? parsed.procedure.candidates[0];
  if (!chosen || chosen.path.some((h) => /^steps$/i.test(h.trim()))) return [];
  const where = chosen.path.length > 0 ? `under "${chosen.path.join(" > ")}"` : "of the note as a whole";
  return [`The procedure that will run is the one ${where}, not a "Steps" section; after applying, use "Choose the procedure…" to run the steps.`];
}

/**
 * Validates a model's runnable version of the note: it must parse into a procedure and keep every link and code
 * block of the original; then it is an ordinary amendment (frontmatter kept, `sop_version` bumped, "Made runnable"
 * in the Changelog). The original note is never modified here.
 */
export function validateRunnableProposal(originalNoteText: string, answer: string, options: RunnableOptions): ProposalOutcome {
  const { yaml: yamlText, body: oldBody } = splitFrontmatter(originalNoteText);
  const cleaned = cleanProposal(answer);
  if (cleaned === "") return { ok: false, error: `The model returned no text for "${options.name}", so nothing was changed.` };
  const parsed = parseProcedure(joinFrontmatter(yamlText ?? "", `${cleaned}\n`), { name: options.name, yaml: options.yaml });
  if (!parsed.ok) return { ok: false, error: `The model's runnable version of "${options.name}" has no procedure the parser can read, so nothing was changed. ${parsed.error}` };
  const dropped = droppedContent(oldBody, cleaned);
  if (dropped !== null) return { ok: false, error: `The model's runnable version of "${options.name}" drops ${dropped}, so nothing was changed; try again, or use "Insert a steps skeleton".` };
  const proposal = validateProposal(originalNoteText, answer, { ...options, summary: MADE_RUNNABLE });
  if (!proposal.ok) return proposal;
  return { ...proposal, warnings: [...proposal.warnings, ...stepsWarning(proposal.newNoteText, options)] };
}

/**
 * The note to write when the person kept only some of the proposal's changes: the same checks as the whole
 * proposal (a procedure, no link or code block lost), refused with one sentence otherwise.
 */
export function runnableNoteFor(originalNoteText: string, proposal: Proposal, acceptedIds: readonly number[], options: RunnableOptions): AmendOutcome {
  if (acceptedIds.length === proposal.hunks.length) return proposal;
  const body = applyHunks(proposal.oldBody, proposal.hunks, acceptedIds);
  if (!body.ok) return body;
  const dropped = droppedContent(proposal.oldBody, body.text);
  if (dropped !== null) return { ok: false, error: `The changes you kept would drop ${dropped} from "${options.name}", so nothing was changed; keep the changes that move them.` };
  const amended = buildAmendedNote(originalNoteText, body.text, { ...options, summary: MADE_RUNNABLE });
  if (!amended.ok) return { ok: false, error: `The changes you kept leave "${options.name}" with no procedure, so nothing was changed.` };
  return amended;
}
