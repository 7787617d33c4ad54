// Links as Obsidian reads and resolves them: wikilinks and Markdown links, relative and absolute, with and
// without `.md`, with heading and block suffixes. The one place link syntax is understood; both hosts resolve
// through `resolveLinkpath` (the command line on disk, the tests in memory) or Obsidian's own metadata cache.

export interface LinkRef {
  /** The path part as written, decoded: `Roles/Analyst`, `../Roles/Analyst.md`, `Analyst`; "" for a link to the note itself. */
  path: string;
  /** `#Heading` or `#^block`, or "". */
  subpath: string;
  /** The wikilink alias or the Markdown link's text; null when none. */
  display: string | null;
  kind: "wikilink" | "markdown";
  embed: boolean;
}

const WIKILINK = /^(!?)\[\[([^\]]*)\]\]$/;
const MARKDOWN_LINK = /^(!?)\[([^\]]*)\]\((.*)\)$/;
/** A URL with a scheme (`https:`, `obsidian:`, `mailto:`) is not a note in the vault. */
const EXTERNAL = /^[a-z][a-z0-9+.-]*:/i;

function safeDecode(text: string): string {
  if (!text.includes("%")) return text;
  try {
    return decodeURIComponent(text);
  } catch {
    return text; // A literal % in a name, not an encoded link.
  }
}

function splitSubpath(target: string): { path: string; subpath: string } {
  const hash = target.indexOf("#");
  return hash === -1 ? { path: target.trim(), subpath: "" } : { path: target.slice(0, hash).trim(), subpath: target.slice(hash).trim() };
}

function wikilink(inner: string, embed: boolean): LinkRef {
  const pipe = inner.indexOf("|");
  const target = pipe === -1 ? inner : inner.slice(0, pipe);
  const display = pipe === -1 ? null : inner.slice(pipe + 1).trim();
  return { ...splitSubpath(target), display, kind: "wikilink", embed };
}

function markdownLink(text: string, destination: string, embed: boolean): LinkRef | null {
  let dest = destination.trim();
  if (dest.startsWith("<")) {
    const close = dest.indexOf(">");
    dest = close === -1 ? dest.slice(1) : dest.slice(1, close);
  } else {
    // `[a](Note.md "title")`: a destination without angle brackets ends at the first space.
    const space = dest.search(/\s/);
    if (space !== -1) dest = dest.slice(0, space);
  }
  if (EXTERNAL.test(dest)) return null;
  const { path, subpath } = splitSubpath(dest);
  return { path: safeDecode(path), subpath: safeDecode(subpath), display: text, kind: "markdown", embed };
}

/**
 * The link in a property or field value: `[[Note]]`, `[[Folder/Note#Heading|alias]]`, `![[Note]]`,
 * `[text](../Folder/Note%20name.md)`, `[text](<Folder/Note name.md>)`. YAML reads an unquoted `[[Note]]` as a
 * nested list, so `[["Note"]]` counts too. Null when the value is not a link (plain text, a URL, empty).
 */
export function parseLink(value: unknown): LinkRef | null {
  let v = value;
  while (Array.isArray(v) && v.length === 1) v = v[0];
  if (Array.isArray(v) && v.length === 0) return null;
  if (Array.isArray(v) || typeof v !== "string") return null;
  const text = v.trim();
  if (Array.isArray(value) && !text.startsWith("[[")) return wikilink(text, false);
  const wiki = WIKILINK.exec(text);
  if (wiki) return wikilink(wiki[2], wiki[1] === "!");
  const markdown = MARKDOWN_LINK.exec(text);
  return markdown ? markdownLink(markdown[2], markdown[3], markdown[1] === "!") : null;
}

/**
 * The path to resolve from a link property or field: the link's path when the value is a link, else the value
 * itself as a note name (`project: Acme` names the note Acme). "" when there is nothing to resolve.
 */
export function linkTarget(value: unknown): string {
  const link = parseLink(value);
  if (link) return link.path;
  if (typeof value !== "string") return "";
  const text = value.trim();
  if (MARKDOWN_LINK.test(text)) return ""; // A Markdown link to a URL.
  return EXTERNAL.test(text) ? "" : splitSubpath(text.replace(/\|.*$/, "")).path;
}

/**
 * A link for a property: always `[[…]]`, because Obsidian treats only wikilinks in properties as links (a Markdown
 * link there is plain text to backlinks, the graph, Bases and Dataview). The vault's own form is kept when it is a
 * wikilink; otherwise the full path, which cannot be ambiguous.
 */
