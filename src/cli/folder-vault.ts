// VaultPort over a folder on disk, for the command line: the same contract as the Obsidian adapter.
import { mkdir, readdir } from "node:fs/promises";
import { existsSync, readdirSync } from "node:fs";
import { join, posix } from "node:path";
import type { VaultPort, VersionCheck, VersionedText, YamlCodec } from "../core/ports";
import { linkTarget, resolveLinkpath } from "../core/notes/links";
import { joinFrontmatter, splitFrontmatter } from "../core/notes/frontmatter";
import { readFlatYaml, stringifyProperties } from "../core/notes/flat-yaml";
import { clean, VaultFiles } from "./vault-files";
import { KeyedQueue } from "../core/notes/keyed-queue";

const SKIPPED_FOLDERS = new Set([".obsidian", ".trash", ".git", "node_modules"]);

export class FolderVault implements VaultPort {
  /** Per-path queues so that read-modify-write cycles in this process never interleave. */
  private readonly locks = new KeyedQueue();
  private fileIndex: string[] | null = null;
  private readonly files: VaultFiles;

  constructor(
    readonly root: string,
    private readonly yaml: YamlCodec,
  ) {
    this.files = new VaultFiles(root);
  }

  read(path: string): Promise<string | null> {
    return this.files.read(path);
  }

  /** The note with its file's version: the engine uses it again while the file is unchanged (`versionCheck`). */
  readVersion(path: string): Promise<VersionedText> {
    return this.files.readVersion(path);
  }

  versionCheck(): VersionCheck {
    return this.files.versionCheck();
  }

  exists(path: string): Promise<boolean> {
    const rel = clean(path);
    return Promise.resolve(this.files.inside(rel) && existsSync(join(this.root, rel)));
  }

  /** Written to a temporary file first and hard-linked into place, so a process killed mid-write never leaves half a note. */
  async create(path: string, content: string): Promise<void> {
    if (!(await this.files.createWhole(path, content))) throw new Error(`A note already exists at "${clean(path)}".`);
    this.fileIndex = null;
  }

  process(path: string, fn: (current: string) => string): Promise<string> {
    return this.locked(path, async () => {
      const current = await this.read(path);
      if (current === null) throw new Error(`No note at "${clean(path)}".`);
      const next = fn(current);
      if (next !== current) await this.files.replaceWhole(path, next);
      return next;
    });
  }

  /** Appended in place: a log line is small, and a process killed mid-append leaves at worst half of that line. */
  append(path: string, text: string): Promise<void> {
    return this.locked(path, async () => {
      // Looked up, not read: a run's log note grows with the run, and an append should not cost its length.
      if (!(await this.exists(path))) throw new Error(`No note at "${clean(path)}".`);
      await this.files.append(path, text);
    });
  }

  async processFrontMatter(path: string, fn: (frontmatter: Record<string, unknown>) => void): Promise<void> {
    await this.process(path, (text) => {
      const { yaml, body } = splitFrontmatter(text);
      // The flat blocks the engine writes are read without the full parser (exactly as it would read them).
      const parsed = yaml === null ? {} : (readFlatYaml(yaml, this.yaml) ?? this.yaml.parse(yaml));
      const properties: Record<string, unknown> = isRecord(parsed) ? { ...parsed } : {};
      fn(properties);
      return joinFrontmatter(Object.keys(properties).length ? stringifyProperties(properties, this.yaml) : "", body);
    });
  }

  async list(folder: string): Promise<string[]> {
    const base = clean(folder);
    const out: string[] = [];
    const entered = new Set<string>();
    const walk = async (rel: string): Promise<void> => {
      let entries;
      try {
        entries = await readdir(this.abs(rel), { withFileTypes: true });
      } catch (error) {
        if (isMissing(error)) return;
        throw error;
      }
      for (const entry of entries) {
        const child = rel ? `${rel}/${entry.name}` : entry.name;
        const kind = this.files.entryKind(child, entry, entered);
        if (kind === "folder") {
          if (!SKIPPED_FOLDERS.has(entry.name)) await walk(child);
        } else if (kind === "file" && entry.name.endsWith(".md")) {
          out.push(child);
        } else if (kind === "file") {
          await this.files.sweepTemp(child);
        }
      }
    };
    await walk(base);
    return out.sort(comparePaths);
  }

  async ensureFolder(path: string): Promise<void> {
    await mkdir(this.abs(path), { recursive: true });
  }

  link(targetPath: string, _sourcePath: string, alias?: string): string {
    const target = clean(targetPath).replace(/\.md$/i, "");
    const base = posix.basename(target);
    const linkText = this.isUniqueBasename(base) ? base : target;
    return alias && alias !== linkText ? `[[${linkText}|${alias}]]` : `[[${linkText}]]`;
  }

  resolveLink(linkText: string, sourcePath: string): string | null {
    // A note whose real location is outside the vault (a symlink out) is not there for links.
    const index = { has: (path: string) => this.files.inside(path) && existsSync(join(this.root, path)), paths: () => this.allFiles() };
    return resolveLinkpath(linkTarget(linkText), clean(sourcePath), index);
  }

  private isUniqueBasename(base: string): boolean {
    const wanted = `${base}.md`.toLowerCase();
    return this.allFiles().filter((p) => posix.basename(p).toLowerCase() === wanted).length <= 1;
  }

  /** A synchronous index for link resolution; dropped whenever a note is created. */
  private allFiles(): string[] {
    if (this.fileIndex) return this.fileIndex;
    const out: string[] = [];
    const entered = new Set<string>();
    const walk = (rel: string): void => {
      for (const entry of readdirSync(this.abs(rel), { withFileTypes: true })) {
        const child = rel ? `${rel}/${entry.name}` : entry.name;
        const kind = this.files.entryKind(child, entry, entered);
        if (kind === "folder") {
          if (!SKIPPED_FOLDERS.has(entry.name)) walk(child);
        } else if (kind === "file" && entry.name.endsWith(".md")) out.push(child);
      }
    };
    if (existsSync(this.root)) walk("");
    this.fileIndex = out.sort(comparePaths);
    return this.fileIndex;
  }

  private locked<T>(path: string, work: () => Promise<T>): Promise<T> {
    return this.locks.run(clean(path), work);
  }

  private abs(path: string): string {
    return this.files.abs(path);
  }
}

function comparePaths(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function isMissing(error: unknown): boolean {
  return (error as NodeJS.ErrnoException | undefined)?.code === "ENOENT";
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
