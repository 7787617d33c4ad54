// The two markdown-it parsers: CommonMark blocks plus GFM tables (no inline pass), and inline Markdown read on demand.
import MarkdownIt, { type MarkdownIt as Parser, type Token } from "markdown-it";

let inline: Parser | null = null;

/**
 * For the short inline sources read on demand: titles, checks, text after a checkbox. Both parsers are built on first
 * use, not when main.js is evaluated: Obsidian loads the plugin before anyone opens an SOP.
 */
export function inlineParser(): Parser {
  return (inline ??= new MarkdownIt("commonmark"));
}

/**
 * Inline Markdown longer than this is read in pieces of at most this length, cut at a line break or a space:
 * markdown-it's inline pass grows faster than its input on runs of delimiters (`*[` repeated: 4× the text, 11× the
 * time), so bounded pieces keep the reading linear in the note's size. Emphasis or a link that spans a cut is read
 * as the text it is made of; a block this long is never a title or a check someone reads whole.
 */
export const inlinePiece = 1024;

/** `source` cut into pieces of at most `inlinePiece` characters, at the last line break or space of each, else anywhere. */
export function inlinePieces(source: string): { text: string; separator: string }[] {
  const pieces: { text: string; separator: string }[] = [];
  let from = 0;
  while (source.length - from > inlinePiece) {
    const window = source.slice(from, from + inlinePiece + 1);
    let cut = window.lastIndexOf("\n");
    if (cut < inlinePiece / 2) cut = Math.max(cut, window.lastIndexOf(" "));
    if (cut > 0) {
      pieces.push({ text: window.slice(0, cut), separator: window[cut] });
      from += cut + 1;
      continue;
    }
    // No break to cut at: cut anywhere but inside a surrogate pair.
    let end = from + inlinePiece;
    if (/[\uD800-\uDBFF]/.test(source[end - 1])) end--;
    pieces.push({ text: source.slice(from, end), separator: "" });
    from = end;
  }
  pieces.push({ text: source.slice(from), separator: "" });
  return pieces;
}

let block: Parser | null = null;
let blockWithoutSetext: Parser | null = null;

/**
 * A line that could underline a setext heading (`Title` then `===` or `---`): only `=` or only `-`, after spaces,
 * tabs and quote markers. A note without one never has a setext heading, and markdown-it's setext rule, which reads
 * every paragraph's lines once more before the paragraph rule reads them, can be left out for it.
 */
export const setextUnderline = /^[ \t>]*(?:=+|-+)[ \t]*$/m;

/**
 * CommonMark blocks plus GFM tables, without the inline pass; tokens as plain objects; nesting bounded. With
 * `setext` false, without setext headings: only for text in which `setextUnderline` finds nothing (same tokens).
 */
export function blockParser(setext = true): Parser {
  if (!setext) return (blockWithoutSetext ??= newBlockParser(false));
  return (block ??= newBlockParser(true));
}

function newBlockParser(setext: boolean): Parser {
  const md = new MarkdownIt("commonmark").enable("table");
  if (!setext) md.block.ruler.disable("lheading");
  // Titles and checks are read on demand (plain-text.ts); skipping the inline pass is most of the speed.
  // Reference definitions stay in the tokens: they are blocks of the note (preamble, what interrupts a list).
  // Line endings are normalised before parsing (markdown-tree.ts), only for the notes that need it.
  md.core.ruler.disable(["normalize", "inline", "text_join", "strip_references"]);
  /** Never reached: the rule below stops nesting first, so markdown-it's drop-the-rest branch cannot run. */
  md.set({ maxNesting: maxBlockLevel + 64 });
  md.block.ruler.before("table", "too_deep", tooDeep);
  md.block.State = plainTokenState(md.block.State);
  return md;
}

/**
 * Token levels (a list and its item count two) read as structure; deeper content is kept as one paragraph per
 * container. markdown-it's own limit (20) silently drops everything after the first block that reaches it.
 */
export const maxBlockLevel = 128;

/** What the parse noticed, and where its tokens go. */
export interface BlockEnv {
  /** The first line (0-based) whose blocks were nested too deep to read as structure. */
  tooDeepLine?: number;
  /** Given each token as it is pushed, instead of the token array (which then stays empty). */
  sink?: { take(token: Token): void };
}

type BlockRule = Parameters<Parser["block"]["ruler"]["before"]>[2];

/** At the deepest level, the container's remaining lines become one paragraph, so nothing after it is lost. */
const tooDeep: BlockRule = (state, startLine, endLine, silent) => {
  if (state.level < maxBlockLevel) return false;
  if (silent) return true;
  let line = startLine;
  while (line < endLine && (state.isEmpty(line) || state.sCount[line] >= state.blkIndent)) line++;
  while (line > startLine + 1 && state.isEmpty(line - 1)) line--;
  const env = state.env as BlockEnv;
  env.tooDeepLine ??= startLine;
  const open = state.push("paragraph_open", "p", 1);
  open.map = [startLine, line];
  const inline = state.push("inline", "", 0);
  inline.content = state.getLines(startLine, line, state.blkIndent, false).trim();
  inline.map = [startLine, line];
  state.push("paragraph_close", "p", -1);
  state.line = line;
  return true;
};

/**
 * markdown-it 15 builds each token with Object.defineProperty per field, a third of a long note's parse time;
 * the block tokens here are only read by the tree builder, so plain objects with the same fields stand in.
 */
class PlainToken {
  type: string;
  tag: string;
  attrs: [string, string][] | null = null;
  map: [number, number] | null = null;
  nesting: Token["nesting"];
  level = 0;
  children: Token[] | null = null;
  content = "";
  markup = "";
  info = "";
  meta: unknown = null;
  block = true;
  hidden = false;

  constructor(type: string, tag: string, nesting: Token["nesting"]) {
    this.type = type;
    this.tag = tag;
    this.nesting = nesting;
  }

  attrGet(name: string): string | null {
    const found = this.attrs?.find(([key]) => key === name);
    return found ? found[1] : null;
  }
}

function plainTokenState(State: Parser["block"]["State"]): Parser["block"]["State"] {
  return class PlainTokenState extends State {
    override push(type: string, tag: string, nesting: Token["nesting"]): Token {
      const token = new PlainToken(type, tag, nesting) as unknown as Token;
      if (nesting < 0) this.level--;
      token.level = this.level;
      if (nesting > 0) this.level++;
      const sink = (this.env as BlockEnv).sink;
      if (sink) sink.take(token);
      else this.tokens.push(token);
      return token;
    }
  };
}
