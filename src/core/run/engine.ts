// RunEngine: durable, step-by-step SOP runs whose whole state lives in vault notes; the one engine for plugin and CLI.
/*
 * API. Every method resolves to a Result, `{ ok: true, value }` or `{ ok: false, error: "<one sentence>" }`, and never throws.
 *
 *   new RunEngine({ vault, yaml, clock, model, settings })   model: a ModelPort, or null (every step goes to the person)
 *   start({ sopPath, projectPath?, cue?, mode?, model? })  -> run note path; the run is `planned`, nothing executed yet.
 *   advance(runPath, { signal?, onEvent? })                -> AdvanceOutcome. Executes step(s) until a gate, the end,
 *       a pause or a failure: step mode runs exactly one step then waits at its gate; auto mode runs on until a step
 *       needs a gate (`gate:: review`, human step, no model, edited mid-stream) or the run is done. It is also how a
 *       run resumes: a paused/failed run continues, and a step left `streaming` by a dead process keeps its partial
 *       text as an interrupted revision (`NN title (rK).md`) and runs again. An approved step never runs twice.
 *       Called on a run already waiting at a gate, it only reports the gate (event `gate`).
 *   approve(runPath)            approves the gate's waypoint with its CURRENT text (the person's edits included).
 *   revise(runPath, feedback)   keeps the current text as `NN title (rK).md` (superseded) and queues revision K+1.
 *   retry(runPath)              the same without feedback; on a paused or failed run, un-pauses it.
 *   skip(runPath, reason)       a reason is required; it is logged and stored on the waypoint.
 *   reopen(runPath, step)       puts an earlier approved/skipped step back at the gate; later settled steps go stale
 *                               and run again (their old text kept as revisions) on the next advance.
 *   cancel(runPath)
 *   hold(runPath, { wait? })    -> RunHold: keeps the run's lock across several calls (a command line driving a run
 *                               through its gates); without it each call takes and releases the lock itself.
 *   loadRun(runPath)            -> RunRecord rebuilt from the notes alone.
 *   listRuns(folder?)           -> RunSummary[] for `status --json` (run notes under the runs folder; `engine-queries.ts`).
 *   preview(runPath | StartOptions, stepIndex?) -> PromptPreview: the exact messages, included notes, token estimate.
 *   models(runPath | StartOptions) -> the models the run will still ask (its steps' and reviewers'), for budget checks.
 *
 * Gate actions return the AdvanceOutcome after the action; call advance to go on. Every transition is written to the
 * notes before the next action. Several runs may be active, one call at a time per run (a second gets an error). With
 * `ports.locks`, a run has one driver at a time across processes too: a second writer gets "This run is being driven
 * by … since …" (`run-lock.ts`).
 * Progress events (RunEvent): step-started, delta, step-finished, review (one per reviewer of a step with `review::`
 * roles; in auto mode an open high-severity finding stops the run at that step's gate), gate, done, error.
 */
import type { EnginePorts, AdvanceOptions, AdvanceOutcome, PromptPreview, RunSummary, StartOptions } from "./engine-types";
import type { RunRecord } from "./run-record";
import { type RunAction, type RunStatus } from "./run-types";
import { currentStep, needsExecution, stepAt } from "./state-machine";
import { loadRun } from "./load-run";
import { startRun } from "./start-run";
import { RunSession } from "./run-session";
import { executeStep, resumeReview } from "./execute-step";
import { oneLine } from "./run-note";
import { bodyOf } from "../notes/frontmatter";
import { acquireRunLock, type RunLock, type RunLockOptions } from "./run-lock";
import { unmetCondition } from "./step-conditions";
import { fail, ok, type Result } from "../notes/result";
import { formatUsd } from "../notes/money";
import type { ProcedureCache } from "../sop/load-procedure";
import { ensureProjectLink } from "./project-link";
import { CachedVault, NoteCache } from "../notes/note-cache";
import { gateOf, listRuns, modelsToRun, outcomeOf, previewStep } from "./engine-queries";
import { PromptMemo } from "../prompt/prompt-memo";

/** How many runs keep their prompt memo between calls (the most recently driven ones). */
const KEPT_MEMOS = 8;

/** A run's lock kept across calls; release it when done driving. */
export interface RunHold {
  release(): Promise<void>;
}

/** Faults worth one more try without asking the person: the text so far is kept as an interrupted revision each time. */
const TRANSIENT_FAULTS = new Set(["network", "timeout", "malformed", "server", "rate-limit"]);

