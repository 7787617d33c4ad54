// Dataview inline fields (`key:: value` on its own line, `[key:: value]` or `(key:: value)` inline), read past code.
import { replaceCodeSpans } from "./inline-scan";

export interface FieldMatch {
  key: string;
  value: string;
}

const ownLineField = /^([\s>]*(?:[-*+]\s+(?:\[[ xX]\]\s+)?)?)(\*{0,2}_{0,2})([\p{L}\p{N}_][\p{L}\p{N}_ /-]{0,63}?)\2\s*::(.*)$/u;

/** Blanks out inline code spans (same length) so `::` inside code is never read as a field. */
export function maskInlineCode(line: string): string {
  return replaceCodeSpans(line, (span) => " ".repeat(span.end - span.start));
}

/** Every field in a block of inline Markdown (a paragraph's source), in order. */
export function findFields(markdown: string): FieldMatch[] {
  const found: FieldMatch[] = [];
  if (!markdown.includes("::")) return found;
  for (const line of markdown.includes("\r") ? markdown.split(/\r?\n|\r/) : markdown.split("\n")) {
    // Every field form has `::`; most lines have none.
    if (line.includes("::")) fieldsOfLine(line, found);
  }
  return found.filter((f) => f.key.length > 0);
}

/**
 * Where `::` occurs in a document: every offset, ascending (`:::` gives two). Found in one pass, so that each block's
 * fields are looked for only on the lines that hold one, and a block without any is passed over without reading it.
 */
function colonPairs(text: string): number[] {
  const at: number[] = [];
  for (let i = text.indexOf("::"); i !== -1; i = text.indexOf("::", i + 1)) at.push(i);
  return at;
}

/** The index of the first offset in `pairs` (ascending) at or after `from`; `pairs.length` when none is. */
function firstPairFrom(pairs: readonly number[], from: number): number {
  let lo = 0;
  let hi = pairs.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (pairs[mid] < from) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Whether `text.slice(start, end)` holds `::`, given `pairs = colonPairs(text)`. */
function hasColonPair(pairs: readonly number[], start: number, end: number): boolean {
  const i = firstPairFrom(pairs, start);
  return i < pairs.length && pairs[i] + 2 <= end;
}

/**
 * The fields of a document's blocks, each read as `findFields(text.slice(start, end))` would but only on the lines
 * that hold `::`, and each distinct line read once per document: field lines such as `role:: Operator` recur from step to
 * step. The matches handed out are shared between calls; callers only read them.
 */
export class FieldReader {
  private readonly pairs: number[];
  private readonly lines = new Map<string, FieldMatch[]>();

  constructor(private readonly text: string) {
    this.pairs = colonPairs(text);
  }

  /** Whether `text.slice(start, end)` holds `::`. */
  has(start: number, end: number): boolean {
    return hasColonPair(this.pairs, start, end);
  }

  /** `findFields(text.slice(start, end))`. */
  fieldsIn(start: number, end: number): FieldMatch[] {
    const { text, pairs } = this;
    const found: FieldMatch[] = [];
    let lineEnd = start;
    for (let i = firstPairFrom(pairs, start); i < pairs.length && pairs[i] + 2 <= end; i++) {
      const at = pairs[i];
      // Another `::` on a line already read.
      if (at < lineEnd) continue;
      let lineStart = at;
      while (lineStart > start && !isBreak(text.charCodeAt(lineStart - 1))) lineStart--;
      lineEnd = at + 2;
      while (lineEnd < end && !isBreak(text.charCodeAt(lineEnd))) lineEnd++;
      const line = text.slice(lineStart, lineEnd);
      let fields = this.lines.get(line);
      if (!fields) {
        fields = [];
        fieldsOfLine(line, fields);
        this.lines.set(line, fields);
      }
      for (const field of fields) if (field.key.length > 0) found.push(field);
    }
    return found;
  }
}

function isBreak(code: number): boolean {
  return code === 10 || code === 13;
}

/** The fields of one line that holds `::`, added to `found`. */
function fieldsOfLine(line: string, found: FieldMatch[]): void {
  const masked = maskInlineCode(line);
  const own = ownLineField.exec(masked);
  if (own && !/^\s*[[(]/.test(masked)) {
    const valueStart = masked.length - own[4].length;
    found.push({ key: normaliseKey(own[3]), value: line.slice(valueStart).trim() });
    return;
  }
  for (const field of bracketFields(line, masked)) found.push(field);
}

/** The same text with every field removed: own-line fields drop the line, bracketed ones drop the brackets. */
export function removeFields(text: string): string {
  if (!text.includes("::")) return text.includes("\r") ? text.replace(/\r\n?/g, "\n") : text;
  const kept: string[] = [];
  for (const line of text.split(/\r?\n|\r/)) {
    if (!line.includes("::")) {
      kept.push(line);
      continue;
    }
    const masked = maskInlineCode(line);
    const own = ownLineField.exec(masked);
    if (own && !/^\s*[[(]/.test(masked)) continue;
    let out = "";
    let last = 0;
    for (const span of bracketSpans(masked)) {
      out += line.slice(last, span.start);
      last = span.end;
    }
    kept.push(out + line.slice(last));
  }
  return kept.join("\n");
}

function normaliseKey(key: string): string {
  return key.replace(/[*_]/g, "").trim().replace(/\s+/g, " ").toLowerCase();
}

interface BracketSpan {
  start: number;
  end: number;
  key: string;
  valueStart: number;
  valueEnd: number;
}

function bracketFields(line: string, masked: string): FieldMatch[] {
  return bracketSpans(masked).map((s) => ({ key: normaliseKey(s.key), value: line.slice(s.valueStart, s.valueEnd).trim() }));
}

/** What lies between a bracket and the next `::` when that bracket opens a field: a key, then maybe white space. */
const fieldHead = /^([\p{L}\p{N}_][\p{L}\p{N}_ /-]{0,63}?)\s*$/u;

/**
 * `[key:: value]` / `(key:: value)` spans; values may hold nested brackets such as `[[Note]]`. Brackets are paired
 * in one pass with a stack (scanning ahead from every `[key::` was quadratic on a long line of unclosed ones): any
 * closing bracket closes an inner bracket, but only its own kind closes a field's.
 */
function bracketSpans(masked: string): BracketSpan[] {
  /** Per opening bracket that starts a field: its key and where its value starts; per opening bracket: its closer. */
  const keys = new Map<number, { key: string; valueStart: number }>();
  const closeOf = new Map<number, number>();
  const stack: number[] = [];
  /** The next `::` at or after the current bracket (Infinity when none is left). */
  let colons = -1;
  for (let i = 0; i < masked.length; i++) {
    const c = masked[i];
    if (c === "[" || c === "(") {
      if (colons < i) {
        const at = masked.indexOf("::", i);
        colons = at === -1 ? Infinity : at;
      }
      if (colons < i + 80) {
        const head = fieldHead.exec(masked.slice(i + 1, colons));
        if (head) keys.set(i, { key: head[1], valueStart: colons + 2 });
      }
      stack.push(i);
    } else if ((c === "]" || c === ")") && stack.length > 0) {
      const top = stack[stack.length - 1];
      if (keys.has(top) && masked[top] !== (c === "]" ? "[" : "(")) continue;
      stack.pop();
      closeOf.set(top, i);
    }
  }
  const spans: BracketSpan[] = [];
  let after = 0;
  for (const [i, { key, valueStart }] of keys) {
    const j = closeOf.get(i);
    if (i < after || j === undefined) continue;
    spans.push({ start: i, end: j + 1, key, valueStart, valueEnd: j });
    after = j + 1;
  }
  return spans;
}
