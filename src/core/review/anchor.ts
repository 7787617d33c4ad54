// Finds the span of a waypoint's text that a finding quotes, surviving edits, Markdown markup and retyped quotes.
import type { Finding } from "./finding";

export interface Span {
  /** Offsets into the text, `to` exclusive, in UTF-16 code units as CodeMirror and String#slice use. */
  from: number;
  to: number;
}

export type AnchorMatch = "exact" | "normalised" | "fuzzy";

export interface AnchoredFinding {
  finding: Finding;
  span: Span | null;
  /** True when the quote is no longer in the text: the finding is shown apart, never dropped. */
  detached: boolean;
  match: AnchorMatch | null;
}

/** Fraction of the quote's words a window must contain for a fuzzy match. */
export const FUZZY_THRESHOLD = 0.8;
/** Fewer words than this are too little evidence for a fuzzy match. */
const FUZZY_MIN_WORDS = 4;
/** Longer quotes are not fuzzy-matched: the work grows with quote length, and such quotes are rare. */
const FUZZY_MAX_WORDS = 120;

export function anchorFinding(text: string, quote: string): Span | null {
  return locateQuote(text, quote)?.span ?? null;
}

/** The first place the quote occurs, trying exact, then normalised, then fuzzy matching. */
export function locateQuote(text: string, quote: string): { span: Span; match: AnchorMatch } | null {
  return locateIn(new Haystack(text), quote);
}

/** Re-run after every edit of the waypoint: spans follow the quotes wherever they now are. */
export function anchorAll(text: string, findings: Finding[]): AnchoredFinding[] {
  const haystack = new Haystack(text);
  return findings.map((finding) => {
    const located = locateIn(haystack, finding.quote);
    return located === null
      ? { finding, span: null, detached: true, match: null }
      : { finding, span: located.span, detached: false, match: located.match };
  });
}

const QUOTE_FOLDS: Record<string, string> = {
  "‘": "'", "’": "'", "‚": "'", "‛": "'", "′": "'", "`": "'",
  "“": '"', "”": '"', "„": '"', "‟": '"', "″": '"', "«": '"', "»": '"',
  "–": "-", "—": "-", "‐": "-", "‑": "-", "…": "...", " ": " ",
};
/** Markup a model drops when it quotes rendered text: emphasis, highlight, strike, wikilink brackets. */
const IGNORED = new Set(["*", "_", "~", "=", "[", "]"]);

/** The text with its normalised form and words computed once, however many findings are anchored in it. */
class Haystack {
  private normalisedForm: Normalised | null = null;
  private wordList: Word[] | null = null;

  constructor(readonly text: string) {}

  get normalised(): Normalised {
    this.normalisedForm ??= normalise(this.text);
    return this.normalisedForm;
  }

  get words(): Word[] {
    this.wordList ??= words(this.text);
    return this.wordList;
  }
}

function locateIn(haystack: Haystack, quote: string): { span: Span; match: AnchorMatch } | null {
  const wanted = quote.trim();
  const text = haystack.text;
  if (wanted === "" || text === "") return null;
  const exact = text.indexOf(wanted);
  if (exact !== -1) return { span: { from: exact, to: exact + wanted.length }, match: "exact" };
  const normalised = normalisedMatch(haystack, wanted);
  if (normalised !== null) return { span: normalised, match: "normalised" };
  const fuzzy = fuzzyMatch(haystack, wanted);
  return fuzzy === null ? null : { span: fuzzy, match: "fuzzy" };
}

interface Normalised {
  text: string;
  /** For each character of `text`, the original offsets it came from. */
  starts: number[];
  ends: number[];
}

function normalise(source: string): Normalised {
  const out: string[] = [];
  const starts: number[] = [];
  const ends: number[] = [];
  let inSpace = false;
  let i = 0;
  while (i < source.length) {
    const codePoint = source.codePointAt(i) ?? 0;
    const char = String.fromCodePoint(codePoint);
    const end = i + char.length;
    if (/\s/.test(char)) {
      if (!inSpace && out.length > 0) {
        out.push(" ");
        starts.push(i);
        ends.push(end);
      }
      inSpace = true;
    } else if (!IGNORED.has(char)) {
      inSpace = false;
      for (const folded of (QUOTE_FOLDS[char] ?? char).toLowerCase()) {
        out.push(folded);
        starts.push(i);
        ends.push(end);
      }
    }
    i = end;
  }
  while (out.length > 0 && out[out.length - 1] === " ") {
    out.pop();
    starts.pop();
    ends.pop();
  }
  return { text: out.join(""), starts, ends };
}

