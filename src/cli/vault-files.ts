// Files under the vault folder for the command line: paths that cannot leave the vault (by `..` or by a symlink),
// and whole-file writes (create by hard link, replace by rename) so a process killed mid-write never leaves half a
// file. The folder vault and the run lock files both write through it.
import { appendFile, link, mkdir, rename, unlink, writeFile } from "node:fs/promises";
import { readFileSync, realpathSync, statSync, type Dirent } from "node:fs";
import { dirname, join, sep } from "node:path";
import process from "node:process";

/** Vault paths: forward slashes, no leading "./" or "/", no doubled separators. */
export function clean(path: string): string {
  return path
    .replace(/\\/g, "/")
    .split("/")
    .filter((part) => part !== "" && part !== ".")
    .join("/");
}

let tempCounter = 0;

/** `<note>.<pid>.<counter>.tmp`, as `tempPath` names them. */
const TEMP_NAME = /\.(\d+)\.\d+\.tmp$/;

/** Whether a process with this pid runs on this machine (a pid we may not signal is running). */
export function isRunning(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code !== "ESRCH";
  }
}

/** A name no other write of this process (or another process) uses at the same moment. */
function tempPath(target: string): string {
  tempCounter += 1;
  return `${target}.${process.pid}.${tempCounter}.tmp`;
}

/** Where `path` really is, symlinks followed (the system's own resolution, one call); null when it cannot be reached. */
function realPath(path: string): string | null {
  try {
    return realpathSync.native(path);
  } catch {
    return null;
  }
}

export class VaultFiles {
  private realRoot: string | null = null;

  constructor(readonly root: string) {}

  /**
   * The absolute path of a vault path, refused when it leaves the vault: by `..`, or through a symlink whose real
   * location is outside the vault folder (reading a symlinked folder that stays inside the vault is fine).
   */
  abs(path: string): string {
    const rel = clean(path);
    if (rel.split("/").includes("..") || !this.inside(rel)) throw new Error(`The path "${path}" leaves the vault folder.`);
    return join(this.root, rel);
  }

  /** Whether the nearest existing part of `rel` really lies inside the vault folder, symlinks followed. */
  inside(rel: string): boolean {
    if (rel.split("/").includes("..")) return false;
    let probe = join(this.root, rel);
    // One system call for a path that exists (a note being read); the nearest existing folder for one that does not.
    let real = realPath(probe);
    while (real === null) {
      const parent = dirname(probe);
      if (parent === probe) return true;
      probe = parent;
      real = realPath(probe);
    }
    const root = this.realRootPath();
    return real === root || real.startsWith(root + sep);
  }

  /**
   * What a folder entry is for a walk of the vault: a folder to enter, a file, or null to leave out (a symlink whose
   * real location is outside the vault, a broken symlink, or a symlinked folder already entered: no loops).
   */
  entryKind(rel: string, entry: Dirent, entered: Set<string>): "folder" | "file" | null {
    if (!entry.isSymbolicLink()) return entry.isDirectory() ? "folder" : entry.isFile() ? "file" : null;
    if (!this.inside(rel)) return null;
    try {
      const absolute = join(this.root, rel);
      if (!statSync(absolute).isDirectory()) return "file";
      const real = realpathSync(absolute);
      if (entered.has(real)) return null;
      entered.add(real);
      return "folder";
    } catch {
      return null;
    }
  }

  /** Read at once rather than through the thread pool: a run's notes are small, and a gate reads every one. */
  read(path: string): Promise<string | null> {
    try {
      return Promise.resolve(readFileSync(this.abs(path), "utf8"));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return Promise.resolve(null);
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
  }

  /** Writes the whole file under a private name, then hard-links it into place: false when a file is already there. */
  async createWhole(path: string, content: string): Promise<boolean> {
    const target = this.abs(path);
    await mkdir(dirname(target), { recursive: true });
    const temp = tempPath(target);
    await writeFile(temp, content, "utf8");
    try {
      await link(temp, target);
      return true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "EEXIST") return false;
      throw error;
    } finally {
      await unlink(temp).catch(() => undefined);
    }
  }

  /** Writes the whole file under a private name, then renames it over the old one: readers see old or new, never half. */
  async replaceWhole(path: string, content: string): Promise<void> {
    const target = this.abs(path);
    const temp = tempPath(target);
    await writeFile(temp, content, "utf8");
    try {
      await rename(temp, target);
    } catch (error) {
      await unlink(temp).catch(() => undefined);
      throw error;
    }
  }

  /** Adds text at the end of the file in place. */
  async append(path: string, text: string): Promise<void> {
    await appendFile(this.abs(path), text, "utf8");
  }

  /**
   * Deletes `rel` when it is a whole-file write's temporary file left by a process that no longer runs (killed between
   * writing it and moving it into place); anything else, or a write still in progress, is left alone.
   */
  async sweepTemp(rel: string): Promise<void> {
    const match = TEMP_NAME.exec(rel);
    if (!match || isRunning(Number(match[1]))) return;
    await unlink(join(this.root, clean(rel))).catch(() => undefined);
  }

  async remove(path: string): Promise<void> {
    await unlink(this.abs(path)).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== "ENOENT") throw error;
    });
  }

  private realRootPath(): string {
    this.realRoot ??= realPath(this.root) ?? this.root;
    return this.realRoot;
  }
}
