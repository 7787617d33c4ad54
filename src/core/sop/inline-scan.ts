// Linear scans of inline Markdown source: code spans and wikilinks (the regexes they replace were quadratic on unclosed syntax).

export interface CodeSpan {
  /** From the opening backticks to just past the closing ones. */
  start: number;
  end: number;
  /** The text between the backticks. */
  contentStart: number;
  contentEnd: number;
}

/** Code spans as CommonMark pairs them: a run of backticks closes at the next run of the same length. */
export function codeSpans(text: string): CodeSpan[] {
  if (!text.includes("`")) return [];
  const runs: { at: number; length: number }[] = [];
  for (let i = text.indexOf("`"); i !== -1; ) {
    let j = i;
    while (text.charCodeAt(j) === 96) j++;
    runs.push({ at: i, length: j - i });
    i = text.indexOf("`", j);
  }
  // For each run, the next run of the same length: computed once from the right, so pairing stays linear.
  const nextSame = new Array<number>(runs.length).fill(-1);
  const seen = new Map<number, number>();
  for (let r = runs.length - 1; r >= 0; r--) {
    nextSame[r] = seen.get(runs[r].length) ?? -1;
    seen.set(runs[r].length, r);
  }
  const spans: CodeSpan[] = [];
  for (let r = 0; r < runs.length; ) {
    const close = nextSame[r];
    if (close === -1) {
      r++;
      continue;
    }
    const open = runs[r];
    const end = runs[close];
    spans.push({ start: open.at, end: end.at + end.length, contentStart: open.at + open.length, contentEnd: end.at });
    r = close + 1;
  }
  return spans;
}

/** The text with every code span replaced by what `replace` makes of it. */
export function replaceCodeSpans(text: string, replace: (span: CodeSpan) => string): string {
  const spans = codeSpans(text);
  if (spans.length === 0) return text;
  let out = "";
  let last = 0;
  for (const span of spans) {
    out += text.slice(last, span.start) + replace(span);
    last = span.end;
  }
  return out + text.slice(last);
}

/** Wikilinks as a reader sees them: embeds dropped, `[[a|b]]` as b, `[[Note#Heading]]` as "Note > Heading". */
export function tidyWikilinks(text: string): string {
  let out = "";
  let last = 0;
  /** The first `]` or line break at or after the current link's content start; it only moves forward. */
  let stop = -1;
  for (let i = text.indexOf("[["); i !== -1; i = text.indexOf("[[", i)) {
    if (stop < i + 2) {
      stop = i + 2;
      while (stop < text.length && text[stop] !== "]" && text[stop] !== "\n") stop++;
    }
    if (text[stop] !== "]" || text[stop + 1] !== "]") {
      i++;
      continue;
    }
    const content = text.slice(i + 2, stop);
    const embed = i > last && text[i - 1] === "!";
    const bar = content.indexOf("|");
    const shown = embed ? "" : bar !== -1 ? content.slice(bar + 1) : content.replace(/#\^?/g, " > ");
    out += text.slice(last, embed ? i - 1 : i) + shown;
    i = last = stop + 2;
  }
  return last === 0 ? text : out + text.slice(last);
}
