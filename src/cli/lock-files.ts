// The run lock's files on disk for the command line, written whole through VaultFiles (create by hard link, replace by rename).
import { hostname } from "node:os";
import process from "node:process";
import type { LockFilePort, LockHolder } from "../core/ports";
import { isRunning, VaultFiles } from "./vault-files";

export class FolderLockFiles implements LockFilePort {
  readonly self: LockHolder;
  private readonly files: VaultFiles;

  constructor(
    root: string,
    owner: string,
  ) {
    this.files = new VaultFiles(root);
    this.self = { owner, pid: process.pid, host: hostname() };
  }

  createExclusive(path: string, content: string): Promise<boolean> {
    return this.files.createWhole(path, content);
  }

  read(path: string): Promise<string | null> {
    return this.files.read(path);
  }

  write(path: string, content: string): Promise<void> {
    return this.files.replaceWhole(path, content);
  }

  remove(path: string): Promise<void> {
    return this.files.remove(path);
  }

  every(ms: number, tick: () => void): () => void {
    const timer = setInterval(tick, ms);
    return () => clearInterval(timer);
  }

  isAlive(pid: number, host: string): boolean {
    return isProcessAlive(pid, host);
  }
}

/** False only when `pid` is certainly gone: on this host and no such process. Another host's process is assumed alive. */
export function isProcessAlive(pid: number, host: string): boolean {
  if (host && host !== hostname()) return true;
  return isRunning(pid);
}
