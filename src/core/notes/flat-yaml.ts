// A fast reader for the flat properties blocks the engine writes (a key per line: a number, true/false, null, a quoted
// or a plain word, or a list of those), so loading a run of 300 waypoints afresh (the command line, each call) does not
// run a full YAML parser 300 times. Anything else, or anything YAML dialects might read differently (`yes`, dates,
// `0x1F`, a comment, a duplicate key), is left to the full parser: null. The one exception is the date-time the engine
// writes (`started: 2026-12-04T20:32:10`, a run note's every write): read as text when the codec at hand was seen to
// read it as text (YAML 1.2, the command line's), else left to that codec (YAML 1.1 readers make it a Date).
import type { YamlCodec } from "../ports";

const INTEGER = /^-?(?:0|[1-9][0-9]{0,14})$/;
const DECIMAL = /^-?(?:0|[1-9][0-9]{0,14})\.[0-9]{1,15}$/;
/** A plain word no YAML version reads as anything but itself (checked against the words below too). */
const WORD = /^[A-Za-z][A-Za-z0-9 _./-]*$/;
/** A plain value starting with a digit that no YAML version reads as a number or a date: `17-step-number-17`. */
const SLUG = /^[0-9]+(?:-[a-z0-9]+)+$/;
const AMBIGUOUS = /^(?:y|n|yes|no|on|off|true|false|null)$/i;
const DOUBLE = /^"((?:[^"\\]|\\["\\])*)"$/;
const SINGLE = /^'((?:[^']|'')*)'$/;
/** The local date-time the engine writes (`isoDateTime`), a timestamp to YAML 1.1 and text to YAML 1.2. */
const DATE_TIME = /^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}$/;
const PROBE = "2001-02-03T04:05:06";
/** How each codec reads a date-time (true: as the same text), asked once. */
const probes = new WeakMap<YamlCodec, boolean>();

/** Whether `yaml` reads the engine's date-times as the text they are (asked once per codec, with one sample). */
export function readsDateTimesAsText(yaml: YamlCodec): boolean {
  let known = probes.get(yaml);
  if (known === undefined) {
    try {
      const parsed = yaml.parse(`t: ${PROBE}\n`) as Record<string, unknown> | null;
      known = parsed !== null && typeof parsed === "object" && parsed.t === PROBE;
    } catch {
      known = false;
    }
    probes.set(yaml, known);
  }
  return known;
}

/** The properties of a flat block as `yaml` reads them, or null when the block needs `yaml` itself. */
export function readFlatYaml(block: string, yaml: YamlCodec): Record<string, unknown> | null {
  return parseFlatYaml(block, readsDateTimesAsText(yaml));
}

