// The run lock's files inside Obsidian, through the vault's DataAdapter (dot files are not notes, so the Vault API
// does not see them). The command line and the plugin write the same `.sop-run.lock`, so a run has one driver
// whichever of them drives it.
import { normalizePath } from "obsidian";
import type { App, DataAdapter } from "obsidian";
import type { LockFilePort, LockHolder } from "../../core/ports";

const DEVICE_KEY = "sop-runtime-device";

export class ObsidianLockFiles implements LockFilePort {
  readonly self: LockHolder;

  constructor(private readonly app: App) {
    // No process id in the app (and none on mobile): a random number for this load of the plugin stands in (a lock
    // from an earlier load on this device was left by an app that closed mid-step), and the host is this device
    // (an id kept in the app's device-local storage), which no command line and no synced device shares.
    let device = app.loadLocalStorage(DEVICE_KEY) as unknown;
    if (typeof device !== "string" || device === "") {
      device = `obsidian-${Math.random().toString(36).slice(2, 10)}`;
      app.saveLocalStorage(DEVICE_KEY, device);
    }
    this.self = { owner: "Obsidian", pid: Math.floor(Math.random() * 0x7fffffff) + 1, host: device as string };
  }

  private get adapter(): DataAdapter {
    return this.app.vault.adapter;
  }

  /**
   * The adapter has no exclusive create: write only when nothing is there, then read back; whoever's content is
   * there afterwards won. Two writers within the same instant are settled by the lock's token check on every beat.
   */
  async createExclusive(path: string, content: string): Promise<boolean> {
    const clean = normalizePath(path);
    if (await this.adapter.exists(clean)) return false;
    await this.adapter.write(clean, content);
    return (await this.read(clean)) === content;
  }

  async read(path: string): Promise<string | null> {
    const clean = normalizePath(path);
    if (!(await this.adapter.exists(clean))) return null;
    try {
      return await this.adapter.read(clean);
    } catch {
      return null; // Removed between the check and the read.
    }
  }

  async write(path: string, content: string): Promise<void> {
    await this.adapter.write(normalizePath(path), content);
  }

  async remove(path: string): Promise<void> {
    const clean = normalizePath(path);
    if (await this.adapter.exists(clean)) await this.adapter.remove(clean).catch(() => undefined);
  }

  every(ms: number, tick: () => void): () => void {
    const timer = window.setInterval(tick, ms);
    return () => window.clearInterval(timer);
  }

  /**
   * A lock this device's app took in an earlier session is dead (the app runs once per device and vault: it was
   * closed mid-step). Anything else, the command line or another device, is alive until its heartbeat goes stale.
   */
  isAlive(pid: number, host: string): boolean {
    return host !== this.self.host || pid === this.self.pid;
  }
}
