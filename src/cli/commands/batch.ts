// `sop batch <vault> <sop-note> (--tag t | --folder f)`: runs an SOP over many notes unattended, resumably.
import { isAbsolute, relative, resolve } from "node:path";
import { estimateBatch, type BatchEstimate } from "../../core/batch/estimate-batch";
import { describeSelector, type BatchEvent, type BatchOutcome, type BatchRecord, type BatchSelector } from "../../core/batch/batch-types";
import { costOf } from "../../llm/cost";
import { UsageError, type CliCommand, type CliIo } from "../command";
import { parseFlags } from "../flags";
import { chooseModel, MODEL_FLAG_OPTIONS } from "../model-options";
import { warnOnStderr } from "../price-check";
import { runtimeFor, openVault, resolveNote, unwrap, unwrapInput } from "../vault-session";
import { nodeYaml } from "../yaml-codec";
import { formatUsd } from "../../core/notes/money";

const MAX_CONCURRENCY = 16;

export const batchCommand: CliCommand = {
  name: "batch",
  summary: "run an SOP over every note with a tag or under a folder, unattended and resumable",
  usage: "sop batch <vault> <sop-note> (--tag <tag> | --folder <path>) [--auto] [--concurrency N] [--resume] [--base-url <url>] [--model <name>] [--api-key-env <NAME>] [--timeout <seconds>] [--retries <n>] [--context <tokens>]",
  async run(argv, io) {
    const { values, positionals } = parseFlags(argv, {
      tag: { type: "string" },
      folder: { type: "string" },
      auto: { type: "boolean" },
      concurrency: { type: "string" },
      resume: { type: "boolean" },
      ...MODEL_FLAG_OPTIONS,
    });
    if (positionals.length > 2) throw new UsageError(`Expected a vault and an SOP note, got ${positionals.length} arguments; quote names with spaces.`);
    if (values.tag !== undefined && values.folder !== undefined) throw new UsageError("Give one of --tag or --folder, not both.");
    if (values.tag === undefined && values.folder === undefined && !values.resume) throw new UsageError("Give exactly one of --tag <tag> or --folder <path> (or --resume to continue the last batch).");
    const concurrency = values.concurrency === undefined ? undefined : parseConcurrency(values.concurrency);
    const vault = await openVault(positionals[0]);
    const sopPath = await resolveNote(vault, positionals[1], "SOP note");
    const selector: BatchSelector | undefined =
      values.tag !== undefined ? { tag: values.tag } : values.folder !== undefined ? { folder: vaultFolder(vault.root, values.folder) } : undefined;

    const choice = await chooseModel(values, io.env);
    const { engine, batch: runner } = runtimeFor(vault, choice.model, choice.modelName, 0, undefined, warnOnStderr(io), choice.config);
    io.out(`${choice.describe}\n`);

    // Re-running the same command continues the newest unfinished batch of this SOP over the same notes.
    let batch: BatchRecord;
    const unfinished = unwrap(await runner.findUnfinished(sopPath, selector));
    if (unfinished) {
      batch = unwrap(await runner.load(unfinished));
      const left = batch.targets.filter((t) => t.status !== "done").length;
      io.out(`Continuing the batch in ${batch.path}: ${batch.targets.length - left} of ${batch.targets.length} runs done, ${left} to go.\n`);
    } else {
      if (values.resume || !selector) throw new UsageError(`No unfinished batch of "${sopPath}"${selector ? ` over ${describeSelector(selector)}` : ""} to resume.`);
      const targets = unwrapInput(await runner.selectTargets(sopPath, selector));
      const estimate = targets.length ? await estimateBatch({ engine, vault, yaml: nodeYaml }, { sopPath, targets, model: choice.modelName, price: (usage, model) => costOf(usage, model) }) : null;
      batch = unwrapInput(await runner.plan({ sopPath, selector, concurrency, model: choice.modelName, targets }));
      io.out(`Batch of ${batch.targets.length} run${batch.targets.length === 1 ? "" : "s"} of "${batch.sopTitle}" over ${describeSelector(batch.selector)}, ${concurrency ?? batch.concurrency} at a time, in auto mode.\n`);
      if (estimate) io.out(`${estimate.ok ? describeEstimate(estimate.value) : `No estimate: ${estimate.error}`}\n`);
      io.out(`Batch note: ${batch.path}\n`);
    }

    const outcome = unwrap(await runner.run(batch.path, { signal: io.signal, concurrency, onEvent: progressLine(io) }));
    const hint = `Continue with: sop batch "${positionals[0]}" "${positionals[1]}" --resume`;
    return summarize(io, outcome, hint);
  },
};

