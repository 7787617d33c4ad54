// BatchRunner: one SOP run over many notes in auto mode, a few at a time, resumable from its manifest note alone.
/*
 * API. Every method resolves to a Result and never throws.
 *
 *   new BatchRunner({ engine, vault, yaml, clock, settings })
 *   selectTargets(sopPath, selector)             -> the project notes a batch over `{ tag }` or `{ folder }` would run on.
 *   plan({ sopPath, selector, concurrency?, model? }) -> BatchRecord: writes the manifest (batch_status planned)
 *       under `<runs folder>/Batches/` before any run starts.
 *   findUnfinished(sopPath, selector?)           -> the newest manifest of this SOP not done, or null.
 *   load(manifestPath)                           -> BatchRecord rebuilt from the manifest note alone.
 *   run(manifestPath, { signal, onEvent, onRunEvent, concurrency })  -> BatchOutcome. Starts a run for each
 *       target without one and resumes (engine.advance) each that has one; `concurrency` runs at once; a failed or
 *       paused run never stops the others. Aborting the signal pauses the running runs (nothing lost) and marks the
 *       batch cancelled; calling run again on the same manifest continues it, each target run exactly once.
 */
import { loadProcedure } from "../sop/load-procedure";
import { isoDate, isoDateTime } from "../notes/dates";
import { linkRunFromProject } from "../run/project-link";
import { fail, ok, type Result } from "../notes/result";
import { propertiesOf } from "../notes/frontmatter";
import type { AdvanceOutcome } from "../run/engine-types";
import type { Procedure } from "../sop/types";
import { createManifest, findUnfinishedBatch, loadManifest, newManifestPath, saveManifest } from "./batch-store";
import { countTargets, DEFAULT_CONCURRENCY, type BatchEvent, type BatchOutcome, type BatchPorts, type BatchRecord, type BatchRunOptions, type BatchSelector, type BatchTarget } from "./batch-types";
import { normalizeSelector, selectTargets } from "./select-targets";
import { unrecordedRuns } from "./unrecorded-runs";
import { noteName } from "../notes/names";
import { runStatusOf } from "../run/run-note";

export interface PlanOptions {
  sopPath: string;
  selector: BatchSelector;
  concurrency?: number;
  /** The model each run records; "" or absent lets the engine's settings choose. */
  model?: string;
  /** The targets from selectTargets, when the caller already has them (e.g. to estimate first); else selected here. */
  targets?: string[];
}

export class BatchRunner {
  constructor(private readonly ports: BatchPorts) {}

  async selectTargets(sopPath: string, selector: BatchSelector): Promise<Result<string[]>> {
    return this.guard(async () => {
      const procedure = await loadProcedure(this.ports.vault, this.ports.yaml, sopPath);
      if (!procedure.ok) return procedure;
      return this.targetsOf(sopPath, procedure.value, selector);
    });
  }

  async plan(options: PlanOptions): Promise<Result<BatchRecord>> {
    return this.guard(async () => {
      const { vault, yaml, clock } = this.ports;
      const concurrency = options.concurrency ?? DEFAULT_CONCURRENCY;
      if (!Number.isInteger(concurrency) || concurrency < 1) return fail(`Concurrency must be a whole number of at least 1, not ${String(options.concurrency)}.`);
      const selector = normalizeSelector(options.selector);
      if (!selector.ok) return selector;
      const procedure = await loadProcedure(vault, yaml, options.sopPath);
      if (!procedure.ok) return procedure;
      const targets = options.targets ? ok(options.targets) : await this.targetsOf(options.sopPath, procedure.value, selector.value);
      if (!targets.ok) return targets;
      if (targets.value.length === 0) {
        const where = "tag" in selector.value ? `tagged #${selector.value.tag}` : `under the folder "${selector.value.folder}"`;
        return fail(`No note ${where} to run "${procedure.value.title}" on (the SOP itself, role notes and run notes do not count).`);
      }
      const now = clock.now();
      const runsFolder = this.runsFolderOf(procedure.value);
      const batch: BatchRecord = {
        path: await newManifestPath(vault, runsFolder, isoDate(now), procedure.value.title),
        sopPath: options.sopPath,
        sopTitle: procedure.value.title,
        selector: selector.value,
        status: "planned",
        concurrency,
        model: options.model ?? "",
        started: isoDateTime(now),
        finished: "",
        targets: targets.value.map((path) => ({ path, runPath: null, status: "pending", detail: null })),
      };
      await createManifest(vault, yaml, batch, runsFolder);
      return ok(batch);
    });
  }