function normalisedMatch(haystack: Haystack, quote: string): Span | null {
  const wanted = normalise(quote).text;
  if (wanted === "") return null;
  const normalised = haystack.normalised;
  const at = normalised.text.indexOf(wanted);
  if (at === -1) return null;
  return balanceMarkup(haystack.text, { from: normalised.starts[at], to: normalised.ends[at + wanted.length - 1] });
}

/** Widens a span over markers it opens or closes (`*team membership*`), so replacing it leaves no stray `*` or `]]`. */
function balanceMarkup(text: string, span: Span): Span {
  let { from, to } = span;
  const count = (char: string) => {
    let n = 0;
    for (let i = from; i < to; i++) if (text[i] === char) n++;
    return n;
  };
  // `**` is one marker: emphasis balances by runs of a character, brackets by characters.
  const runs = (char: string) => {
    let n = 0;
    for (let i = from; i < to; i++) if (text[i] === char && (i === from || text[i - 1] !== char)) n++;
    return n;
  };
  const opens = (char: string) => (char === "]" ? count("[") > count("]") : char !== "[" && runs(char) % 2 === 1);
  const closes = (char: string) => (char === "[" ? count("]") > count("[") : char !== "]" && runs(char) % 2 === 1);
  while (to < text.length && IGNORED.has(text[to]) && (opens(text[to]) || text[to] === text[to - 1])) to++;
  while (from > 0 && IGNORED.has(text[from - 1]) && (closes(text[from - 1]) || text[from - 1] === text[from])) from--;
  return { from, to };
}

interface Word {
  word: string;
  from: number;
  to: number;
}

function words(text: string): Word[] {
  const found: Word[] = [];
  for (const match of text.matchAll(/[\p{L}\p{N}]+(?:['’][\p{L}\p{N}]+)*/gu)) {
    const from = match.index ?? 0;
    found.push({ word: match[0].toLowerCase().replace(/’/g, "'"), from, to: from + match[0].length });
  }
  return found;
}

/** The window of the text holding the most of the quote's words (as a multiset), if it holds at least the threshold. */
function fuzzyMatch(haystack: Haystack, quote: string): Span | null {
  const quoteWords = words(quote).map((w) => w.word);
  const n = quoteWords.length;
  if (n < FUZZY_MIN_WORDS || n > FUZZY_MAX_WORDS) return null;
  const wanted = new Map<string, number>();
  for (const word of quoteWords) wanted.set(word, (wanted.get(word) ?? 0) + 1);
  const textWords = haystack.words;
  let best: { score: number; from: number; to: number; sizeGap: number } | null = null;
  const smallest = Math.max(1, Math.ceil(n * FUZZY_THRESHOLD));
  const largest = Math.min(textWords.length, Math.floor(n / FUZZY_THRESHOLD));
  for (let size = smallest; size <= largest; size++) {
    const counts = new Map<string, number>();
    let overlap = 0;
    for (let end = 0; end < textWords.length; end++) {
      const added = textWords[end].word;
      const have = counts.get(added) ?? 0;
      if (have < (wanted.get(added) ?? 0)) overlap++;
      counts.set(added, have + 1);
      const start = end - size + 1;
      if (start > 0) {
        const removed = textWords[start - 1].word;
        const left = (counts.get(removed) ?? 0) - 1;
        counts.set(removed, left);
        if (left < (wanted.get(removed) ?? 0)) overlap--;
      }
      if (start < 0) continue;
      const score = overlap / Math.max(n, size);
      const sizeGap = Math.abs(size - n);
      if (score >= FUZZY_THRESHOLD && (best === null || score > best.score || (score === best.score && sizeGap < best.sizeGap))) {
        best = { score, from: start, to: end, sizeGap };
      }
    }
  }
  if (best === null) return null;
  // Edge words that are not in the quote belong to the neighbouring text, not to the finding.
  let { from, to } = best;
  while (from < to && !wanted.has(textWords[from].word)) from++;
  while (to > from && !wanted.has(textWords[to].word)) to--;
  return { from: textWords[from].from, to: textWords[to].to };
}
