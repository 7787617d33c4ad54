// The core's VaultPort over Obsidian's vault, file manager and metadata cache, so the engine runs inside the app.
import { TFile, TFolder, normalizePath } from "obsidian";
import type { App, FileManager, MetadataCache, Vault } from "obsidian";
import type { VaultPort } from "../../core/ports";
import { linkTarget, normalizeVaultPath } from "../../core/notes/links";
import { openEditorOf } from "./open-views";
import type { OpenEditor } from "./open-views";
import { KeyedQueue } from "../../core/notes/keyed-queue";

/** Obsidian normalizes the vault root to "/"; the port spells it "". */
function cleanPath(path: string): string {
  const normalized = normalizePath(path);
  return normalized === "/" ? "" : normalized;
}

function parentOf(path: string): string {
  const slash = path.lastIndexOf("/");
  return slash === -1 ? "" : path.slice(0, slash);
}

/** The link text inside `[[…]]` or the destination of `[…](…)`, as resolveLink expects it. */
function linkTextOf(link: string): string {
  if (link.startsWith("[[") && link.endsWith("]]")) return link.slice(2, -2);
  const open = link.lastIndexOf("](");
  if (open !== -1 && link.endsWith(")")) {
    const destination = link.slice(open + 2, -1).trim();
    if (destination.startsWith("<") && destination.endsWith(">")) return destination.slice(1, -1);
    // The app writes spaces and other characters percent-encoded (`Note%20name.md`); the link text is the decoded path.
    try {
      return decodeURI(destination);
    } catch {
      return destination;
    }
  }
  return link;
}

export class ObsidianVault implements VaultPort {
  /** Per-path queues: edits to one note from this plugin never interleave, whatever the app guarantees. */
  private readonly queues = new KeyedQueue();

  constructor(
    private readonly vault: Vault,
    private readonly fileManager: FileManager,
    private readonly metadataCache: MetadataCache,
    /** The note's open editor, if any: writes go through it so the person's unsaved typing is neither lost nor overwritten. */
    private readonly editorOf: (path: string) => OpenEditor | null = () => null,
  ) {}

  static fromApp(app: App): ObsidianVault {
    return new ObsidianVault(app.vault, app.fileManager, app.metadataCache, (path) => openEditorOf(app, path));
  }

  async read(path: string): Promise<string | null> {
    const file = this.vault.getAbstractFileByPath(cleanPath(path));
    return file instanceof TFile ? this.vault.read(file) : null;
  }

  exists(path: string): Promise<boolean> {
    const clean = cleanPath(path);
    return Promise.resolve(clean === "" || this.vault.getAbstractFileByPath(clean) !== null);
  }

  create(path: string, content: string): Promise<void> {
    const clean = cleanPath(path);
    return this.queued(clean, async () => {
      if (clean === "") throw new Error("Cannot create a note without a name.");
      if (this.vault.getAbstractFileByPath(clean) !== null) throw new Error(`A note already exists at "${clean}".`);
      await this.ensureFolder(parentOf(clean));
      await this.vault.create(clean, content);
    });
  }

  /**
   * A note open in an editor is changed through the editor (what the person sees, unsaved typing included, is what
   * `fn` gets; only the changed span is replaced), then saved; a note not open goes through Vault.process.
   */
  process(path: string, fn: (current: string) => string): Promise<string> {
    return this.queued(path, async () => {
      const file = this.existingNote(path);
      const editor = this.editorOf(file.path);
      if (!editor) return this.vault.process(file, fn);
      const before = editor.text();
      const after = fn(before);
      if (after !== before) {
        const { from, to, insert } = changedSpan(before, after);
        editor.replace(from, to, insert);
      }
      await editor.save();
      return after;
    });
  }

  /** A note open in an editor gets the text at its end through the editor (the person's typing stays); else Vault.append. */
  append(path: string, text: string): Promise<void> {
    return this.queued(path, async () => {
      const file = this.existingNote(path);
      const editor = this.editorOf(file.path);
      if (!editor) return this.vault.append(file, text);
      const end = editor.text().length;
      editor.replace(end, end, text);
      await editor.save();
    });
  }