export class RunEngine {
  private readonly busy = new Set<string>();
  private readonly held = new Map<string, RunLock>();
  private readonly procedures: ProcedureCache = new Map();
  private readonly memos = new Map<string, PromptMemo>();
  private readonly ports: EnginePorts;
  private readonly vault: CachedVault;
  /** Whether the host tells the cache of every outside change (then it is kept across calls). */
  private readonly watched: boolean;

  constructor(ports: EnginePorts) {
    this.watched = ports.notes !== undefined;
    this.vault = new CachedVault(ports.vault, ports.yaml, ports.notes ?? new NoteCache());
    this.ports = { ...ports, vault: this.vault };
  }

  async start(options: StartOptions): Promise<Result<string>> {
    return this.guard(async () => {
      const run = await startRun(this.ports, options, this.procedures);
      return run.ok ? ok(run.value.runPath) : run;
    });
  }

  loadRun(runPath: string): Promise<Result<RunRecord>> {
    return this.guard(() => loadRun(this.ports.vault, this.ports.yaml, runPath, this.ports.model !== null, this.procedures));
  }

  advance(runPath: string, options: AdvanceOptions = {}): Promise<Result<AdvanceOutcome>> {
    return this.withRun(runPath, (session) => this.goOn(session, options), options);
  }

  /** The run from where its notes (or this call's action) left it to the next gate, the end, or a pause. */
  private async goOn(session: RunSession, options: AdvanceOptions): Promise<Result<AdvanceOutcome>> {
    const { run } = session;
    const { runPath } = run;
    const emit = session.emit;
    // A start killed between writing the run note and linking it from the project leaves the project without it.
    if (run.projectPath && this.ports.settings.linkProjects) await ensureProjectLink(this.ports.vault, run.projectPath, run.runPath);
    const step = currentStep(run.state);
    // A step whose answer was kept with its reviews pending runs only its reviewers (in the loop below).
    if (step?.status === "streaming" && !step.reviewPending) {
      // The note says the step was streaming but no call of ours is: the process that ran it died.
      const recovered = await session.transition(
        { type: "step-failed", partialText: step.text, message: "The process running this step stopped." },
        [`Step ${step.index} "${step.title}" was left streaming by a process that stopped; its partial text (${step.text.length} characters) is kept as an interrupted revision.`],
      );
      if (!recovered.ok) return recovered;
    }
    if (run.state.status === "paused" || run.state.status === "failed") {
      const resumed = await session.transition({ type: "resume" }, ["Run resumed."]);
      if (!resumed.ok) return resumed;
    }
    if (run.state.status === "planned") {
      const started = await session.transition({ type: "start" }, ["Run started."]);
      if (!started.ok) return started;
    }
    let executed = false;
    // Each step has its own budget of automatic retries: one step's passing faults leave the next steps theirs.
    const retriesByStep = new Map<number, number>();
    while (run.state.status === "running") {
      const open = currentStep(run.state);
      if (open?.status === "streaming" && open.reviewPending) {
        // Stopped before its reviewers ran again, the step keeps its answer and its pending reviews for next time.
        if (options.signal?.aborted) break;
        const reviewed = await resumeReview(session, options.signal);
        if (!reviewed.ok) return reviewed;
        executed = true;
        continue;
      }
      if (options.signal?.aborted) {
        const paused = await session.transition({ type: "pause", reason: "Stopped by the person." }, ["Run paused by the person."]);
        if (!paused.ok) return paused;
        break;
      }
      if (!currentStep(run.state)) {
        const done = await session.transition({ type: "finish" }, ["Run finished: every step is approved or skipped."]);
        if (!done.ok) return done;
        break;
      }
      if (!needsExecution(run.state)) break;
      // A step whose `when::` is false is skipped with its reason and never reaches the model or the person.
      const pending = currentStep(run.state);
      const unmet = pending ? unmetCondition(run, stepAt(run.procedure.steps, pending.index) ?? run.procedure.steps[0]) : null;
      if (pending && unmet) {
        const skipped = await session.transition({ type: "skip", reason: unmet }, [`Step ${pending.index} "${pending.title}" skipped: ${unmet}.`]);
        if (!skipped.ok) return skipped;
        emit({ type: "skipped", step: pending.index, title: pending.title, reason: unmet });
        continue;
      }
      const costBefore = run.cost;
      const result = await executeStep(session, options.signal);
      if (!result.ok) return result;
      executed = true;
      const { fault } = result.value;
      const retries = retriesByStep.get(pending?.index ?? 0) ?? 0;
      if (fault && TRANSIENT_FAULTS.has(fault) && retries < this.ports.settings.transientRetries && !options.signal?.aborted) {
        retriesByStep.set(pending?.index ?? 0, retries + 1);
        const again = await session.transition({ type: "resume" }, [`Retrying step ${pending?.index} automatically after a passing fault (retry ${retries + 1} of ${this.ports.settings.transientRetries}).`]);
        if (!again.ok) return again;
        continue;
      }
      const budget = this.ports.settings.budgetUsd;
      const status = run.state.status as RunStatus;
      // An unknown cost (a model without a price) cannot cross the budget; the person was asked before the run.
      if (budget > 0 && run.cost !== null && (costBefore ?? 0) <= budget && run.cost > budget && status !== "done") {
        // Crossing the budget pauses an unattended run; a run already waiting at a gate is only told.
        const reason = `The run has cost ${formatUsd(run.cost)}, past its budget of ${formatUsd(budget)}; resume it to go on anyway, or raise the budget.`;
        if (status === "running") {
          const paused = await session.transition({ type: "pause", reason }, [reason]);
          if (!paused.ok) return paused;
        }
        emit({ type: "error", step: null, message: reason });
        break;
      }
    }
    if (run.state.status === "done") emit({ type: "done", runPath });
    if (run.state.status === "awaiting-review" && !executed) {
      const { step, title, waypointPath } = gateOf(run);
      emit({ type: "gate", step, title, waypointPath });
    }
    return ok(this.outcome(run));
  }

