// The run lock: one driver per run; a second writer is told who drives it; a dead or silent holder's lock is stolen once.
import { acquireRunLock, lockPathOf, STALE_MS } from "../../../src/core/run/run-lock";
import { RunEngine } from "../../../src/core/run/engine";
import { nodeYaml } from "../../../src/cli/yaml-codec";
import { SharedLockDisk } from "../../support/memory-lock-files";
import { SOP_PATH, fixture, testClock, value } from "./engine-fixture";

const RUN = "SOP runs/2026-11-24 Drafting internal docs — no project/2026-11-24 Drafting internal docs — no project.md";
const LOCK = lockPathOf(RUN);

/** Lets the disk's timers fire (the contenders' short pauses) until `work` settles. */
async function whileTicking<T>(disk: SharedLockDisk, work: Promise<T>): Promise<T> {
  let settled = false;
  void work.finally(() => (settled = true));
  while (!settled) {
    disk.tick();
    await new Promise((resolve) => setImmediate(resolve));
  }
  return work;
}

it("is a hidden file beside the run note", () => {
  expect(LOCK).toBe("SOP runs/2026-11-24 Drafting internal docs — no project/.sop-run.lock");
});

it("a second writer is refused with who drives the run and since when", async () => {
  const disk = new SharedLockDisk();
  const clock = testClock(0);
  const first = value(await acquireRunLock(disk.port("sop resume", 41), clock, RUN));
  const second = await acquireRunLock(disk.port("Obsidian", 42), clock, RUN);
  const since = new Date(2026, 10, 24, 9, 30, 0).toISOString().replace(".000Z", "Z");
  expect(second).toEqual({ ok: false, error: `This run is being driven by sop resume (pid 41 on test-host) since ${since}.` });
  await first.release();
  expect(disk.files.has(LOCK)).toBe(false);
  expect((await acquireRunLock(disk.port("Obsidian", 42), clock, RUN)).ok).toBe(true);
});

it("a lock whose holder died is taken by exactly one of many contenders at once, and no claim is left behind", async () => {
  const disk = new SharedLockDisk();
  const clock = testClock(0);
  await acquireRunLock(disk.port("sop run", 7), clock, RUN);
  disk.dead.add(7);
  const results = await whileTicking(disk, Promise.all([10, 11, 12, 13, 14, 15].map((pid) => acquireRunLock(disk.port("sop resume", pid), clock, RUN))));
  const winners = results.filter((r) => r.ok);
  expect(winners).toHaveLength(1);
  const holder = JSON.parse(disk.files.get(LOCK) ?? "{}") as { pid: number };
  for (const lost of results.filter((r) => !r.ok)) expect(lost).toMatchObject({ error: expect.stringContaining(`(pid ${holder.pid} on test-host)`) as unknown });
  expect([...disk.files.keys()]).toEqual([LOCK]);
});

it("a silent holder's lock is stolen only after its heartbeat is stale; the old holder then stops writing", async () => {
  const disk = new SharedLockDisk();
  const clock = testClock(0);
  const old = value(await acquireRunLock(disk.port("Obsidian", 0, "laptop"), clock, RUN));
  clock.advance(STALE_MS - 1_000);
  expect((await acquireRunLock(disk.port("sop resume", 50), clock, RUN)).ok).toBe(false);
  clock.advance(2_000);
  const thief = value(await acquireRunLock(disk.port("sop resume", 50), clock, RUN));
  await old.beat();
  expect(old.lost).toMatchObject({ owner: "sop resume", pid: 50 });
  // The old holder's release leaves the new holder's lock alone.
  await old.release();
  expect(JSON.parse(disk.files.get(LOCK) ?? "{}")).toMatchObject({ token: thief.token });
});

it("a heartbeat keeps a long-held lock fresh", async () => {
  const disk = new SharedLockDisk();
  const clock = testClock(0);
  await acquireRunLock(disk.port("sop run", 60, "laptop"), clock, RUN);
  for (let i = 0; i < 10; i++) {
    clock.advance(STALE_MS / 3);
    disk.tick();
    await new Promise((resolve) => setImmediate(resolve));
  }
  expect((await acquireRunLock(disk.port("sop resume", 61), clock, RUN)).ok).toBe(false);
});

it("with wait, a second writer takes the run once the first lets go", async () => {
  const disk = new SharedLockDisk();
  const clock = testClock(0);
  const first = value(await acquireRunLock(disk.port("sop run", 1), clock, RUN));
  let taken = false;
  const waiting = acquireRunLock(disk.port("sop resume", 2), clock, RUN, { wait: true, pollMs: 10 }).then((r) => {
    taken = r.ok;
    return r;
  });
  for (let i = 0; i < 5; i++) {
    disk.tick();
    await new Promise((resolve) => setImmediate(resolve));
  }
  expect(taken).toBe(false);
  await first.release();
  expect((await whileTicking(disk, waiting)).ok).toBe(true);
});

describe("in the engine", () => {
  it("a gate action on a run another process drives is refused and writes nothing", async () => {
    const disk = new SharedLockDisk();
    const { vault, clock, settings } = fixture();
    const cli = new RunEngine({ vault, yaml: nodeYaml, clock, model: null, settings, locks: disk.port("sop resume", 100) });
    const plugin = new RunEngine({ vault, yaml: nodeYaml, clock, model: null, settings, locks: disk.port("Obsidian", 0, "laptop") });
    const runPath = value(await cli.start({ sopPath: SOP_PATH }));
    value(await cli.advance(runPath));
    const hold = value(await cli.hold(runPath));
    const before = new Map(vault.files);
    const refused = await plugin.approve(runPath);
    expect(refused).toMatchObject({ ok: false, error: expect.stringMatching(/^This run is being driven by sop resume \(pid 100 on test-host\) since /) as unknown });
    expect(vault.files).toEqual(before);
    // The holder itself goes on; once it lets go, the plugin may act.
    expect((await cli.approve(runPath)).ok).toBe(true);
    await hold.release();
    expect((await plugin.advance(runPath)).ok).toBe(true);
    expect(disk.files.size).toBe(0);
  });
});