  async findUnfinished(sopPath: string, selector?: BatchSelector): Promise<Result<string | null>> {
    return this.guard(async () => {
      const procedure = await loadProcedure(this.ports.vault, this.ports.yaml, sopPath);
      if (!procedure.ok) return procedure;
      const normalized = selector ? normalizeSelector(selector) : null;
      if (normalized && !normalized.ok) return normalized;
      return ok(await findUnfinishedBatch(this.ports.vault, this.ports.yaml, this.runsFolderOf(procedure.value), sopPath, normalized?.value));
    });
  }

  load(manifestPath: string): Promise<Result<BatchRecord>> {
    return this.guard(() => loadManifest(this.ports.vault, this.ports.yaml, manifestPath));
  }

  async run(manifestPath: string, options: BatchRunOptions = {}): Promise<Result<BatchOutcome>> {
    return this.guard(async () => {
      const loaded = await loadManifest(this.ports.vault, this.ports.yaml, manifestPath);
      if (!loaded.ok) return loaded;
      const batch = loaded.value;
      const concurrency = options.concurrency ?? batch.concurrency;
      if (!Number.isInteger(concurrency) || concurrency < 1) return fail(`Concurrency must be a whole number of at least 1, not ${String(options.concurrency)}.`);
      const procedure = await loadProcedure(this.ports.vault, this.ports.yaml, batch.sopPath);
      if (!procedure.ok) return procedure;
      if (batch.status !== "planned") await this.adoptUnrecordedRuns(batch, this.runsFolderOf(procedure.value));
      batch.status = "running";
      batch.concurrency = concurrency;
      batch.finished = "";
      const session = new BatchSession(this.ports, batch, options);
      await session.save();
      const queue = batch.targets.filter((target) => target.status !== "done");
      const worker = async (): Promise<void> => {
        for (let target = queue.shift(); target && !options.signal?.aborted; target = queue.shift()) await session.work(target);
      };
      await Promise.all(Array.from({ length: Math.min(concurrency, Math.max(queue.length, 1)) }, worker));
      const counts = countTargets(batch.targets);
      if (options.signal?.aborted && counts.done < counts.total) batch.status = "cancelled";
      else batch.status = counts.done === counts.total ? "done" : "partial";
      if (batch.status !== "cancelled") batch.finished = isoDateTime(this.ports.clock.now());
      await session.save();
      if (session.writeError) return fail(`The batch note "${batch.path}" could not be updated: ${session.writeError}`);
      options.onEvent?.({ type: "batch-finished", status: batch.status, counts });
      return ok({ manifestPath: batch.path, status: batch.status, targets: batch.targets, ...counts });
    });
  }

  private async targetsOf(sopPath: string, procedure: Procedure, selector: BatchSelector): Promise<Result<string[]>> {
    const { settings } = this.ports;
    return selectTargets(this.ports.vault, this.ports.yaml, selector, {
      sopPath,
      runsFolders: [settings.runsFolder, procedure.settings.runsFolder ?? ""].filter(Boolean),
      roleTag: settings.roleTag,
    });
  }

  private runsFolderOf(procedure: Procedure): string {
    return procedure.settings.runsFolder || this.ports.settings.runsFolder;
  }

  /** A crash between starting a run and writing its link leaves a target pending with a run: adopt that run. */
  private async adoptUnrecordedRuns(batch: BatchRecord, runsFolder: string): Promise<void> {
    const pending = batch.targets.filter((target) => target.runPath === null);
    const found = await unrecordedRuns(this.ports.vault, this.ports.yaml, runsFolder, batch.sopPath, batch.started, new Set(pending.map((t) => t.path)));
    for (const target of pending) {
      const runPath = found.get(target.path);
      if (!runPath) continue;
      Object.assign(target, { runPath, status: "running", detail: null });
      // The crash may also have come before the engine linked the run from its project note.
      if (this.ports.settings.linkProjects) await linkRunFromProject(this.ports.vault, target.path, runPath, noteName(runPath));
    }
  }

  private async guard<T>(work: () => Promise<Result<T>>): Promise<Result<T>> {
    try {
      return await work();
    } catch (error) {
      return fail(error instanceof Error ? error.message : String(error));
    }
  }
}

