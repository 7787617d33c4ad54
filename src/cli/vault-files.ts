// Files under the vault folder for the command line: paths that cannot leave the vault (by `..` or by a symlink),
// and whole-file writes (create by hard link, replace by rename) so a process killed mid-write never leaves half a
// file. The folder vault and the run lock files both write through it.
import { appendFile, link, mkdir, rename, unlink, writeFile } from "node:fs/promises";
import { closeSync, fstatSync, lstatSync, openSync, readFileSync, realpathSync, statSync, type BigIntStats, type Dirent } from "node:fs";
import { dirname, join, sep } from "node:path";
import process from "node:process";
import type { VersionCheck, VersionedText } from "../core/ports";

/** Vault paths: forward slashes, no leading "./" or "/", no doubled separators. */
export function clean(path: string): string {
  return path
    .replace(/\\/g, "/")
    .split("/")
    .filter((part) => part !== "" && part !== ".")
    .join("/");
}

let tempCounter = 0;

/**
 * A file changed less than this before it was read gets no version, and is read again at the next engine call: a
 * second write within the file system's timestamp granularity (2 s on FAT, 1 s on HFS+, a clock tick on others) that
 * keeps the size could leave every field of the version as it was (git's "racily clean" entries). A note left since
 * is seen unchanged by a stat alone.
 */
export const SETTLE_NS = 2_000_000_000n;

/** A file's identity and last change, as a stat gives them: any write, rename over it or replacement changes it. */
function versionOf(stats: BigIntStats): string {
  return `${stats.dev}:${stats.ino}:${stats.size}:${stats.mtimeNs}:${stats.ctimeNs}`;
}

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

  /**
   * `read`, with the version of the file read (taken from the open file, before its text): null when the file changed
   * within `SETTLE_NS` of the read, as another change could then go unseen.
   */
  readVersion(path: string): Promise<VersionedText> {
    try {
      const abs = this.abs(path);
      const started = BigInt(Date.now()) * 1_000_000n;
      let fd: number;
      try {
        fd = openSync(abs, "r");
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === "ENOENT") return Promise.resolve({ text: null, version: null });
        throw error;
      }
      try {
        const stats = fstatSync(fd, { bigint: true });
        const text = readFileSync(fd, "utf8");
        const changed = stats.mtimeNs > stats.ctimeNs ? stats.mtimeNs : stats.ctimeNs;
        return Promise.resolve({ text, version: changed < started - SETTLE_NS ? versionOf(stats) : null });
      } finally {
        closeSync(fd);
      }
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
  }

  /**
   * A check of versions against the files as they are now: each note's own entry (not followed: a note replaced by
   * a symlink is another file), and once per folder that the folder still lies inside the vault, symlinks followed.
   */
  versionCheck(): VersionCheck {
    const folders = new Map<string, boolean>();
    return (path, version) => {
      const rel = clean(path);
      const folder = rel.includes("/") ? rel.slice(0, rel.lastIndexOf("/")) : "";
      let inside = folders.get(folder);
      if (inside === undefined) folders.set(folder, (inside = this.inside(folder)));
      if (!inside || rel.split("/").includes("..")) return false;
      try {
        const stats = lstatSync(join(this.root, rel), { bigint: true, throwIfNoEntry: false });
        return stats !== undefined && versionOf(stats) === version;
      } catch {
        return false;
      }
    };
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
