// Dataview inline fields (`key:: value` on its own line, `[key:: value]` or `(key:: value)` inline), read past code.

export interface FieldMatch {
  key: string;
  value: string;
}

const ownLineField = /^([\s>]*(?:[-*+]\s+(?:\[[ xX]\]\s+)?)?)(\*{0,2}_{0,2})([\p{L}\p{N}_][\p{L}\p{N}_ /-]{0,63}?)\2\s*::(.*)$/u;

/** Blanks out inline code spans (same length) so `::` inside code is never read as a field. */
export function maskInlineCode(line: string): string {
  return line.replace(/(`+)([\s\S]*?[^`])\1(?!`)/g, (span) => " ".repeat(span.length));
}

/** Every field in a block of inline Markdown (a paragraph's source), in order. */
export function findFields(markdown: string): FieldMatch[] {
  const found: FieldMatch[] = [];
  if (!markdown.includes("::")) return found;
  for (const line of markdown.includes("\r") ? markdown.split(/\r?\n|\r/) : markdown.split("\n")) {
    // Every field form has `::`; most lines have none.
    if (!line.includes("::")) continue;
    const masked = maskInlineCode(line);
    const own = ownLineField.exec(masked);
    if (own && !/^\s*[[(]/.test(masked)) {
      const valueStart = masked.length - own[4].length;
      found.push({ key: normaliseKey(own[3]), value: line.slice(valueStart).trim() });
      continue;
    }
    found.push(...bracketFields(line, masked));
  }
  return found.filter((f) => f.key.length > 0);
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
    let out = line;
    for (const span of bracketSpans(masked).reverse()) out = out.slice(0, span.start) + out.slice(span.end);
    kept.push(out);
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

/** `[key:: value]` / `(key:: value)` spans; values may hold nested brackets such as `[[Note]]`. */
function bracketSpans(masked: string): BracketSpan[] {
  const spans: BracketSpan[] = [];
  let i = 0;
  while (i < masked.length) {
    const open = masked[i];
    if (open !== "[" && open !== "(") {
      i++;
      continue;
    }
    const close = open === "[" ? "]" : ")";
    const head = /^([\p{L}\p{N}_][\p{L}\p{N}_ /-]{0,63}?)\s*::/u.exec(masked.slice(i + 1, i + 80));
    if (!head) {
      i++;
      continue;
    }
    const valueStart = i + 1 + head[0].length;
    let depth = 0;
    let j = valueStart;
    for (; j < masked.length; j++) {
      const c = masked[j];
      if (c === "[" || c === "(") depth++;
      else if ((c === "]" || c === ")") && depth > 0) depth--;
      else if (c === close && depth === 0) break;
    }
    if (j >= masked.length) {
      i++;
      continue;
    }
    spans.push({ start: i, end: j + 1, key: head[1], valueStart, valueEnd: j });
    i = j + 1;
  }
  return spans;
}