export function propertyLink(vault: { link(targetPath: string, sourcePath: string, alias?: string): string }, targetPath: string, sourcePath: string, alias?: string): string {
  const link = vault.link(targetPath, sourcePath, alias);
  if (link.startsWith("[[")) return link;
  const linkpath = targetPath.endsWith(".md") ? targetPath.slice(0, -3) : targetPath;
  return alias ? `[[${linkpath}|${alias}]]` : `[[${linkpath}]]`;
}

/** Every link in Markdown text, in order: wikilinks, embeds and Markdown links to vault notes (URLs left out). */
export function linksIn(text: string): LinkRef[] {
  const out: LinkRef[] = [];
  const pattern = /(!?)\[\[([^\]\n]*)\]\]|(!?)\[([^\]\n]*)\]\((<[^>\n]*>|[^)\s]*)(?:\s+"[^"\n]*")?\)/g;
  for (let match = pattern.exec(text); match; match = pattern.exec(text)) {
    const link = match[2] !== undefined ? wikilink(match[2], match[1] === "!") : markdownLink(match[4], match[5], match[3] === "!");
    if (link && link.path !== "") out.push(link);
  }
  return out;
}

/** The files a resolver may choose from: whether a vault path exists, and every path (for name-only links). */
export interface LinkIndex {
  has(path: string): boolean;
  paths(): readonly string[];
}

/** `a/./b/../c` → `a/c`; null when `..` climbs above the vault root (nothing outside the vault resolves). */
export function normalizeVaultPath(path: string): string | null {
  const out: string[] = [];
  for (const part of path.replace(/\\/g, "/").split("/")) {
    if (part === "" || part === ".") continue;
    if (part === "..") {
      if (out.length === 0) return null;
      out.pop();
    } else out.push(part);
  }
  return out.join("/");
}

function dirOf(path: string): string {
  const slash = path.lastIndexOf("/");
  return slash === -1 ? "" : path.slice(0, slash);
}

/**
 * Resolves a link's path from the note at `sourcePath` the way Obsidian's `getFirstLinkpathDest` does:
 * `./` and `../` paths relative to the source note's folder only; other paths relative to the source's folder
 * first, then from the vault root, then any note whose path ends with it (the one nearest the source first, then the
 * shortest path), case-insensitively; `.md` may be left off. Null when nothing matches, the path is empty
 * or it leaves the vault.
 */
export function resolveLinkpath(linkpath: string, sourcePath: string, index: LinkIndex): string | null {
  const raw = linkpath.trim();
  if (raw === "") return null; // "no link": callers pass "" for a property that holds none.
  const sourceDir = dirOf(sourcePath);
  const relativeOnly = /^\.\.?\//.test(raw);
  const candidates: (string | null)[] = relativeOnly
    ? [normalizeVaultPath(`${sourceDir}/${raw}`)]
    : [sourceDir ? normalizeVaultPath(`${sourceDir}/${raw}`) : null, normalizeVaultPath(raw)];
  for (const candidate of candidates) {
    if (candidate === null || candidate === "") continue;
    for (const path of [candidate, `${candidate}.md`]) if (index.has(path)) return path;
  }
  if (relativeOnly) return null;
  const wanted = normalizeVaultPath(raw);
  if (!wanted) return null;
  const suffixes = [wanted.toLowerCase(), `${wanted.toLowerCase()}.md`];
  const matches = index.paths().filter((path) => {
    const lower = path.toLowerCase();
    return suffixes.some((suffix) => lower === suffix || lower.endsWith(`/${suffix}`));
  });
  if (matches.length === 0) return null;
  return matches.sort((a, b) => rank(a, sourceDir) - rank(b, sourceDir) || a.length - b.length || (a < b ? -1 : a > b ? 1 : 0))[0];
}

/** 0 for a note in the source's own folder, 1 elsewhere. */
function rank(path: string, sourceDir: string): number {
  return dirOf(path) === sourceDir ? 0 : 1;
}

/**
 * The link paths in a field or property (`context::`, `sources::`, `role::`): its links (`[[A]], [[B|b]]`,
 * Markdown links, a YAML list of them), or else its comma-separated note names.
 */
export function linkPathsIn(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap((item) => (Array.isArray(item) ? [linkTarget(item)].filter(Boolean) : linkPathsIn(item)));
  if (typeof value !== "string") return [];
  const links = linksIn(value);
  if (links.length > 0) return links.map((link) => link.path);
  return value
    .split(",")
    .map((part) => linkTarget(part.trim()))
    .filter((part) => part !== "");
}
