// Drives a run on the terminal: advance, then at each gate ask the person (or stop, when unattended).
import type { RunEngine } from "../core/run/engine";
import type { AdvanceOptions, AdvanceOutcome } from "../core/run/engine-types";
import type { VaultPort } from "../core/ports";
import { propertiesOf, splitFrontmatter } from "../core/notes/frontmatter";
import { nodeYaml } from "./yaml-codec";
import type { CliIo } from "./command";
import { progressPrinter } from "./progress";
import { unwrap } from "./vault-session";
import { ownedByOther } from "../core/sop/step-schedule";

export interface DriveOptions {
  /** Unattended: never ask; stop where a gate is required. */
  auto: boolean;
  /** How to resume this run, printed when it stops before the end. */
  resumeHint: string;
  /** When another process drives the run, wait for it to let go instead of stopping. */
  wait?: boolean;
  /** Who is at the terminal (`--as`, or SOP_USER): a human step owned by someone else waits for them. */
  me?: string;
}

const GATE_PROMPT = "[a]pprove, [r]evise with feedback, re[t]ry, [s]kip, [c]ancel run, [q]uit for now: ";

/** Drives the run holding its lock throughout, gates included: a run has one driver at a time. */
export async function driveRun(engine: RunEngine, vault: VaultPort, runPath: string, io: CliIo, options: DriveOptions): Promise<number> {
  if (options.wait) io.out("Waiting for the run to be free…\n");
  const hold = unwrap(await engine.hold(runPath, { wait: options.wait, signal: io.signal }));
  try {
    return await drive(engine, vault, runPath, io, options);
  } finally {
    await hold.release();
  }
}

async function drive(engine: RunEngine, vault: VaultPort, runPath: string, io: CliIo, options: DriveOptions): Promise<number> {
  const advance: AdvanceOptions = { signal: io.signal, onEvent: progressPrinter(io, { streamText: !options.auto }) };
  // An answer at a gate takes the run on to the next gate in the same engine call, which reports where it stopped.
  let outcome = unwrap(await engine.advance(runPath, advance));
  for (;;) {
    if (outcome.status === "done") return 0;
    if (outcome.status === "cancelled") {
      io.out("Run cancelled.\n");
      return 0;
    }
    if (outcome.status === "paused" || outcome.status === "failed") {
      io.err(`Run ${outcome.status}${outcome.error ? `: ${outcome.error}` : "."}\n`);
      io.err(`Nothing is lost. ${options.resumeHint}\n`);
      return 1;
    }
    if (!outcome.gate) {
      io.err(`The run stopped at status "${outcome.status}" without a gate. ${options.resumeHint}\n`);
      return 1;
    }
    if (outcome.owner && outcome.gate.human && ownedByOther(outcome.owner, options.me ?? "")) {
      const late = outcome.overdue ? ` It was due ${outcome.due} and is overdue.` : outcome.due ? ` It is due ${outcome.due}.` : "";
      io.out(`Step ${outcome.gate.step} is assigned to ${outcome.owner}; it waits for them (run as them with --as).${late} ${options.resumeHint}\n`);
      return 0;
    }
    if (options.auto) {
      io.out(await cutNotice(vault, outcome.gate.waypointPath));
      io.out(`Step ${outcome.gate.step} needs the person: read ${outcome.gate.waypointPath}, then ${options.resumeHint.replace(/^Continue with/, "continue with")}\n`);
      return 0;
    }
    const next = await askAtGate(engine, vault, runPath, outcome.gate, io, advance);
    if (next === "quit") {
      io.out(`Left at the gate of step ${outcome.gate.step}. ${options.resumeHint}\n`);
      return 0;
    }
    outcome = next;
  }
}

/** The person's answer at a gate, carried out and the run taken on from there; "quit" leaves the run at the gate. */
async function askAtGate(engine: RunEngine, vault: VaultPort, runPath: string, gate: NonNullable<AdvanceOutcome["gate"]>, io: CliIo, then: AdvanceOptions): Promise<AdvanceOutcome | "quit"> {
  const text = await vault.read(gate.waypointPath);
  io.out(`\n--- Step ${gate.step}: ${gate.title} (${gate.waypointPath}) ---\n`);
  io.out(`${splitFrontmatter(text ?? "").body.trim()}\n---\n`);
  io.out(await cutNotice(vault, gate.waypointPath));
  io.out("Edit the waypoint note in any editor before approving: approval takes its current text.\n");
  for (;;) {
    const answer = (await io.ask(GATE_PROMPT))?.trim().toLowerCase();
    if (answer === undefined || answer === "q" || answer === "quit") return "quit";
    if (answer === "a" || answer === "approve") return unwrap(await engine.approve(runPath, then));
    if (answer === "t" || answer === "retry") return unwrap(await engine.retry(runPath, then));
    if (answer === "c" || answer === "cancel") return unwrap(await engine.cancel(runPath, then));
    if (answer === "r" || answer === "revise") {
      const feedback = (await io.ask("Feedback for the revision: "))?.trim();
      if (!feedback) {
        io.out("A revision needs feedback; nothing was changed.\n");
        continue;
      }
      return unwrap(await engine.revise(runPath, feedback, then));
    }
    if (answer === "s" || answer === "skip") {
      const reason = (await io.ask("Why skip this step? "))?.trim();
      if (!reason) {
        io.out("Skipping needs a reason; nothing was changed.\n");
        continue;
      }
      return unwrap(await engine.skip(runPath, reason, then));
    }
    io.out(`"${answer}" is not one of the choices.\n`);
  }
}

/** A line for a waypoint whose answer was cut by the length limit (property `truncated`), or nothing. */
async function cutNotice(vault: VaultPort, waypointPath: string): Promise<string> {
  const text = await vault.read(waypointPath);
  if (text === null || propertiesOf(text, nodeYaml).truncated !== true) return "";
  return "This answer was cut off at the model's length limit (truncated): read it before approving, or retry.\n";
}
