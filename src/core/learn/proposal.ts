// Checks a model's proposed SOP text and turns it into the amended note: frontmatter carried over, version bumped, changelogged.
import type { YamlCodec } from "../ports";
import type { Procedure } from "../sop/types";
import { splitFrontmatter } from "../notes/frontmatter";
import { parseProcedure } from "../sop/parse-procedure";
import { addChangelogEntry, changelogSection } from "./changelog";
import { diffHunks, type DiffHunk } from "./diff";
import { noteWithVersion, readSopVersion } from "./sop-version";
import { summarizeAmendment } from "./summarize-amendment";
import { isoDate } from "../notes/dates";

export interface AmendOptions {
  /** The SOP note's name, used in messages. */
  name: string;
  yaml: YamlCodec;
  /** The Changelog entry's date, YYYY-MM-DD (default: today, local time). */
  date?: string;
  /** Link to the run that taught the change, as `VaultPort.link` writes it. */
  runLink?: string | null;
  /** The Changelog line; default: a summary of what changed, step by step. */
  summary?: string;
}

export interface AmendedNote {
  ok: true;
  /** The whole note to write: original frontmatter with `sop_version` bumped, the new body, the Changelog entry. */
  newNoteText: string;
  summary: string;
  fromVersion: number;
  toVersion: number;
  /** Things the person should check before accepting (e.g. the step count changed). */
  warnings: string[];
}

export interface Proposal extends AmendedNote {
  /** The bodies (no frontmatter, no new Changelog entry) the diff compares; `applyHunks(oldBody, hunks, …)` gives a partial body. */
  oldBody: string;
  newBody: string;
  hunks: DiffHunk[];
}

export type ProposalOutcome = Proposal | { ok: false; error: string };
export type AmendOutcome = AmendedNote | { ok: false; error: string };

const FENCE_OPEN = /^(`{3,}|~{3,})[ \t]*(markdown|md)?[ \t]*$/i;

/** The longest fence at the start and end of the answer, so an SOP's own code blocks inside survive. */
function unwrapFence(text: string): string {
  const lines = text.trim().split("\n");
  if (lines.length < 2) return text;
  const open = FENCE_OPEN.exec(lines[0].trim());
  const last = lines[lines.length - 1].trim();
  if (open && last.length >= open[1].length && new RegExp(`^\\${open[1][0]}+$`).test(last)) {
    return lines.slice(1, -1).join("\n");
  }
  // A short lead-in line ("Here is the revised SOP:") before a markdown fence that closes the answer.
  const start = lines.findIndex((l) => /^(`{3,}|~{3,})[ \t]*(markdown|md)[ \t]*$/i.test(l.trim()));
  if (start > 0 && start <= 2 && /^(`{3,}|~{3,})$/.test(last)) return lines.slice(start + 1, -1).join("\n");
  return text;
}

/** What the model returned, reduced to an SOP body: no fence, no echoed markers, no frontmatter of its own. */
export function cleanProposal(text: string): string {
  let body = unwrapFence(text.replace(/\r\n/g, "\n"));
  body = body.replace(/^\s*<<<SOP[ \t]*\n/, "").replace(/\n[ \t]*SOP>>>\s*$/, "\n");
  body = splitFrontmatter(body.replace(/^\s*\n/, "")).body;
  return body.replace(/^\s*\n/, "").replace(/\s+$/, "");
}

const CHANGELOG_RESTORED = "The proposal dropped the Changelog section; it was kept as it was.";

/** The Changelog is the runtime's record: a proposal that drops it gets the original section back. */
function keepChangelog(oldBody: string, body: string): { body: string; restored: boolean } {
  const oldChangelog = changelogSection(oldBody);
  if (oldChangelog === null || changelogSection(body) !== null) return { body, restored: false };
  return { body: `${body.replace(/\s+$/, "")}\n\n${oldChangelog}\n`, restored: true };
}

function parseNote(text: string, options: AmendOptions): Procedure | null {
  const outcome = parseProcedure(text, { name: options.name, yaml: options.yaml });
  return outcome.ok ? outcome.procedure : null;
}

/**
 * The note that results from giving `originalNoteText` the body `newBody`: refused, with one sentence,
 * when the body no longer parses into a procedure. Used for the whole proposal and for the body left
 * after the person accepted only some hunks.
 */
export function buildAmendedNote(originalNoteText: string, newBody: string, options: AmendOptions): AmendOutcome {
  const fromVersion = readSopVersion(originalNoteText, options.yaml);
  const toVersion = fromVersion + 1;
  const warnings: string[] = [];
  const kept = keepChangelog(splitFrontmatter(originalNoteText).body, newBody);
  const body = kept.body;
  if (kept.restored) warnings.push(CHANGELOG_RESTORED);
  const unversioned = noteWithVersion(originalNoteText, body, toVersion, options.yaml);
  if (!unversioned.ok) return unversioned;
  const after = parseProcedure(unversioned.text, { name: options.name, yaml: options.yaml });
  if (!after.ok) return { ok: false, error: `The proposed SOP has no procedure left, so it was not applied: ${after.error}` };
  const before = parseNote(originalNoteText, options);
  if (before && before.steps.length !== after.procedure.steps.length) {
    warnings.push(`The proposal changes the number of steps from ${before.steps.length} to ${after.procedure.steps.length}; check that no step was lost.`);
  }
  const summary = (options.summary ?? summarizeAmendment(before, after.procedure)).replace(/\s+/g, " ").trim();
  const logged = addChangelogEntry(body, { date: options.date ?? isoDate(new Date()), version: toVersion, summary, runLink: options.runLink });
  const finalNote = noteWithVersion(originalNoteText, logged, toVersion, options.yaml);
  if (!finalNote.ok) return finalNote;
  const check = parseProcedure(finalNote.text, { name: options.name, yaml: options.yaml });
  if (!check.ok || check.procedure.steps.length !== after.procedure.steps.length) {
    return { ok: false, error: `The Changelog entry would change how ${options.name} is read, so the amendment was not applied; move the Changelog section below the steps.` };
  }
  return { ok: true, newNoteText: finalNote.text, summary, fromVersion, toVersion, warnings };
}

/**
 * Validates a model's proposed SOP body against the original note. On success it carries the original
 * frontmatter over (the model's own, if any, is ignored), bumps `sop_version` (absent counts as 1) and
 * adds the Changelog entry; the original note is never modified here.
 */
export function validateProposal(originalNoteText: string, proposedBody: string, options: AmendOptions): ProposalOutcome {
  const oldBody = splitFrontmatter(originalNoteText).body;
  const cleaned = cleanProposal(proposedBody);
  if (cleaned === "") return { ok: false, error: `The model returned no SOP text for ${options.name}, so nothing was applied.` };
  // Keep the original's blank lines at the start and its final line break, so they never show as changes.
  const lead = /^\s*/.exec(oldBody)?.[0].replace(/[^\n]/g, "") ?? "";
  const trail = /\n$/.test(oldBody) ? "\n" : "";
  const kept = keepChangelog(oldBody, `${lead}${cleaned}${trail}`);
  const newBody = kept.body;
  if (newBody === oldBody) return { ok: false, error: `The proposal changes nothing in ${options.name}, so there is nothing to apply.` };
  const amended = buildAmendedNote(originalNoteText, newBody, options);
  if (!amended.ok) return amended;
  const warnings = kept.restored ? [CHANGELOG_RESTORED, ...amended.warnings] : amended.warnings;
  return { ...amended, warnings, oldBody, newBody, hunks: diffHunks(oldBody, newBody) };
}
