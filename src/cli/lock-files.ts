// The run lock's files on disk for the command line: exclusive create by hard link, atomic replace by rename.
import { link, mkdir, readFile, rename, unlink, writeFile } from "node:fs/promises";
import { hostname } from "node:os";
import { dirname, join } from "node:path";
import process from "node:process";
import type { LockFilePort, LockHolder } from "../core/ports";
import { clean } from "./folder-vault";

let tempCounter = 0;

export class FolderLockFiles implements LockFilePort {
  readonly self: LockHolder;

  constructor(
    private readonly root: string,
    owner: string,
  ) {
    this.self = { owner, pid: process.pid, host: hostname() };
  }

  async createExclusive(path: string, content: string): Promise<boolean> {
    const target = this.abs(path);
    await mkdir(dirname(target), { recursive: true });
    // Written whole under a private name first, then linked into place: a reader never sees half a lock.
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

  async read(path: string): Promise<string | null> {
    try {
      return await readFile(this.abs(path), "utf8");
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
      throw error;
    }
  }

  async write(path: string, content: string): Promise<void> {
    const target = this.abs(path);
    const temp = tempPath(target);
    await writeFile(temp, content, "utf8");
    await rename(temp, target);
  }

  async remove(path: string): Promise<void> {
    await unlink(this.abs(path)).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== "ENOENT") throw error;
    });
  }

  every(ms: number, tick: () => void): () => void {
    const timer = setInterval(tick, ms);
    return () => clearInterval(timer);
  }

  isAlive(pid: number, host: string): boolean {
    return isProcessAlive(pid, host);
  }

  private abs(path: string): string {
    const rel = clean(path);
    if (rel.split("/").includes("..")) throw new Error(`The path "${path}" leaves the vault folder.`);
    return join(this.root, rel);
  }
}

/** False only when `pid` is certainly gone: on this host and no such process. Another host's process is assumed alive. */
export function isProcessAlive(pid: number, host: string): boolean {
  if (host && host !== hostname()) return true;
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code !== "ESRCH";
  }
}

function tempPath(target: string): string {
  tempCounter += 1;
  return `${target}.${process.pid}.${tempCounter}.tmp`;
}
