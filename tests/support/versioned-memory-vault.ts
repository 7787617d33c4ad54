// The in-memory vault with versions, as the command line's folder vault gives them: every change of a note's text
// (by the engine or "by another process", `files.set`) gives it a new version, and a note in `settling` is read
// without one, as a file changed within the file system's clock tick is.
import type { VersionCheck, VersionedText } from "../../src/core/ports";
import { MemoryVault } from "./memory-vault";

export class VersionedMemoryVault extends MemoryVault {
  private readonly changes = new Map<string, number>();
  /** Notes that changed a moment ago: read without a version. */
  readonly settling = new Set<string>();
  /** Every note read, in order. */
  readonly reads: string[] = [];

  constructor(initial: Record<string, string> = {}) {
    super(initial);
    const set = this.files.set.bind(this.files);
    this.files.set = (path, text) => {
      this.changes.set(path, (this.changes.get(path) ?? 0) + 1);
      return set(path, text);
    };
  }

  readVersion(path: string): Promise<VersionedText> {
    this.reads.push(path);
    const text = this.files.get(path) ?? null;
    return Promise.resolve({ text, version: text === null || this.settling.has(path) ? null : this.versionOf(path) });
  }

  versionCheck(): VersionCheck {
    return (path, version) => this.files.has(path) && this.versionOf(path) === version;
  }

  /** A change that leaves the version as it was: a same-size write in the same clock tick as the one before. */
  changeUnseen(path: string, text: string): void {
    const before = this.changes.get(path) ?? 0;
    this.files.set(path, text);
    this.changes.set(path, before);
  }

  private versionOf(path: string): string {
    return String(this.changes.get(path) ?? 0);
  }
}
