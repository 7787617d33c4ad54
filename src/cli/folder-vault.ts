// VaultPort over a folder on disk, for the command line: the same contract as the Obsidian adapter.
import { link, mkdir, readFile, readdir, rename, unlink, writeFile } from "node:fs/promises";
import { existsSync, readdirSync } from "node:fs";
import { dirname, join, posix } from "node:path";
import type { VaultPort, YamlCodec } from "../core/ports";
import { linkTarget, resolveLinkpath } from "../core/notes/links";
import { joinFrontmatter, splitFrontmatter } from "../core/notes/frontmatter";

const SKIPPED_FOLDERS = new Set([".obsidian", ".trash", ".git", "node_modules"]);

export class FolderVault implements VaultPort {
  /** Per-path queues so that read-modify-write cycles in this process never interleave. */
  private readonly locks = new Map<string, Promise<unknown>>();
  private fileIndex: string[] | null = null;

  constructor(
    readonly root: string,
    private readonly yaml: YamlCodec,
  ) {}

  async read(path: string): Promise<string | null> {
    try {
      return await readFile(this.abs(path), "utf8");
    } catch (error) {
      if (isMissing(error)) return null;
      throw error;
    }
  }

  exists(path: string): Promise<boolean> {
    return Promise.resolve(existsSync(this.abs(path)));
  }

  /** Written to a temporary file first and hard-linked into place, so a process killed mid-write never leaves half a note. */
  async create(path: string, content: string): Promise<void> {
    const target = this.abs(path);
    await mkdir(dirname(target), { recursive: true });
    const temp = tempPath(target);
    await writeFile(temp, content, "utf8");
    try {
      await link(temp, target);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "EEXIST") throw new Error(`A note already exists at "${clean(path)}".`);
      throw error;
    } finally {
      await unlink(temp).catch(() => undefined);
    }
    this.fileIndex = null;
  }

  process(path: string, fn: (current: string) => string): Promise<string> {
    return this.locked(path, async () => {
      const current = await this.read(path);
      if (current === null) throw new Error(`No note at "${clean(path)}".`);
      const next = fn(current);
      if (next !== current) await this.writeAtomic(path, next);
      return next;
    });
  }

  async processFrontMatter(path: string, fn: (frontmatter: Record<string, unknown>) => void): Promise<void> {
    await this.process(path, (text) => {
      const { yaml, body } = splitFrontmatter(text);
      const parsed = yaml === null ? {} : this.yaml.parse(yaml);
      const properties: Record<string, unknown> = isRecord(parsed) ? { ...parsed } : {};
      fn(properties);
      return joinFrontmatter(Object.keys(properties).length ? this.yaml.stringify(properties) : "", body);
    });
  }

  async list(folder: string): Promise<string[]> {
    const base = clean(folder);
    const out: string[] = [];
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
        if (entry.isDirectory()) {
          if (!SKIPPED_FOLDERS.has(entry.name)) await walk(child);
        } else if (entry.name.endsWith(".md")) {
          out.push(child);
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
    const index = { has: (path: string) => existsSync(this.abs(path)), paths: () => this.allFiles() };
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
    const walk = (rel: string): void => {
      for (const entry of readdirSync(this.abs(rel), { withFileTypes: true })) {
        const child = rel ? `${rel}/${entry.name}` : entry.name;
        if (entry.isDirectory()) {
          if (!SKIPPED_FOLDERS.has(entry.name)) walk(child);
        } else if (entry.name.endsWith(".md")) out.push(child);
      }
    };
    if (existsSync(this.root)) walk("");
    this.fileIndex = out.sort(comparePaths);
    return this.fileIndex;
  }

  private async writeAtomic(path: string, content: string): Promise<void> {
    const target = this.abs(path);
    const temp = tempPath(target);
    await writeFile(temp, content, "utf8");
    await rename(temp, target);
  }

  private locked<T>(path: string, work: () => Promise<T>): Promise<T> {
    const key = clean(path);
    const previous = this.locks.get(key) ?? Promise.resolve();
    const next = previous.then(work, work);
    const settled = next.catch(() => undefined);
    this.locks.set(key, settled);
    void settled.then(() => {
      if (this.locks.get(key) === settled) this.locks.delete(key);
    });
    return next;
  }

  private abs(path: string): string {
    const rel = clean(path);
    if (rel.split("/").includes("..")) throw new Error(`The path "${path}" leaves the vault folder.`);
    return join(this.root, rel);
  }
}

let tempCounter = 0;

/** A name no other write of this process (or another process) uses at the same moment. */
function tempPath(target: string): string {
  tempCounter += 1;
  return `${target}.${process.pid}.${tempCounter}.tmp`;
}

/** Vault paths: forward slashes, no leading "./" or "/", no doubled separators. */
export function clean(path: string): string {
  return path
    .replace(/\\/g, "/")
    .split("/")
    .filter((part) => part !== "" && part !== ".")
    .join("/");
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
