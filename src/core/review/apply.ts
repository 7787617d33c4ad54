// Accepting a finding: its suggestion replaces exactly the quoted span, and nothing else in the waypoint changes.
import { locateQuote, type Span } from "./anchor";
import type { Finding } from "./finding";

export type ApplyResult =
  | { text: string; applied: true; span: Span; replacement: string }
  | { text: string; applied: false; reason: string };

/** Verbs that make a suggestion an instruction to the writer rather than the words to put in the text. */
const ADVICE_OPENINGS = [
  "consider", "add", "adding", "remove", "delete", "drop", "omit", "replace", "change", "rewrite", "reword",
  "rephrase", "clarify", "mention", "explain", "include", "specify", "cite", "reference", "link", "ensure",
  "make sure", "make it", "avoid", "you should", "you could", "you might", "should", "it would", "it might",
  "try", "define", "expand", "shorten", "split", "merge", "move", "check", "verify", "confirm", "state",
  "note that", "update", "correct", "fix", "align", "provide", "insert", "use", "say", "describe", "list",
  "give", "keep", "perhaps", "maybe", "please", "instead", "suggest", "recommend", "the text should",
  "this should", "this sentence", "this section", "the sentence", "the section", "the waypoint",
];

/** `Replace with "X"`, `Change to: "X"`, `Should read “X”`: advice that still carries the exact replacement. */
const CARRIED_REPLACEMENT = /^(?:replace(?: it| this)?(?: with)?|change(?: it| this)? to|should read|reword(?: it)? (?:as|to)|rewrite(?: it)? as)\s*:?\s*(?:"([^"]+)"|“([^”]+)”|`([^`]+)`)\s*\.?$/i;

/**
 * Applies a finding's suggestion to the waypoint text. It is applied only when the quote is still found and the
 * suggestion reads as replacement text; otherwise the text comes back unchanged with the reason in one sentence.
 */
export function applySuggestion(text: string, finding: Finding): ApplyResult {
  if (finding.quote.trim() === "") {
    return { text, applied: false, reason: "This finding quotes no text, so there is nothing to replace; edit the waypoint by hand or send it to revision." };
  }
  const replacement = replacementText(finding.suggestion);
  if (replacement === null) {
    const reason = finding.suggestion.trim() === ""
      ? "The reviewer gave no suggestion to apply; edit the waypoint by hand or send the finding to revision."
      : "The suggestion is advice rather than replacement text, so it was not applied automatically; edit the waypoint by hand or send it to revision.";
    return { text, applied: false, reason };
  }
  const located = locateQuote(text, finding.quote);
  if (located === null) {
    return { text, applied: false, reason: `The quoted text "${preview(finding.quote)}" is no longer in the waypoint, so the suggestion was not applied.` };
  }
  if (located.match === "fuzzy") {
    // The words around the quote changed since the review: replacing a near match could overwrite the person's edit.
    return { text, applied: false, reason: `The quoted text "${preview(finding.quote)}" has changed since the review, so the suggestion was not applied; edit that passage by hand.` };
  }
  const { from, to } = located.span;
  return {
    text: text.slice(0, from) + replacement + text.slice(to),
    applied: true,
    span: { from, to: from + replacement.length },
    replacement,
  };
}

/** The words to paste in place of the quote, or null when the suggestion is advice. */
export function replacementText(suggestion: string): string | null {
  const trimmed = suggestion.trim();
  if (trimmed === "") return null;
  const carried = CARRIED_REPLACEMENT.exec(trimmed);
  if (carried !== null) return (carried[1] ?? carried[2] ?? carried[3]).trim();
  const wrapped = /^(?:"([^"]*)"|“([^”]*)”)$/.exec(trimmed);
  if (wrapped !== null) return (wrapped[1] ?? wrapped[2]).trim() || null;
  return isAdvice(trimmed) ? null : trimmed;
}

export function isAdvice(suggestion: string): boolean {
  const opening = suggestion.trim().toLowerCase().replace(/^[*_\s]+/, "");
  return ADVICE_OPENINGS.some((word) => opening === word || new RegExp(`^${word}\\b`).test(opening));
}

function preview(quote: string): string {
  const oneLine = quote.replace(/\s+/g, " ");
  return oneLine.length > 60 ? `${oneLine.slice(0, 57)}…` : oneLine;
}
