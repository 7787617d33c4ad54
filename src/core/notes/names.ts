// Note and folder names: one function reads a note's name from its path, one makes a safe name from any title.

/** The note's name as Obsidian shows it: the file name without folder or `.md`. */
export function noteName(path: string): string {
  return path.slice(path.lastIndexOf("/") + 1).replace(/\.md$/i, "");
}

/** The folder a path is in; "" for the vault root. */
export function folderOf(path: string): string {
  const slash = path.lastIndexOf("/");
  return slash === -1 ? "" : path.slice(0, slash);
}

export function joinPath(folder: string, name: string): string {
  const parent = folder.replace(/^\/+|\/+$/g, "");
  return parent ? `${parent}/${name}` : name;
}

/**
 * Characters a note name may not hold: path separators and what file systems refuse (`* ? " < > :`), and what
 * breaks an Obsidian link to the note (`# ^ [ ] |`: heading, block, link and alias syntax).
 */
const FORBIDDEN = /[/\\:*?"<>|#^[\]]/g;

/** Names Windows reserves for devices, with or without an extension: a vault synced there could not hold them. */
const RESERVED_NAMES = /^(con|prn|aux|nul|com[1-9]|lpt[1-9])(\..*)?$/i;

/** File systems count a name's bytes (255 on most), not its characters; names stay well inside that. */
export const MAX_NAME_BYTES = 200;

/** Bytes of `text` in UTF-8, the encoding file systems store names in. */
export function utf8Length(text: string): number {
  let bytes = 0;
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0;
    bytes += code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4;
  }
  return bytes;
}

/** The longest start of `text` within `maxChars` code points and `maxBytes` UTF-8 bytes, never splitting a character. */
function boundedPrefix(text: string, maxChars: number, maxBytes: number): string {
  let out = "";
  let chars = 0;
  let bytes = 0;
  for (const char of text) {
    const size = utf8Length(char);
    if (chars + 1 > maxChars || bytes + size > maxBytes) break;
    out += char;
    chars += 1;
    bytes += size;
  }
  return out;
}

/**
 * A name that is valid in every vault and file system and that Obsidian can link to, made from any title:
 * forbidden and control characters become spaces, runs of spaces collapse, leading dots and trailing dots and
 * spaces go, the length is bounded in characters and in bytes on a character boundary, and a reserved device name
 * gets a trailing `_`. Never empty. Uniqueness is the caller's (the names sit in folders it owns).
 */
export function safeNoteName(title: string, maxChars = 100, maxBytes = MAX_NAME_BYTES): string {
  const cleaned = title
    .normalize("NFC")
    .replace(FORBIDDEN, " ")
    // Control characters are invisible and refused by some file systems; bidi overrides disguise names.
    .replace(/\p{Cc}|[\u202A-\u202E\u2066-\u2069]/gu, " ")
    .replace(/\s+/g, " ")
    .trim()
    .replace(/^\.+/, "");
  const bounded = boundedPrefix(cleaned, maxChars, maxBytes).replace(/[. ]+$/, "") || "Untitled";
  return RESERVED_NAMES.test(bounded) ? `${bounded}_` : bounded;
}
