// One engine call's hold on a run: applies actions to its state and persists each one before anything else happens.
import type { EnginePorts, RunEvent } from "./engine-types";
import type { RunRecord, StepUsage } from "./run-record";
import { type RunAction } from "./run-types";
import { applyAction } from "./state-machine";
import { persistWaypoints, RunNoteWriter } from "./persist-transition";
import { StepContext } from "./step-context";
import type { PromptMemo } from "../prompt/prompt-memo";
import { isoDateTime } from "../notes/dates";
import { describeHolder, type RunLock } from "./run-lock";
import { fail, ok, type Result } from "../notes/result";

export class RunSession {
  readonly context: StepContext;
  private readonly runNote: RunNoteWriter;

  constructor(
    readonly ports: EnginePorts,
    readonly run: RunRecord,
    readonly emit: (event: RunEvent) => void = () => undefined,
    /** The run's lock while this session drives it; a lock lost to another process stops every further write. */
    readonly lock: RunLock | null = null,
    /** The run's prompt memo, kept by the engine from call to call (prompt-memo.ts); a fresh one when absent. */
    memo?: PromptMemo,
  ) {
    this.context = new StepContext(ports.vault, ports.yaml, ports.settings, run, memo);
    this.runNote = new RunNoteWriter(ports.vault, run, () => ports.clock.now().getTime(), ports.settings.runNoteIntervalMs);
  }

  /** Writes whatever the run note still lacks; every engine call ends with it. */
  async flush(): Promise<Result<void>> {
    if (this.lock?.lost) return fail(`Stopped without writing: ${describeHolder(this.lock.lost)}.`);
    try {
      await this.runNote.flush(true);
      return ok(undefined);
    } catch (error) {
      this.runNote.reset();
      return fail(`Could not save the run: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  /** A log line stamped with the clock's time. */
  stamp(text: string): string {
    return `${isoDateTime(this.ports.clock.now())} ${text}`;
  }

  /** Applies the action and writes the new state to the notes; the state in memory changes only once that succeeded. */
  async transition(action: RunAction, log: string[], usage?: Map<number, StepUsage>): Promise<Result<void>> {
    if (this.lock?.lost) return fail(`Stopped without writing: ${describeHolder(this.lock.lost)}.`);
    const applied = applyAction(this.run.state, action);
    if (!applied.ok) return applied;
    const before = this.run.state;
    const finishedBefore = this.run.finished;
    this.run.state = applied.value;
    const ended = applied.value.status === "done" || applied.value.status === "cancelled";
    if (ended && !this.run.finished) this.run.finished = isoDateTime(this.ports.clock.now());
    if (!ended) this.run.finished = "";
    try {
      const relisted = await persistWaypoints(this.ports.vault, this.ports.yaml, this.run, before, usage);
      await this.runNote.add(relisted, log.map((line) => this.stamp(line)));
      // A run going on by itself writes its note at most once per interval; one that stops, waits or starts again
      // writes it at once (a stopped status in the note is kept on load, so it must never outlive the stop).
      await this.runNote.flush(applied.value.status !== "running" || before.status !== "running");
    } catch (error) {
      this.run.state = before;
      this.run.finished = finishedBefore;
      this.runNote.reset();
      return fail(`Could not save the run: ${error instanceof Error ? error.message : String(error)}`);
    }
    return ok(undefined);
  }
}
