// A fast reader for the flat properties blocks the engine writes (a key per line: a number, true/false, null, a quoted
// or a plain word, or a list of those), so loading a run of 300 waypoints afresh (the command line, each call) does not
// run a full YAML parser 300 times. Anything else, or anything YAML dialects might read differently (`yes`, dates,
// `0x1F`, a comment, a duplicate key), is left to the full parser: null.

const KEY = /^([A-Za-z_][A-Za-z0-9_-]*):(?: (.*))?$/;
const ITEM = /^( {2})?- (.*)$/;
const INTEGER = /^-?(?:0|[1-9][0-9]{0,14})$/;
const DECIMAL = /^-?(?:0|[1-9][0-9]{0,14})\.[0-9]{1,15}$/;
/** A plain word no YAML version reads as anything but itself (checked against the words below too). */
const WORD = /^[A-Za-z][A-Za-z0-9 _./-]*$/;
/** A plain value starting with a digit that no YAML version reads as a number or a date: `17-step-number-17`. */
const SLUG = /^[0-9]+(?:-[a-z0-9]+)+$/;
const AMBIGUOUS = /^(?:y|n|yes|no|on|off|true|false|null)$/i;
const DOUBLE = /^"((?:[^"\\]|\\["\\])*)"$/;
const SINGLE = /^'((?:[^']|'')*)'$/;

/** A scalar's value, or undefined when it is not one this reader is sure of. */
function scalar(text: string): unknown {
  if (text === "true") return true;
  if (text === "false") return false;
  if (text === "null" || text === "~") return null;
  if (INTEGER.test(text) || DECIMAL.test(text)) return Number(text);
  const double = DOUBLE.exec(text);
  if (double) return double[1].replace(/\\(["\\])/g, "$1");
  const single = SINGLE.exec(text);
  if (single) return single[1].replace(/''/g, "'");
  if (WORD.test(text) && !text.endsWith(" ") && !text.includes("  ") && !AMBIGUOUS.test(text)) return text;
  if (SLUG.test(text) && /[a-z]/.test(text)) return text;
  return undefined;
}

/** The properties of a flat block, exactly as a YAML parser reads them; null when the block needs the full parser. */
export function parseFlatYaml(block: string): Record<string, unknown> | null {
  const properties: Record<string, unknown> = {};
  const lines = block.split("\n");
  if (lines[lines.length - 1] === "") lines.pop();
  /** The key of a `key:` line with no value: null, or the list of the items on the lines below it. */
  let listKey: string | null = null;
  /** The indent of the list's first item: every item of a list has the same. */
  let indent: string | null = null;
  for (const line of lines) {
    const item = listKey === null ? null : ITEM.exec(line);
    if (item && listKey !== null) {
      const value = scalar(item[2]);
      if (value === undefined || (indent !== null && indent !== (item[1] ?? ""))) return null;
      indent = item[1] ?? "";
      const list = properties[listKey];
      if (Array.isArray(list)) list.push(value);
      else properties[listKey] = [value];
      continue;
    }
    const key = KEY.exec(line);
    if (!key || key[1] === "__proto__" || Object.prototype.hasOwnProperty.call(properties, key[1])) return null;
    listKey = null;
    indent = null;
    if (key[2] === undefined) {
      listKey = key[1];
      properties[key[1]] = null;
      continue;
    }
    const value = scalar(key[2]);
    if (value === undefined) return null;
    properties[key[1]] = value;
  }
  return properties;
}