  /** The open editor's unsaved typing reaches the disk first, so the app's rewrite of the properties starts from it. */
  processFrontMatter(path: string, fn: (frontmatter: Record<string, unknown>) => void): Promise<void> {
    return this.queued(path, async () => {
      const file = this.existingNote(path);
      await this.editorOf(file.path)?.save();
      await this.fileManager.processFrontMatter(file, fn);
    });
  }

  /** The folder's notes, walked from the folder (a gate lists its run's folder twice, and a vault may hold tens of thousands of notes). */
  list(folder: string): Promise<string[]> {
    const clean = cleanPath(folder);
    if (clean === "") return Promise.resolve(this.vault.getMarkdownFiles().map((file) => file.path).sort(comparePaths));
    const paths: string[] = [];
    const walk = (at: TFolder): void => {
      for (const child of at.children) {
        if (child instanceof TFolder) walk(child);
        else if (child instanceof TFile && child.extension === "md") paths.push(child.path);
      }
    };
    const start = this.vault.getAbstractFileByPath(clean);
    if (start instanceof TFolder) walk(start);
    return Promise.resolve(paths.sort(comparePaths));
  }

  async ensureFolder(path: string): Promise<void> {
    const clean = cleanPath(path);
    if (clean === "") return;
    let current = "";
    // One segment at a time: the app does not promise to create missing parents.
    for (const segment of clean.split("/")) {
      current = current === "" ? segment : `${current}/${segment}`;
      const existing = this.vault.getAbstractFileByPath(current);
      if (existing instanceof TFolder) continue;
      if (existing !== null) throw new Error(`Cannot create folder "${current}": a file has that name.`);
      try {
        await this.vault.createFolder(current);
      } catch (error) {
        // Another writer may have made it meanwhile; only a still-missing folder is a failure.
        if (!(this.vault.getAbstractFileByPath(current) instanceof TFolder)) throw error;
      }
    }
  }

  link(targetPath: string, sourcePath: string, alias?: string): string {
    const target = cleanPath(targetPath);
    const file = this.vault.getAbstractFileByPath(target);
    if (file instanceof TFile) {
      const generated = this.fileManager.generateMarkdownLink(file, cleanPath(sourcePath), undefined, alias);
      // Trust the app's link only if it leads back to the target; otherwise the full path cannot be ambiguous.
      if (this.resolveLink(linkTextOf(generated), sourcePath) === target) return generated;
    }
    const linkpath = target.endsWith(".md") ? target.slice(0, -3) : target;
    return alias ? `[[${linkpath}|${alias}]]` : `[[${linkpath}]]`;
  }

  resolveLink(linkText: string, sourcePath: string): string | null {
    const source = cleanPath(sourcePath);
    let linkpath = linkTarget(linkText);
    if (linkpath === "") return null;
    // `./` and `../` are relative to the source note's folder; nothing above the vault root resolves.
    if (/^\.\.?\//.test(linkpath)) {
      const resolved = normalizeVaultPath(`${parentOf(source)}/${linkpath}`);
      if (!resolved) return null;
      linkpath = resolved;
    }
    return this.metadataCache.getFirstLinkpathDest(linkpath, source)?.path ?? null;
  }

  private queued<T>(path: string, work: () => Promise<T>): Promise<T> {
    return this.queues.run(cleanPath(path), work);
  }

  private existingNote(path: string): TFile {
    const clean = cleanPath(path);
    const file = this.vault.getAbstractFileByPath(clean);
    if (!(file instanceof TFile)) throw new Error(`No note at "${clean}".`);
    return file;
  }
}

/** Plain code-unit order, the same on every platform and in the folder adapter. */
function comparePaths(a: string, b: string): number {
  if (a < b) return -1;
  return a > b ? 1 : 0;
}

/** The one span that differs between two texts: the common start and end are left alone. */
function changedSpan(before: string, after: string): { from: number; to: number; insert: string } {
  let from = 0;
  while (from < before.length && from < after.length && before[from] === after[from]) from++;
  let end = 0;
  while (end < before.length - from && end < after.length - from && before[before.length - 1 - end] === after[after.length - 1 - end]) end++;
  return { from, to: before.length - end, insert: after.slice(from, after.length - end) };
}