function parseConcurrency(text: string): number {
  const n = Number(text);
  if (!/^\d+$/.test(text.trim()) || n < 1 || n > MAX_CONCURRENCY) throw new UsageError(`--concurrency takes a whole number from 1 to ${MAX_CONCURRENCY}, not "${text}".`);
  return n;
}

/** --folder is relative to the vault; an absolute path inside the vault is accepted too. */
function vaultFolder(root: string, folder: string): string {
  if (!isAbsolute(folder)) return folder;
  const inside = relative(root, resolve(folder));
  if (inside.startsWith("..") || isAbsolute(inside)) throw new UsageError(`The folder "${folder}" is not inside the vault at "${root}".`);
  return inside.split("\\").join("/");
}

function describeEstimate(estimate: BatchEstimate): string {
  if (estimate.modelSteps === 0) return "Estimate: no step goes to a model, so no tokens are sent; every run waits for a person at its first step.";
  const tokens = `about ${estimate.promptTokens.toLocaleString("en-US")} prompt and ${estimate.completionTokens.toLocaleString("en-US")} completion tokens`;
  const models = estimate.models.filter(Boolean);
  const cost = estimate.costUsd === null ? `cost unknown (no price for ${models.join(", ") || "the endpoint's default model"})` : `about ${formatUsd(estimate.costUsd)}`;
  return `Estimate: ${tokens}, ${cost} (each step's prompt as previewed now, plus earlier outputs; revisions not counted).`;
}

function progressLine(io: CliIo): (event: BatchEvent) => void {
  return (event) => {
    const { settled, total } = event.counts;
    switch (event.type) {
      case "run-started":
        io.out(`${event.resumed ? "Resumed" : "Started"} ${event.position} of ${total}: ${event.target} → ${event.run}\n`);
        break;
      case "run-finished":
        if (event.status === "done") io.out(`Done (${settled} of ${total}): ${event.target}\n`);
        else if (event.status === "waiting") io.out(`Waiting at a gate (${settled} of ${total}): ${event.target}: ${event.detail ?? ""}\n`);
        else io.out(`Paused: ${event.target}\n`);
        break;
      case "run-failed":
        io.out(`Failed (${settled} of ${total}): ${event.target}: ${event.error}\n`);
        break;
      case "batch-finished":
        break;
    }
  };
}

function summarize(io: CliIo, outcome: BatchOutcome, hint: string): number {
  const summary = `${outcome.done} done, ${outcome.failed} failed, ${outcome.waiting} waiting at a gate, of ${outcome.total}`;
  if (outcome.status === "cancelled") {
    io.out(`Batch cancelled (${summary}): the running runs are paused and nothing is lost.\n${hint}\nBatch note: ${outcome.manifestPath}\n`);
    return 1;
  }
  io.out(`Batch ${outcome.status}: ${summary}.\n`);
  for (const target of outcome.targets.filter((t) => t.status === "waiting")) {
    io.out(`  waiting: ${target.path}: ${target.detail ?? ""} (run: ${target.runPath ?? ""})\n`);
  }
  for (const target of outcome.targets.filter((t) => t.status === "failed")) {
    io.err(`Failed: ${target.path}: ${target.detail ?? "no reason recorded"}${target.runPath ? ` (run: ${target.runPath})` : ""}\n`);
  }
  io.out(`Batch note: ${outcome.manifestPath}\n`);
  if (outcome.failed > 0) io.err(`Nothing is lost. ${hint}\n`);
  else if (outcome.waiting > 0) io.out(`Approve the waiting steps with sop resume, then continue the batch with the same command.\n`);
  return outcome.failed > 0 ? 1 : 0;
}
