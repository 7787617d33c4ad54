/** @jest-environment jsdom */
// The plugin takes the same run lock as the command line: a run the command line drives is refused with who drives
// it, and a lock left by this device's app when it closed mid-step is taken over at once.
import { acquireRunLock, lockPathOf } from "../../../src/core/run/run-lock";
import { ObsidianLockFiles } from "../../../src/obsidian/adapters/lock-files";
import { createMockApp } from "../../support/obsidian-mock-app";

const RUN = "SOP runs/2026-12-04 Weekly report — Q3/2026-12-04 Weekly report — Q3.md";
const clock = { now: () => new Date() };

function lockBy(owner: string, pid: number, host: string): string {
  const now = new Date().toISOString();
  return JSON.stringify({ owner, pid, host, since: now, heartbeat: now, token: `${host}-${pid}` });
}

it("refuses a run the command line drives, naming it, and leaves its lock alone", async () => {
  const app = createMockApp({ [RUN]: "---\nrun_status: running\n---\n" });
  const held = lockBy("the sop command line", 4242, "build-server");
  await app.vault.adapter.write(lockPathOf(RUN), held);
  const taken = await acquireRunLock(new ObsidianLockFiles(app), clock, RUN);
  expect(taken.ok).toBe(false);
  if (!taken.ok) expect(taken.error).toMatch(/driven by the sop command line \(pid 4242 on build-server\)/);
  expect(await app.vault.adapter.read(lockPathOf(RUN))).toBe(held);
});

it("takes over a lock this device's app left when it closed mid-step; a second window of this load is refused", async () => {
  const app = createMockApp({ [RUN]: "---\nrun_status: running\n---\n" });
  const before = new ObsidianLockFiles(app);
  const left = await acquireRunLock(before, clock, RUN);
  expect(left.ok).toBe(true);
  // The app is opened again: a new load of the plugin on the same device.
  const after = new ObsidianLockFiles(app);
  expect(after.self.host).toBe(before.self.host);
  const taken = await acquireRunLock(after, clock, RUN);
  expect(taken.ok).toBe(true);
  expect(JSON.parse(await app.vault.adapter.read(lockPathOf(RUN))) as { pid: number }).toMatchObject({ pid: after.self.pid });
  const again = await acquireRunLock(after, clock, RUN);
  expect(again.ok).toBe(false);
  if (left.ok) await left.value.release();
  if (taken.ok) await taken.value.release();
  expect(await app.vault.adapter.exists(lockPathOf(RUN))).toBe(false);
});