  approve(runPath: string, then?: AdvanceOptions): Promise<Result<AdvanceOutcome>> {
    return this.gateAction(runPath, async (run) => {
      const step = currentStep(run.state);
      const text = await this.currentText(run);
      return { action: { type: "approve", text }, log: [`Step ${step?.index} "${step?.title}" approved.`] };
    }, then);
  }

  revise(runPath: string, feedback: string, then?: AdvanceOptions): Promise<Result<AdvanceOutcome>> {
    return this.gateAction(runPath, async (run) => {
      const step = currentStep(run.state);
      const text = await this.currentText(run);
      return { action: { type: "revise", feedback, text }, log: [`Step ${step?.index} revision ${(step?.revision ?? 0) + 1} requested. Feedback: ${oneLine(feedback)}`] };
    }, then);
  }

  retry(runPath: string, then?: AdvanceOptions): Promise<Result<AdvanceOutcome>> {
    return this.gateAction(runPath, async (run) => {
      const step = currentStep(run.state);
      const text = run.state.status === "awaiting-review" ? await this.currentText(run) : undefined;
      return { action: { type: "retry", text }, log: [`Step ${step?.index} will run again (retry).`] };
    }, then);
  }

  skip(runPath: string, reason: string, then?: AdvanceOptions): Promise<Result<AdvanceOutcome>> {
    return this.gateAction(runPath, (run) => {
      const step = currentStep(run.state);
      return Promise.resolve({ action: { type: "skip", reason }, log: [`Step ${step?.index} "${step?.title}" skipped. Reason: ${oneLine(reason)}`] });
    }, then);
  }

  reopen(runPath: string, stepIndex: number): Promise<Result<AdvanceOutcome>> {
    return this.gateAction(runPath, (run) => {
      const later = run.state.steps.filter((s) => s.index > stepIndex && (s.status === "approved" || s.status === "skipped" || s.status === "awaiting-review" || s.status === "interrupted"));
      const stale = later.length ? `; step${later.length > 1 ? "s" : ""} ${later.map((s) => s.index).join(", ")} became stale and will run again` : "";
      return Promise.resolve({ action: { type: "reopen", step: stepIndex }, log: [`Step ${stepIndex} reopened${stale}.`] });
    });
  }

  cancel(runPath: string, then?: AdvanceOptions): Promise<Result<AdvanceOutcome>> {
    return this.gateAction(runPath, () => Promise.resolve({ action: { type: "cancel" }, log: ["Run cancelled."] }), then);
  }

  /** Takes the run's lock until released, so nobody else drives the run between this caller's calls. */
  async hold(runPath: string, options: RunLockOptions = {}): Promise<Result<RunHold>> {
    const locks = this.ports.locks;
    if (!locks) return ok({ release: () => Promise.resolve() });
    if (this.held.has(runPath)) return fail(`The run "${runPath}" is already held by this process.`);
    const taken = await this.guard(() => acquireRunLock(locks, this.ports.clock, runPath, options));
    if (!taken.ok) return taken;
    const lock = taken.value;
    this.held.set(runPath, lock);
    return ok({
      release: async () => {
        if (this.held.get(runPath) === lock) this.held.delete(runPath);
        await lock.release();
      },
    });
  }

