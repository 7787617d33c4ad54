// The run lock: a run has one driver at a time, across processes and across the plugin and the command line.
/*
 * A hidden file `.sop-run.lock` in the run's folder names its holder (owner, pid, host), when it took the run and
 * its last heartbeat. It is taken with an exclusive create, refreshed every few seconds while held, and removed
 * on release. A lock whose holder is certainly gone (same host, no such process) or whose heartbeat is older than
 * `staleMs` is stale: exactly one contender steals it, by first creating `.sop-run.lock.steal-<token>` for that
 * lock's token (an exclusive create too), so two processes that both saw the stale lock never both take the run.
 */
import type { Clock, LockFilePort, LockHolder } from "../ports";
import { fail, ok, type Result } from "../notes/result";

export const LOCK_FILE_NAME = ".sop-run.lock";
/** How often a held lock's heartbeat is written. */
export const HEARTBEAT_MS = 5_000;
/** A heartbeat older than this means the holder stopped without releasing (a kill, a crash, a closed laptop). */
export const STALE_MS = 30_000;

export interface LockInfo extends LockHolder {
  /** When the holder took the run (ISO time). */
  since: string;
  /** The holder's last sign of life (ISO time). */
  heartbeat: string;
  /** Unique per acquisition: tells one holding apart from the next. */
  token: string;
}

export interface RunLockOptions {
  /** Keep trying until the run is free instead of failing at once. */
  wait?: boolean;
  /** Poll interval while waiting. */
  pollMs?: number;
  signal?: AbortSignal;
}

/** The lock file of the run whose note is `runPath`. */
export function lockPathOf(runPath: string): string {
  const slash = runPath.lastIndexOf("/");
  return `${slash === -1 ? "" : runPath.slice(0, slash + 1)}${LOCK_FILE_NAME}`;
}

export function parseLock(text: string | null): LockInfo | null {
  if (text === null) return null;
  try {
    const value = JSON.parse(text) as Partial<LockInfo> | null;
    if (!value || typeof value.token !== "string" || typeof value.heartbeat !== "string") return null;
    return { owner: String(value.owner ?? "someone"), pid: Number(value.pid) || 0, host: String(value.host ?? ""), since: String(value.since ?? value.heartbeat), heartbeat: value.heartbeat, token: value.token };
  } catch {
    return null;
  }
}

/** Stale: the holder is certainly gone, or has not given a sign of life for `STALE_MS`. An unreadable lock is stale. */
export function isStale(lock: LockInfo | null, files: LockFilePort, now: Date): boolean {
  if (!lock) return true;
  if (lock.pid > 0 && !files.isAlive(lock.pid, lock.host)) return true;
  const beat = Date.parse(lock.heartbeat);
  return !Number.isFinite(beat) || now.getTime() - beat > STALE_MS;
}

/** "this run is being driven by sop resume (pid 41 on laptop) since 2026-12-02T17:50:00" */
export function describeHolder(lock: LockInfo): string {
  const where = [lock.pid > 0 ? `pid ${lock.pid}` : "", lock.host ? `on ${lock.host}` : ""].filter(Boolean).join(" ");
  return `this run is being driven by ${lock.owner}${where ? ` (${where})` : ""} since ${lock.since.replace(/\.\d+Z$/, "Z")}`;
}

let counter = 0;
function newToken(self: LockHolder, now: Date): string {
  counter += 1;
  return `${self.pid}-${now.getTime().toString(36)}-${counter}-${Math.random().toString(36).slice(2, 10)}`;
}

/** A held lock: heartbeats until released; `lost` turns true if another process took the run meanwhile. */
export class RunLock {
  private stopBeat: () => void = () => undefined;
  private beating = false;
  lost: LockInfo | null = null;

  constructor(
    readonly path: string,
    private info: LockInfo,
    private readonly files: LockFilePort,
    private readonly clock: Clock,
  ) {
    this.stopBeat = files.every(HEARTBEAT_MS, () => void this.beat());
  }

  get token(): string {
    return this.info.token;
  }

