// Batch runs from the command palette: one SOP over every note with a tag or in a folder, confirmed, with progress and cancel.
import { normalizePath, Notice } from "obsidian";
import { BatchRunner } from "../../core/batch/batch-runner";
import type { BatchEvent, BatchSelector } from "../../core/batch/batch-types";
import { estimateBatch } from "../../core/batch/estimate-batch";
import type { Plugin } from "obsidian";
import { ObsidianVault } from "../adapters/obsidian-vault";
import { obsidianYaml } from "../adapters/obsidian-yaml";
import { pickSop, type RunCommandServices } from "./run";
import { ConfirmModal } from "../ui/confirm-modal";
import { TextPromptModal } from "../ui/text-prompt-modal";
import { formatUsd } from "../../core/notes/money";
import { withoutControlCharacters } from "../../core/notes/untrusted-text";
import type { SopRuntimeSettings } from "../settings";

/** Shows a batch's progress; the plugin uses a notice that stays until the batch ends, tests record the lines. */
export interface BatchProgress {
  update(text: string): void;
  close(): void;
}

export interface BatchServices extends RunCommandServices {
  settings: () => SopRuntimeSettings;
  progress?: (cancel: () => void) => BatchProgress;
}

const DEFAULT_CONCURRENCY = 2;

export function registerBatchCommands(plugin: Plugin, services: BatchServices): void {
  let running: AbortController | null = null;
  plugin.addCommand({
    id: "run-sop-batch",
    name: "Run an SOP over many notes…",
    callback: () => {
      if (running) {
        services.notify("A batch is already running. Cancel it first, or wait for it to finish.");
        return;
      }
      void pickSop(services, "Pick an SOP to run over many notes", (sop) => askTargets(services, sop.path, (controller) => (running = controller)));
    },
  });
  plugin.addCommand({
    id: "cancel-batch",
    name: "Cancel batch",
    checkCallback: (checking) => {
      if (!running) return false;
      if (!checking) running.abort();
      return true;
    },
  });
  plugin.register(() => running?.abort());

  function askTargets(s: BatchServices, sopPath: string, setRunning: (c: AbortController | null) => void): void {
    new TextPromptModal(s.app, {
      title: "Which notes?",
      description: "A tag (like #client) runs the SOP on every note that carries it; a folder path runs it on every note inside. Each note becomes the project of its own run, in auto mode.",
      placeholder: "#client",
      submitText: "Next",
      required: true,
      emptyMessage: "Name a tag or a folder.",
      onSubmit: (answer) => void confirmAndRun(s, sopPath, parseSelector(answer), setRunning),
    }).open();
  }

  async function confirmAndRun(s: BatchServices, sopPath: string, selector: BatchSelector, setRunning: (c: AbortController | null) => void): Promise<void> {
    const { engine, batch: runner } = s.runs.runtime();
    const ports = { engine, vault: ObsidianVault.fromApp(s.app), yaml: obsidianYaml };
    const targets = await runner.selectTargets(sopPath, selector);
    if (!targets.ok) return s.notify(targets.error);
    if (targets.value.length === 0) return s.notify(`No note ${"tag" in selector ? `carries #${selector.tag}` : `is in "${selector.folder}"`}, so there is nothing to run.`);
    const pricing = s.runs.pricing();
    const estimate = await estimateBatch(ports, { sopPath, targets: targets.value, price: pricing ?? undefined });
    const lines = [`${targets.value.length} runs, ${DEFAULT_CONCURRENCY} at a time, each note the project of its own run, in auto mode.`];
    if (estimate.ok) {
      const cost = estimate.value.costUsd === null ? "cost unknown for these models" : `about ${formatUsd(estimate.value.costUsd)}`;
      lines.push(`Estimate: about ${estimate.value.promptTokens.toLocaleString("en-US")} prompt tokens, ${cost}.`);
    }
    lines.push("Runs stop only where a step needs a person; a failed run does not stop the others. You can cancel at any time.");
    new ConfirmModal(s.app, {
      title: `Run this SOP on ${targets.value.length} notes?`,
      lines,
      confirmText: `Start ${targets.value.length} runs`,
      onConfirm: () => void runBatch(s, runner, sopPath, selector, targets.value, setRunning),
    }).open();
  }

  async function runBatch(
    s: BatchServices,
    runner: BatchRunner,
    sopPath: string,
    selector: BatchSelector,
    targets: string[],
    setRunning: (c: AbortController | null) => void,
  ): Promise<void> {
    const existing = await runner.findUnfinished(sopPath, selector);
    let manifestPath = existing.ok ? existing.value : null;
    if (manifestPath === null) {
      const planned = await runner.plan({ sopPath, selector, targets, concurrency: DEFAULT_CONCURRENCY });
      if (!planned.ok) return s.notify(planned.error);
      manifestPath = planned.value.path;
    }
    const controller = new AbortController();
    setRunning(controller);
    const progress = (s.progress ?? noticeProgress)(() => controller.abort());
    progress.update(existing.ok && existing.value ? "Continuing the unfinished batch…" : `Batch of ${targets.length} runs started.`);
    try {
      const outcome = await runner.run(manifestPath, { signal: controller.signal, onEvent: (event) => progress.update(describe(event)) });
      if (!outcome.ok) return s.notify(outcome.error);
      const { done, failed, waiting, total } = outcome.value;
      const parts = [`${done} of ${total} done`, failed ? `${failed} failed` : "", waiting ? `${waiting} waiting for you` : ""].filter(Boolean);
      s.notify(`Batch ${outcome.value.status}: ${parts.join(", ")}. The batch note lists every run.`);
    } finally {
      progress.close();
      setRunning(null);
    }
  }
}

/** "#client" or "client/" style answers: a leading # means a tag, anything else a folder. */
export function parseSelector(answer: string): BatchSelector {
  const text = answer.trim();
  if (text.startsWith("#")) return { tag: text.slice(1) };
  return { folder: normalizePath(text) };
}

function describe(event: BatchEvent): string {
  const { settled, total, failed } = event.counts;
  const tail = failed ? `, ${failed} failed` : "";
  switch (event.type) {
    case "run-started":
      return `Batch: ${settled} of ${total} finished${tail}. Running ${event.target}…`;
    case "run-failed":
      return `Batch: ${settled} of ${total} finished${tail}. ${event.target} failed: ${event.error}`;
    default:
      return `Batch: ${settled} of ${total} finished${tail}.`;
  }
}

function noticeProgress(cancel: () => void): BatchProgress {
  const notice = new Notice("Batch starting…", 0);
  const render = (text: string): DocumentFragment => {
    const fragment = createFragment();
    fragment.createSpan({ text: withoutControlCharacters(text) });
    const button = fragment.createEl("button", { cls: "sop-runtime-notice-button", text: "Cancel batch" });
    button.addEventListener("click", cancel);
    return fragment;
  };
  return { update: (text) => notice.setMessage(render(text)), close: () => notice.hide() };
}