/** One `run` call: works targets, keeps the manifest current (one write at a time), reports progress. */
class BatchSession {
  writeError: string | null = null;
  private writes: Promise<void> = Promise.resolve();

  constructor(
    private readonly ports: BatchPorts,
    private readonly batch: BatchRecord,
    private readonly options: BatchRunOptions,
  ) {}

  /** Queues a manifest write of the batch as it stands now; a failed write is remembered, never thrown at a worker. */
  save(): Promise<void> {
    this.writes = this.writes.then(() =>
      saveManifest(this.ports.vault, this.ports.yaml, this.batch).catch((error: unknown) => {
        this.writeError ??= error instanceof Error ? error.message : String(error);
      }),
    );
    return this.writes;
  }

  async work(target: BatchTarget): Promise<void> {
    const { engine } = this.ports;
    const position = this.batch.targets.indexOf(target) + 1;
    const resumed = target.runPath !== null;
    if (target.runPath === null) {
      const started = await engine.start({ sopPath: this.batch.sopPath, projectPath: target.path, mode: "auto", model: this.batch.model || undefined });
      if (!started.ok) return this.settle(target, "failed", started.error);
      target.runPath = started.value;
    } else {
      const settled = await this.alreadySettled(target.runPath);
      if (settled) return this.settle(target, settled.status, settled.detail);
    }
    const runPath = target.runPath;
    Object.assign(target, { status: "running", detail: null });
    const counts = countTargets(this.batch.targets);
    await this.save();
    this.emit({ type: "run-started", target: target.path, run: runPath, resumed, position, counts });
    const outcome = await engine.advance(runPath, {
      signal: this.options.signal,
      onEvent: this.options.onRunEvent ? (event) => this.options.onRunEvent?.(target.path, event) : undefined,
    });
    if (!outcome.ok) return this.settle(target, "failed", outcome.error);
    const { status, detail } = this.classify(outcome.value);
    return this.settle(target, status, detail);
  }

  /** A run that needs nothing from this batch: done, cancelled by a person, or still waiting at its gate. */
  private async alreadySettled(runPath: string): Promise<{ status: BatchTarget["status"]; detail: string | null } | null> {
    const text = await this.ports.vault.read(runPath);
    const status = text === null ? "" : (runStatusOf(propertiesOf(text, this.ports.yaml)) ?? "");
    if (status === "done") return { status: "done", detail: null };
    if (status === "cancelled") return { status: "failed", detail: "The run was cancelled." };
    if (status === "awaiting-review") {
      const step = Number(propertiesOf(text ?? "", this.ports.yaml).current_step) || 0;
      return { status: "waiting", detail: `Step ${step} waits at its gate for a person.` };
    }
    return null;
  }

  private classify(outcome: AdvanceOutcome): { status: BatchTarget["status"]; detail: string | null } {
    switch (outcome.status) {
      case "done":
        return { status: "done", detail: null };
      case "awaiting-review":
        return { status: "waiting", detail: outcome.gate ? `Step ${outcome.gate.step} waits at its gate for a person: ${outcome.gate.waypointPath}` : "A step waits at its gate for a person." };
      case "cancelled":
        return { status: "failed", detail: "The run was cancelled." };
      case "paused":
        // Paused because the batch was cancelled is not a failure: the next run of the batch continues it.
        if (this.options.signal?.aborted) return { status: "paused", detail: "Paused when the batch was cancelled." };
        return { status: "failed", detail: outcome.error ?? "The run paused." };
      case "failed":
        return { status: "failed", detail: outcome.error ?? "The run failed." };
      default:
        return { status: this.options.signal?.aborted ? "paused" : "failed", detail: `The run stopped at status "${outcome.status}".` };
    }
  }

  private async settle(target: BatchTarget, status: BatchTarget["status"], detail: string | null): Promise<void> {
    Object.assign(target, { status, detail });
    // Counted now, not after the write: another target may settle while it is queued.
    const counts = countTargets(this.batch.targets);
    await this.save();
    if (status === "failed") this.emit({ type: "run-failed", target: target.path, run: target.runPath, error: detail ?? "The run failed.", counts });
    else this.emit({ type: "run-finished", target: target.path, run: target.runPath ?? "", status: status === "waiting" || status === "paused" ? status : "done", detail, counts });
  }

  private emit(event: BatchEvent): void {
    try {
      this.options.onEvent?.(event);
    } catch {
      // A listener's failure (a closed terminal, a removed view) must not stop the runs.
    }
  }
}
