// The policy that keeps a long run inside the model's context: the oldest approved outputs go in as references, in blocks.
import { noteName } from "../notes/names";

/**
 * Outputs are replaced by references this many at a time, so the conversation's prefix (and the provider's
 * prompt cache) changes once per block rather than at every step once a run outgrows its budget.
 */
export const REFERENCE_BLOCK = 8;

/** Characters of a referenced output that still go in, so the model knows what the note holds. */
export const EXCERPT_CHARS = 280;

/**
 * How many of the oldest approved outputs to send as references: none while the conversation fits its budget;
 * otherwise the smallest multiple of REFERENCE_BLOCK that makes it fit, never the latest output (the next step
 * builds on it), so all of them but the latest when nothing smaller fits. `fullChars[i]` and `referenceChars[i]`
 * are output i's characters whole and as a reference, oldest first. The count only grows from step to step
 * (a later prompt is the earlier one with more appended), so references never turn back into whole outputs.
 */
export function outputsToReference(totalChars: number, budgetChars: number | undefined, fullChars: readonly number[], referenceChars: readonly number[]): number {
  if (budgetChars === undefined || !(budgetChars > 0) || totalChars <= budgetChars) return 0;
  const cap = fullChars.length - 1;
  let size = totalChars;
  let count = 0;
  while (count < cap) {
    const next = Math.min(count + REFERENCE_BLOCK, cap);
    for (let i = count; i < next; i++) size -= fullChars[i] - referenceChars[i];
    count = next;
    if (size <= budgetChars) return count;
  }
  return Math.max(0, cap);
}

/** What stands in for an approved output left out: its size, the note that holds it, and how it begins. */
export function outputReference(step: { index: number; title: string; path: string; text: string }): { content: string; excerptChars: number } {
  const text = step.text.trim();
  let excerpt = text.slice(0, EXCERPT_CHARS);
  if (excerpt.length < text.length) {
    const space = excerpt.lastIndexOf(" ");
    excerpt = `${space > EXCERPT_CHARS / 2 ? excerpt.slice(0, space) : excerpt} …`;
  }
  const where = step.path ? ` It is kept whole in the note "${noteName(step.path)}".` : "";
  const content = `(The approved output of step ${step.index}, "${step.title}", ${withCommas(text.length)} characters, is not repeated here: the run is longer than the model's context allows, so its oldest outputs are referenced rather than sent.${where} It begins:)\n\n${excerpt}`;
  return { content, excerptChars: Math.min(excerpt.length, text.length) };
}

/**
 * A count as `toLocaleString("en-US")` writes it (12,345), without the platform's locale data: the first locale call
 * of a process loads it, about 20 ms, which a `sop` process at a long run's gate paid for its first reference.
 */
export function withCommas(count: number): string {
  const digits = String(count);
  let out = "";
  for (let i = 0; i < digits.length; i++) {
    if (i > 0 && (digits.length - i) % 3 === 0) out += ",";
    out += digits[i];
  }
  return out;
}
