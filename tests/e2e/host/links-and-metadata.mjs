// The person's link preferences as the app applies them, and a metadata cache that indexes a write later, not in its tick.
import { FileManager, MetadataCache } from "obsidian-test-mocks/obsidian";

/** Settings → Files and links, as a person who prefers Markdown links set them. */
export const LINK_SETTINGS = { useMarkdownLinks: true, newLinkFormat: "relative" };

/** How long the app's indexer takes to parse a written note before 'changed' fires (a worker in the app). */
export const INDEX_DELAY_MS = 60;

function relativePath(from, to) {
  const fromParts = from.split("/").slice(0, -1);
  const toParts = to.split("/");
  let same = 0;
  while (same < fromParts.length && same < toParts.length - 1 && fromParts[same] === toParts[same]) same++;
  return [...fromParts.slice(same).map(() => ".."), ...toParts.slice(same)].join("/");
}

/**
 * obsidian.d.ts, FileManager.generateMarkdownLink: "Generate a Markdown link based on the user's preferences."
 * "Use [[Wikilinks]]" off gives `[text](path%20encoded.md)`; "New link format" relative gives the path from the
 * linking note's folder.
 */
export function installLinkSettings(app, settings = LINK_SETTINGS) {
  for (const [key, value] of Object.entries(settings)) app.vault.setConfig__(key, value);
  FileManager.prototype.generateMarkdownLink = function generateMarkdownLink(file, sourcePath, subpath = "", alias) {
    const markdown = app.vault.getConfig__("useMarkdownLinks") === true;
    const format = app.vault.getConfig__("newLinkFormat") ?? "shortest";
    const unique = app.vault.getMarkdownFiles().filter((f) => f.basename === file.basename).length === 1;
    if (!markdown) {
      const linkpath = format === "relative" ? relativePath(sourcePath, file.path).replace(/\.md$/, "") : format === "absolute" || !unique ? file.path.replace(/\.md$/, "") : file.basename;
      return alias ? `[[${linkpath}${subpath}|${alias}]]` : `[[${linkpath}${subpath}]]`;
    }
    const path = format === "relative" ? relativePath(sourcePath, file.path) : format === "absolute" || !unique ? file.path : file.name;
    return `[${alias || file.basename}](${encodeURI(path)}${subpath})`;
  };
}

/**
 * obsidian.d.ts, MetadataCache 'changed': "Called when a file has been indexed, and its (updated) cache is now
 * available" — the app indexes in a worker, so a note's cache (frontmatter included) is stale right after a write.
 * The notes the vault starts with are indexed before the plugin loads, as the app's are.
 */
export function installLateIndexing() {
  const parse = MetadataCache.prototype.parseFileMetadata;
  const pending = new WeakMap();
  MetadataCache.prototype.parseFileMetadata = function parseFileMetadata(file) {
    let timers = pending.get(this);
    if (!timers) pending.set(this, (timers = new Map()));
    clearTimeout(timers.get(file.path));
    timers.set(
      file.path,
      setTimeout(() => {
        timers.delete(file.path);
        parse.call(this, file);
      }, INDEX_DELAY_MS),
    );
  };
}
