// An in-memory LockFilePort for core tests: several "processes" share one map of files, each with its own pid.
import type { LockFilePort, LockHolder } from "../../src/core/ports";

export class SharedLockDisk {
  readonly files = new Map<string, string>();
  readonly dead = new Set<number>();
  /** Timers started through any port on this disk; `tick()` runs them once, as time passing would. */
  readonly timers = new Set<() => void>();

  tick(): void {
    for (const timer of [...this.timers]) timer();
  }

  port(owner: string, pid: number, host = "test-host"): LockFilePort {
    const { files, dead, timers } = this;
    const self: LockHolder = { owner, pid, host };
    return {
      self,
      // Every operation yields first, so concurrent contenders really interleave.
      createExclusive: async (path, content) => {
        await Promise.resolve();
        if (files.has(path)) return false;
        files.set(path, content);
        return true;
      },
      read: async (path) => {
        await Promise.resolve();
        return files.get(path) ?? null;
      },
      write: async (path, content) => {
        await Promise.resolve();
        files.set(path, content);
      },
      remove: async (path) => {
        await Promise.resolve();
        files.delete(path);
      },
      every: (_ms, tick) => {
        timers.add(tick);
        return () => void timers.delete(tick);
      },
      isAlive: (otherPid, otherHost) => otherHost !== host || !dead.has(otherPid),
    };
  }
}