/** A scalar's value, or undefined when it is not one this reader is sure of (tried by its first character). */
function scalar(text: string, dateTimesAsText: boolean): unknown {
  const first = text.charCodeAt(0);
  if (first === QUOTE) {
    // The usual quoted text has no escapes: no pattern needed.
    const inner = text.slice(1, -1);
    if (text.length >= 2 && text.charCodeAt(text.length - 1) === QUOTE && !inner.includes('"') && !inner.includes("\\")) return inner;
    const double = DOUBLE.exec(text);
    return double ? double[1].replace(/\\(["\\])/g, "$1") : undefined;
  }
  if (first === APOSTROPHE) {
    const single = SINGLE.exec(text);
    return single ? single[1].replace(/''/g, "'") : undefined;
  }
  if (first === MINUS || (first >= ZERO && first <= NINE)) {
    if (INTEGER.test(text) || DECIMAL.test(text)) return Number(text);
    if (SLUG.test(text) && /[a-z]/.test(text)) return text;
    if (dateTimesAsText && DATE_TIME.test(text)) return text;
    return undefined;
  }
  if (text === "true") return true;
  if (text === "false") return false;
  if (text === "null" || text === "~") return null;
  if (WORD.test(text) && !text.endsWith(" ") && !text.includes("  ") && !AMBIGUOUS.test(text)) return text;
  return undefined;
}


/**
 * The properties of a flat block, exactly as a YAML parser reads them; null when the block needs the full parser.
 * `dateTimesAsText`: the parser at hand reads the engine's date-times as text (`readsDateTimesAsText`).
 */
export function parseFlatYaml(block: string, dateTimesAsText = false): Record<string, unknown> | null {
  // A line with one of these is matched by no pattern of the line-by-line reader this one replaced: left to the parser.
  if (LINE_ENDS.test(block)) return null;
  const properties: Record<string, unknown> = {};
  /** The key of a `key:` line with no value: null, or the list of the items on the lines below it. */
  let listKey: string | null = null;
  /** The indent of the list's first item (0 or 2): every item of a list has the same; -1 before the first. */
  let indent = -1;
  // Line by line, each line read in place (a run's 300 waypoints are read at each load on the command line).
  const length = block.length;
  for (let start = 0; start < length; ) {
    const found = block.indexOf("\n", start);
    const end = found === -1 ? length : found;
    const next = end + 1;
    // `- value` or `  - value` under a `key:` line.
    const itemIndent = listKey === null ? -1 : block.startsWith("- ", start) ? 0 : block.startsWith("  - ", start) ? 2 : -1;
    if (listKey !== null && itemIndent !== -1) {
      const value = scalar(block.slice(start + itemIndent + 2, end), dateTimesAsText);
      if (value === undefined || (indent !== -1 && indent !== itemIndent)) return null;
      indent = itemIndent;
      const list = properties[listKey];
      if (Array.isArray(list)) list.push(value);
      else properties[listKey] = [value];
      start = next;
      continue;
    }
    // `key:` or `key: value`, the key a letter or `_` then letters, digits, `_` and `-`.
    if (!isKeyStart(block.charCodeAt(start))) return null;
    let colon = start + 1;
    while (colon < end && isKeyPart(block.charCodeAt(colon))) colon++;
    if (colon === end || block.charCodeAt(colon) !== COLON || (colon + 1 < end && block.charCodeAt(colon + 1) !== SPACE)) return null;
    const key = block.slice(start, colon);
    if (key === "__proto__" || Object.prototype.hasOwnProperty.call(properties, key)) return null;
    listKey = null;
    indent = -1;
    start = next;
    if (colon + 1 === end) {
      listKey = key;
      properties[key] = null;
      continue;
    }
    const text = block.slice(colon + 2, end);
    // `[sop]`, `[a, b]`: a flow list of plain words (an SOP's and a role's tags), read alike by every YAML version.
    const value = text.startsWith("[") ? flowList(text) : scalar(text, dateTimesAsText);
    if (value === undefined) return null;
    properties[key] = value;
  }
  return properties;
}

/** The words of `[a, b]` (or `[a,b]`, `[]`), or undefined for any other flow text. */
function flowList(text: string): string[] | undefined {
  if (!text.endsWith("]")) return undefined;
  const inner = text.slice(1, -1);
  if (inner === "") return [];
  const items = inner.split(",");
  for (let i = 0; i < items.length; i++) {
    const item = i > 0 && items[i].startsWith(" ") ? items[i].slice(1) : items[i];
    if (!isPlainWord(item)) return undefined;
    items[i] = item;
  }
  return items;
}

const QUOTE = 34;
const APOSTROPHE = 39;
const MINUS = 45;
const ZERO = 48;
const NINE = 57;
const COLON = 58;
const SPACE = 32;
const UNDERSCORE = 95;
const LINE_ENDS = /[\r\u2028\u2029]/;

function isLetter(code: number): boolean {
  return (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
}

function isKeyStart(code: number): boolean {
  return isLetter(code) || code === UNDERSCORE;
}

function isKeyPart(code: number): boolean {
  return isLetter(code) || (code >= ZERO && code <= NINE) || code === UNDERSCORE || code === MINUS;
}

// Writing. The engine rewrites a note's properties at every step (a waypoint's status, a run note's progress); the
// flat blocks it writes are written here without the codec, byte for byte as the codec writes them, once the codec
// was seen to write a sample of every shape below exactly so (the command line's `yaml`; Obsidian's writer may quote
// differently and then keeps writing them all).

/** Text no quoting rule of any YAML writer touches inside double quotes: no quote, backslash, control or odd space. */
function unescaped(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x20 || code === QUOTE || code === BACKSLASH || (code >= 0x7f && code <= 0xa0)) return false;
    if (code === 0x2028 || code === 0x2029 || code === 0xfeff || (code >= 0xd800 && code <= 0xdfff)) return false;
  }
  return true;
}
const BACKSLASH = 92;
const WRITE_KEY = /^[A-Za-z_][A-Za-z0-9_]*$/;
const SAMPLE: Record<string, unknown> = { link: "[[Runs/2026-12-05 A — B|A — B]]", empty: "", word: "awaiting-review", id: "17-step-number-17", started: "2026-12-05T07:00:28", slash: "gpt-4.1 mini/x", count: 17, small: 0.00021, tiny: 1e-7, yes_: true, no_: false, none: null, tags: ["sop-waypoint"] };
const writers = new WeakMap<YamlCodec, boolean>();

/** A plain word every YAML reader reads back as itself (the reader's rule above). */
function isPlainWord(text: string): boolean {
  return WORD.test(text) && !text.endsWith(" ") && !text.includes("  ") && !AMBIGUOUS.test(text);
}

function flatValue(value: unknown): string | null {
  if (value === null) return "null";
  if (value === true) return "true";
  if (value === false) return "false";
  if (typeof value === "number") return Number.isFinite(value) ? JSON.stringify(value) : null;
  if (typeof value !== "string") return null;
  if (value === "") return '""';
  if (isPlainWord(value) || (SLUG.test(value) && /[a-z]/.test(value)) || DATE_TIME.test(value)) return value;
  // A link (`[[…]]`) can never be plain: the one quoted shape written here.
  if (value.startsWith("[") && unescaped(value)) return `"${value}"`;
  return null;
}

/** The block `yaml` writes for these properties, when they are all of the shapes above; null otherwise. */
export function writeFlatYaml(properties: Record<string, unknown>): string | null {
  let text = "";
  for (const key of Object.keys(properties)) {
    if (!WRITE_KEY.test(key) || AMBIGUOUS.test(key)) return null;
    const value = properties[key];
    if (Array.isArray(value)) {
      if (value.length === 0) return null;
      text += `${key}:\n`;
      for (const item of value) {
        if (typeof item !== "string" || !isPlainWord(item)) return null;
        text += `  - ${item}\n`;
      }
      continue;
    }
    const written = flatValue(value);
    if (written === null) return null;
    text += `${key}: ${written}\n`;
  }
  return text === "" ? null : text;
}

/** `yaml.stringify(properties)`, without the codec when it was seen to write flat blocks exactly as `writeFlatYaml`. */
export function stringifyProperties(properties: Record<string, unknown>, yaml: YamlCodec): string {
  let same = writers.get(yaml);
  if (same === undefined) {
    try {
      same = yaml.stringify(SAMPLE) === writeFlatYaml(SAMPLE);
    } catch {
      same = false;
    }
    writers.set(yaml, same);
  }
  return (same ? writeFlatYaml(properties) : null) ?? yaml.stringify(properties);
}
