// Line and word diff of an SOP amendment, split into hunks the person accepts or rejects one by one.
import { diffArrays, diffWordsWithSpace } from "diff";

export type DiffLineKind = "context" | "removed" | "added";

/** A piece of a changed line: unchanged words, or words the amendment removes or adds. */
export interface WordPart {
  kind: "same" | "removed" | "added";
  text: string;
}

export interface DiffLine {
  kind: DiffLineKind;
  /** The line without its line break. */
  text: string;
  /** 1-based line number in the old text (context and removed lines). */
  oldNumber: number | null;
  /** 1-based line number in the new text (context and added lines). */
  newNumber: number | null;
  /** For a removed line paired with an added one (an edited line): what changed inside it, word by word. */
  parts: WordPart[] | null;
}

export interface DiffHunk {
  /** 1-based, in text order; what `applyHunks` takes to know which hunks were accepted. */
  id: number;
  /** 1-based first line of the change in the old and the new text. */
  oldStart: number;
  newStart: number;
  /** Up to `context` unchanged lines before, the removed and added lines, and up to `context` after. */
  lines: DiffLine[];
  /** Character offset in the old text where the replaced stretch begins. */
  oldOffset: number;
  /** The exact text the hunk replaces (line breaks included) and the text it puts there. */
  oldText: string;
  newText: string;
}

export type ApplyHunksResult = { ok: true; text: string } | { ok: false; error: string };

const CONTEXT_LINES = 3;

/** Splits into lines that keep their line breaks, so joining them gives the text back exactly. */
function splitLines(text: string): string[] {
  const lines = text.match(/[^\n]*\n|[^\n]+$/g);
  return lines ?? [];
}

function stripBreak(line: string): string {
  return line.replace(/\r?\n$/, "");
}

function wordParts(removed: string, added: string): { removed: WordPart[]; added: WordPart[] } {
  const changes = diffWordsWithSpace(removed, added);
  const removedParts: WordPart[] = [];
  const addedParts: WordPart[] = [];
  for (const change of changes) {
    if (change.added) addedParts.push({ kind: "added", text: change.value });
    else if (change.removed) removedParts.push({ kind: "removed", text: change.value });
    else {
      removedParts.push({ kind: "same", text: change.value });
      addedParts.push({ kind: "same", text: change.value });
    }
  }
  return { removed: removedParts, added: addedParts };
}

/** Pairs the i-th removed line with the i-th added line of a change, so an edited line shows its word changes. */
function changedLines(removed: string[], added: string[], oldStart: number, newStart: number): DiffLine[] {
  const removedLines: DiffLine[] = removed.map((line, i) => ({ kind: "removed", text: stripBreak(line), oldNumber: oldStart + i, newNumber: null, parts: null }));
  const addedLines: DiffLine[] = added.map((line, i) => ({ kind: "added", text: stripBreak(line), oldNumber: null, newNumber: newStart + i, parts: null }));
  for (let i = 0; i < Math.min(removedLines.length, addedLines.length); i++) {
    const parts = wordParts(removedLines[i].text, addedLines[i].text);
    removedLines[i].parts = parts.removed;
    addedLines[i].parts = parts.added;
  }
  return [...removedLines, ...addedLines];
}

/**
 * The changes from `oldText` to `newText` as hunks: each hunk is one unbroken stretch of changed lines,
 * so hunks never overlap and any subset of them can be applied on its own.
 */
export function diffHunks(oldText: string, newText: string, context = CONTEXT_LINES): DiffHunk[] {
  const oldLines = splitLines(oldText);
  const newLines = splitLines(newText);
  const changes = diffArrays(oldLines, newLines);
  const hunks: DiffHunk[] = [];
  let oldIndex = 0;
  let newIndex = 0;
  let oldOffset = 0;
  let i = 0;
  while (i < changes.length) {
    const change = changes[i];
    if (!change.added && !change.removed) {
      oldIndex += change.value.length;
      newIndex += change.value.length;
      oldOffset += change.value.join("").length;
      i++;
      continue;
    }
    const removed: string[] = [];
    const added: string[] = [];
    while (i < changes.length && (changes[i].added || changes[i].removed)) {
      if (changes[i].removed) removed.push(...changes[i].value);
      else added.push(...changes[i].value);
      i++;
    }
    const before = oldLines.slice(Math.max(0, oldIndex - context), oldIndex);
    const afterStart = oldIndex + removed.length;
    const after = oldLines.slice(afterStart, afterStart + context);
    const lines: DiffLine[] = [
      ...before.map((line, k): DiffLine => {
        const back = before.length - k;
        return { kind: "context", text: stripBreak(line), oldNumber: oldIndex - back + 1, newNumber: newIndex - back + 1, parts: null };
      }),
      ...changedLines(removed, added, oldIndex + 1, newIndex + 1),
      ...after.map((line, k): DiffLine => ({
        kind: "context",
        text: stripBreak(line),
        oldNumber: afterStart + k + 1,
        newNumber: newIndex + added.length + k + 1,
        parts: null,
      })),
    ];
    const oldChunk = removed.join("");
    hunks.push({
      id: hunks.length + 1,
      oldStart: oldIndex + 1,
      newStart: newIndex + 1,
      lines,
      oldOffset,
      oldText: oldChunk,
      newText: added.join(""),
    });
    oldIndex += removed.length;
    newIndex += added.length;
    oldOffset += oldChunk.length;
  }
  return hunks;
}

/**
 * `oldText` with only the accepted hunks applied: all accepted gives the new text exactly, none gives
 * `oldText` back. Refuses (rather than guessing) when the hunks were not made from this text.
 */
export function applyHunks(oldText: string, hunks: readonly DiffHunk[], acceptedIds: Iterable<number>): ApplyHunksResult {
  const accepted = new Set(acceptedIds);
  const ordered = [...hunks].sort((a, b) => a.oldOffset - b.oldOffset);
  let out = "";
  let cursor = 0;
  for (const hunk of ordered) {
    const matches = hunk.oldOffset >= cursor && oldText.slice(hunk.oldOffset, hunk.oldOffset + hunk.oldText.length) === hunk.oldText;
    if (!matches) return { ok: false, error: "The note changed since this diff was made, so no change was applied; make the proposal again." };
    out += oldText.slice(cursor, hunk.oldOffset);
    out += accepted.has(hunk.id) ? hunk.newText : hunk.oldText;
    cursor = hunk.oldOffset + hunk.oldText.length;
  }
  return { ok: true, text: out + oldText.slice(cursor) };
}

/** A unified-diff style rendering (for the command line and logs): `-`, `+` and ` ` prefixed lines. */
export function formatHunks(hunks: readonly DiffHunk[]): string {
  return hunks
    .map((hunk) => {
      const removed = hunk.lines.filter((l) => l.kind !== "added").length;
      const added = hunk.lines.filter((l) => l.kind !== "removed").length;
      const firstOld = hunk.lines[0]?.oldNumber ?? hunk.oldStart;
      const firstNew = hunk.lines[0]?.newNumber ?? hunk.newStart;
      const header = `@@ -${firstOld},${removed} +${firstNew},${added} @@ hunk ${hunk.id}`;
      const body = hunk.lines.map((l) => (l.kind === "removed" ? "-" : l.kind === "added" ? "+" : " ") + l.text);
      return [header, ...body].join("\n");
    })
    .join("\n");
}
