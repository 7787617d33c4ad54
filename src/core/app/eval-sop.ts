// `sop eval`: runs an SOP k times unattended, approving every gate, and collects each step's output and review findings.
import type { RunEngine } from "../run/engine";
import type { RunEvent } from "../run/engine-types";
import { fail, ok, type Result } from "../notes/result";
import { summarizeEval, type EvalReport, type EvalStepRun } from "./eval-report";

export interface EvalOptions {
  sopPath: string;
  k: number;
  inputs?: Record<string, string>;
  model?: string;
  signal?: AbortSignal;
  /** Told when each run starts and ends, for progress on the terminal. */
  onRun?: (run: number, runPath: string, event: "started" | "done") => void;
}

export interface EvalOutcome {
  report: EvalReport;
  runPaths: string[];
}

/** Gates met along the way are approved as they stand: an evaluation measures the SOP, not the person. */
const MAX_GATES_PER_RUN = 1000;

export async function evalSop(engine: RunEngine, options: EvalOptions): Promise<Result<EvalOutcome>> {
  const runs: EvalStepRun[][] = [];
  const runPaths: string[] = [];
  let steps: { index: number; title: string }[] = [];
  for (let n = 1; n <= options.k; n++) {
    const started = await engine.start({ sopPath: options.sopPath, inputs: options.inputs, mode: "auto", model: options.model });
    if (!started.ok) return started;
    const runPath = started.value;
    runPaths.push(runPath);
    options.onRun?.(n, runPath, "started");
    const findings = new Map<number, { high: number; medium: number; low: number }>();
    const reviewErrors = new Set<number>();
    const onEvent = (event: RunEvent) => {
      if (event.type !== "review") return;
      if (event.error) reviewErrors.add(event.step);
      const sum = findings.get(event.step) ?? { high: 0, medium: 0, low: 0 };
      // A revision is not asked for, so each step is reviewed once per run; later reviews of it would add up.
      findings.set(event.step, { high: sum.high + event.findings.high, medium: sum.medium + event.findings.medium, low: sum.low + event.findings.low });
    };
    for (let gates = 0; ; gates++) {
      const advanced = await engine.advance(runPath, { signal: options.signal, onEvent });
      if (!advanced.ok) return advanced;
      const outcome = advanced.value;
      if (outcome.status === "done" || outcome.status === "cancelled") break;
      if (outcome.status === "paused" || outcome.status === "failed") return fail(`Run ${n} of ${options.k} stopped: ${outcome.error ?? outcome.status}. It is kept at ${runPath}.`);
      if (gates >= MAX_GATES_PER_RUN) return fail(`Run ${n} of ${options.k} did not finish after ${MAX_GATES_PER_RUN} gates.`);
      const approved = await engine.approve(runPath);
      if (!approved.ok) return approved;
    }
    const record = await engine.loadRun(runPath);
    if (!record.ok) return record;
    steps = record.value.procedure.steps.map((s) => ({ index: s.index, title: s.title }));
    runs.push(
      record.value.state.steps.map((s) => ({
        index: s.index,
        status: s.status === "skipped" && !(s.skipReason ?? "").startsWith("condition not met") ? "not-run" : s.status,
        text: s.text,
        findings: findings.get(s.index) ?? null,
        reviewError: reviewErrors.has(s.index),
      })),
    );
    options.onRun?.(n, runPath, "done");
  }
  return ok({ report: summarizeEval(steps, runs), runPaths });
}