  async listRuns(folder = this.ports.settings.runsFolder): Promise<Result<RunSummary[]>> {
    return this.guard(() => listRuns(this.ports, this.procedures, folder));
  }

  async preview(target: string | StartOptions, stepIndex?: number): Promise<Result<PromptPreview>> {
    return this.guard(() => previewStep(this.ports, this.procedures, target, stepIndex));
  }

  /** The models the run (or the run `start` would create) will still ask, its steps' and their reviewers'. */
  async models(target: string | StartOptions): Promise<Result<string[]>> {
    return this.guard(() => modelsToRun(this.ports, this.procedures, target));
  }

  /**
   * A gate action; with `then`, the run goes on in the same call as `advance` would take it on from the notes this
   * action wrote (one load of the run instead of two: what an answer on the terminal does).
   */
  private async gateAction(runPath: string, plan: (run: RunRecord) => Promise<{ action: RunAction; log: string[] }>, then?: AdvanceOptions): Promise<Result<AdvanceOutcome>> {
    return this.withRun(runPath, async (session) => {
      const { action, log } = await plan(session.run);
      const done = await session.transition(action, log);
      if (!done.ok) return done;
      return then ? this.goOn(session, then) : ok(this.outcome(session.run));
    }, then);
  }

  private async currentText(run: RunRecord): Promise<string> {
    const step = currentStep(run.state);
    const path = step ? run.waypointPaths.get(step.index) : undefined;
    // Past the cache: the person may have typed into the note a moment ago, and the gate acts on what they see.
    const text = path ? await this.vault.fresh(path) : null;
    return text === null ? (step?.text ?? "") : bodyOf(text);
  }

  private async withRun<T>(runPath: string, work: (session: RunSession) => Promise<Result<T>>, options: AdvanceOptions = {}): Promise<Result<T>> {
    if (this.busy.has(runPath)) return fail(`The run "${runPath}" is busy with another action; wait for it to finish.`);
    this.busy.add(runPath);
    const own: { lock: RunLock | null } = { lock: null };
    try {
      return await this.guard(async () => {
        let lock = this.held.get(runPath) ?? null;
        if (!lock && this.ports.locks && (await this.ports.vault.exists(runPath))) {
          const taken = await acquireRunLock(this.ports.locks, this.ports.clock, runPath);
          if (!taken.ok) return taken;
          lock = own.lock = taken.value;
        }
        const loaded = await loadRun(this.ports.vault, this.ports.yaml, runPath, this.ports.model !== null, this.procedures);
        if (!loaded.ok) return loaded;
        const session = new RunSession(this.ports, loaded.value, options.onEvent, lock, this.memoFor(runPath));
        let result: Result<T> | null = null;
        try {
          result = await work(session);
        } finally {
          // The run note gets whatever it still lacks before the call returns (or throws): the run has stopped or waits.
          const flushed = await session.flush();
          if (result?.ok && !flushed.ok) result = flushed;
        }
        return result;
      });
    } finally {
      this.busy.delete(runPath);
      if (own.lock) await own.lock.release().catch(() => undefined);
    }
  }

  /** The run's prompt memo, kept for the few runs driven last: a step at a gate does not render the run so far again. */
  private memoFor(runPath: string): PromptMemo {
    const memo = this.memos.get(runPath) ?? new PromptMemo();
    this.memos.delete(runPath);
    this.memos.set(runPath, memo);
    for (const oldest of this.memos.keys()) {
      if (this.memos.size <= KEPT_MEMOS) break;
      this.memos.delete(oldest);
    }
    return memo;
  }

  /** The last line of defence for "never an uncaught exception": a vault or adapter failure becomes a sentence. */
  private async guard<T>(work: () => Promise<Result<T>>): Promise<Result<T>> {
    // Without a host that reports outside changes, what was read before this call may be out of date: a vault with
    // versions has each note checked against its file before it is used again; any other is read afresh.
    if (!this.watched && this.vault.versioned) this.vault.doubt();
    else if (!this.watched) this.vault.cache.forgetAll();
    try {
      return await work();
    } catch (error) {
      return fail(error instanceof Error ? error.message : String(error));
    }
  }

  private outcome(run: RunRecord): AdvanceOutcome {
    return outcomeOf(run, this.ports.clock.now());
  }
}
