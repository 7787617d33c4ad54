// A rough cost of a batch before it starts, for the confirmation that shows how many runs and what they may cost.
/*
 * Method. For up to `sampleSize` targets spread over the list, every step of a run on that target is previewed with
 * engine.preview (the exact prompt start would send, its token estimate). A run's later prompts also carry the
 * earlier steps' outputs, which a preview cannot know yet, so step k adds (k − 1) × `completionTokensPerStep`;
 * each model step is assumed to answer `completionTokensPerStep` tokens. The sampled runs' mean is multiplied by the
 * number of runs. Steps done by a person cost nothing. Revisions, retries and reviewers are not counted: the figure
 * is a floor for a batch that runs through unattended, good to a factor, not to a cent.
 */
import type { TokenUsage } from "../ports";
import { loadProcedure } from "../sop/load-procedure";
import { fail, ok, type Result } from "../notes/result";
import type { BatchPorts } from "./batch-types";

/** USD for a usage on a model; `known: false` when the model has no price (the cost is then unknown). */
export type PriceFunction = (usage: TokenUsage, model: string) => { usd: number; known: boolean };

export interface EstimateOptions {
  sopPath: string;
  targets: string[];
  /** The model runs will use ("" lets the engine's settings choose). */
  model?: string;
  price?: PriceFunction;
  completionTokensPerStep?: number;
  sampleSize?: number;
}

export interface BatchEstimate {
  runs: number;
  /** Steps per run, and how many of them go to the model. */
  steps: number;
  modelSteps: number;
  promptTokens: number;
  completionTokens: number;
  /** null when no price function was given or a model has no price. */
  costUsd: number | null;
  /** The models the runs would call, for "price unknown for …". */
  models: string[];
}

export const DEFAULT_COMPLETION_TOKENS_PER_STEP = 600;
export const DEFAULT_ESTIMATE_SAMPLE = 8;

export async function estimateBatch(ports: Pick<BatchPorts, "engine" | "vault" | "yaml">, options: EstimateOptions): Promise<Result<BatchEstimate>> {
  const { engine } = ports;
  const procedure = await loadProcedure(ports.vault, ports.yaml, options.sopPath);
  if (!procedure.ok) return procedure;
  const steps = procedure.value.steps.length;
  const perStepOut = options.completionTokensPerStep ?? DEFAULT_COMPLETION_TOKENS_PER_STEP;
  const sample = spread(options.targets, options.sampleSize ?? DEFAULT_ESTIMATE_SAMPLE);
  const empty: BatchEstimate = { runs: 0, steps, modelSteps: 0, promptTokens: 0, completionTokens: 0, costUsd: options.price ? 0 : null, models: [] };
  if (sample.length === 0) return ok(empty);
  const byModel = new Map<string, { promptTokens: number; completionTokens: number }>();
  let modelSteps = 0;
  for (const projectPath of sample) {
    const start = { sopPath: options.sopPath, projectPath, mode: "auto" as const, model: options.model || undefined };
    modelSteps = 0;
    for (const [position, step] of procedure.value.steps.entries()) {
      const preview = await engine.preview(start, step.index);
      if (!preview.ok) return fail(preview.error);
      if (preview.value.model === null) continue;
      modelSteps++;
      const model = preview.value.model || options.model || "";
      const tally = byModel.get(model) ?? { promptTokens: 0, completionTokens: 0 };
      tally.promptTokens += preview.value.estimatedTokens + position * perStepOut;
      tally.completionTokens += perStepOut;
      byModel.set(model, tally);
    }
  }
  const scale = options.targets.length / sample.length;
  let promptTokens = 0;
  let completionTokens = 0;
  let costUsd: number | null = options.price ? 0 : null;
  for (const [model, tally] of byModel) {
    const usage = { promptTokens: Math.round(tally.promptTokens * scale), completionTokens: Math.round(tally.completionTokens * scale), estimated: true };
    promptTokens += usage.promptTokens;
    completionTokens += usage.completionTokens;
    const cost = options.price?.(usage, model);
    costUsd = costUsd === null || !cost?.known ? null : costUsd + cost.usd;
  }
  return ok({ runs: options.targets.length, steps, modelSteps, promptTokens, completionTokens, costUsd, models: [...byModel.keys()] });
}

/** Up to `size` items spread evenly over the list, first and last included. */
function spread<T>(items: T[], size: number): T[] {
  if (items.length <= size) return items;
  const step = (items.length - 1) / Math.max(size - 1, 1);
  return Array.from({ length: size }, (_, i) => items[Math.round(i * step)]);
}