  /** Writes a fresh heartbeat, unless the lock is no longer ours (then `lost` says who has it). */
  async beat(): Promise<void> {
    if (this.beating || this.lost) return;
    this.beating = true;
    try {
      const current = parseLock(await this.files.read(this.path));
      if (current?.token !== this.info.token) {
        this.lost = current ?? { ...this.info, owner: "another process", token: "" };
        this.stopBeat();
        return;
      }
      this.info = { ...this.info, heartbeat: this.clock.now().toISOString() };
      await this.files.write(this.path, JSON.stringify(this.info, null, 2));
    } catch {
      // A missed heartbeat is retried at the next tick; the lock only goes stale after several.
    } finally {
      this.beating = false;
    }
  }

  /** Removes the lock if it is still ours. */
  async release(): Promise<void> {
    this.stopBeat();
    const current = parseLock(await this.files.read(this.path).catch(() => null));
    if (current?.token === this.info.token) await this.files.remove(this.path);
  }
}

/** Takes the run's lock, stealing it only when stale; fails with "this run is being driven by … since …" otherwise. */
export async function acquireRunLock(files: LockFilePort, clock: Clock, runPath: string, options: RunLockOptions = {}): Promise<Result<RunLock>> {
  const path = lockPathOf(runPath);
  for (;;) {
    const attempt = await tryAcquire(files, clock, path);
    if (attempt.ok || !options.wait) return attempt.ok ? ok(attempt.lock) : fail(`${capitalised(describeHolder(attempt.holder))}.`);
    if (options.signal?.aborted) return fail(`Stopped waiting: ${describeHolder(attempt.holder)}.`);
    await pause(files, options.pollMs ?? 1_000, options.signal);
  }
}

type Attempt = { ok: true; lock: RunLock } | { ok: false; holder: LockInfo };

async function tryAcquire(files: LockFilePort, clock: Clock, path: string): Promise<Attempt> {
  for (let round = 0; ; round++) {
    const now = clock.now();
    const mine: LockInfo = { ...files.self, since: now.toISOString(), heartbeat: now.toISOString(), token: newToken(files.self, now) };
    const content = JSON.stringify(mine, null, 2);
    if (await files.createExclusive(path, content)) return { ok: true, lock: new RunLock(path, mine, files, clock) };
    const text = await files.read(path);
    if (text === null) continue; // released between our create and our read: try again
    const held = parseLock(text);
    if (!isStale(held, files, now) || round >= 100) return { ok: false, holder: held ?? unknownHolder(now) };
    // Only the contender that creates the claim for this very lock removes it; the others see a fresh lock next round.
    const claim = `${path}.steal-${held?.token ?? "unreadable"}`;
    if (!(await files.createExclusive(claim, content))) {
      // A claim whose maker died mid-steal would block the run for good: it goes stale like a lock.
      if (isStale(parseLock(await files.read(claim)), files, now)) await files.remove(claim);
      else await pause(files, 50);
      continue;
    }
    if ((await files.read(path)) === text) await files.remove(path);
    const taken = await files.createExclusive(path, content);
    await files.remove(claim);
    if (taken) return { ok: true, lock: new RunLock(path, mine, files, clock) };
  }
}

function unknownHolder(now: Date): LockInfo {
  return { owner: "another process", pid: 0, host: "", since: now.toISOString(), heartbeat: now.toISOString(), token: "" };
}

function capitalised(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function pause(files: LockFilePort, ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    let stop: () => void = () => undefined;
    const done = (): void => {
      stop();
      signal?.removeEventListener("abort", done);
      resolve();
    };
    stop = files.every(ms, done);
    signal?.addEventListener("abort", done);
  });
}

/** What `status` shows for a run its notes call live: "interrupted" when nobody holds its lock any more. */
export async function liveness(files: LockFilePort, clock: Clock, runPath: string): Promise<"held" | "free" | "stale"> {
  const text = await files.read(lockPathOf(runPath));
  if (text === null) return "free";
  return isStale(parseLock(text), files, clock.now()) ? "stale" : "held";
}
