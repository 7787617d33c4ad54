// "Make this note runnable…" with a model: the model's runnable version, shown in the amendment diff and applied as a versioned amendment.
import type { TFile } from "obsidian";
import { applyAmendment } from "../../core/learn/apply-amendment";
import { formatChangelogEntry } from "../../core/learn/changelog";
import type { Proposal } from "../../core/learn/proposal";
import { buildRunnableMessages, MADE_RUNNABLE, runnableNoteFor, validateRunnableProposal, type RunnableOptions } from "../../core/learn/runnable-proposal";
import { ModelError, type ModelPort } from "../../core/ports";
import { ObsidianVault } from "../adapters/obsidian-vault";
import { obsidianYaml } from "../adapters/obsidian-yaml";
import { isSop, type RunCommandServices } from "./run";
import type { SopRuntimeSettings } from "../settings";
import { DiffModal } from "../ui/diff-modal";
import { progressNotice, type ProgressHandle } from "../ui/progress-notice";
import { isoDate } from "../../core/notes/dates";

const PROGRESS_INTERVAL_MS = 250;

export interface MakeRunnableServices extends RunCommandServices {
  settings: () => SopRuntimeSettings;
}

/** Asks one model at a time; the pending request can be cancelled from its notice or the palette. */
export class RunnableProposer {
  private running: AbortController | null = null;

  constructor(private readonly services: MakeRunnableServices) {}

  isAsking(): boolean {
    return this.running !== null;
  }

  cancel(): void {
    this.running?.abort();
  }

  /** The model's proposal for the note, validated, then the diff modal; every failure is one notice and changes nothing. */
  async propose(model: ModelPort, file: TFile): Promise<void> {
    const { app, notify } = this.services;
    if (this.running) return notify("The model is already making a note runnable; cancel it first, or wait for the proposal.");
    const vault = ObsidianVault.fromApp(app);
    const original = await vault.read(file.path);
    if (original === null) return notify(`Could not read "${file.path}".`);
    const options: RunnableOptions = { name: file.basename, yaml: obsidianYaml, date: isoDate(new Date()) };
    const answer = await this.ask(model, original, file.basename);
    if (answer === null) return;
    const proposal = validateRunnableProposal(original, answer, options);
    if (!proposal.ok) return notify(proposal.error);
    new DiffModal(app, {
      title: `Make "${file.basename}" runnable`,
      hunks: proposal.hunks,
      fromVersion: proposal.fromVersion,
      toVersion: proposal.toVersion,
      changelogLine: formatChangelogEntry({ date: options.date, version: proposal.toVersion, summary: MADE_RUNNABLE }),
      warnings: proposal.warnings,
      onApply: (ids) => void this.apply(vault, file.path, original, proposal, ids, options),
    }).open();
  }

  /** The model's answer, with progress and a Cancel button in a notice; null after saying why there is none. */
  private async ask(model: ModelPort, original: string, name: string): Promise<string | null> {
    const { notify } = this.services;
    const controller = new AbortController();
    this.running = controller;
    const asking = `Asking the model to make "${name}" runnable…`;
    const progress: ProgressHandle = progressNotice(asking, "Cancel", () => controller.abort());
    let received = 0;
    let shown = 0;
    try {
      const result = await model.complete({ model: this.services.settings().defaultModel, messages: buildRunnableMessages(original), signal: controller.signal }, (delta) => {
        received += delta.length;
        // A few updates a second at most, however fast the model streams.
        if (Date.now() - shown < PROGRESS_INTERVAL_MS) return;
        shown = Date.now();
        progress.update(`${asking} ${received.toLocaleString("en-US")} characters so far.`);
      });
      if (result.finishReason === "cancelled" || controller.signal.aborted) return cancelled(notify, name);
      if (result.finishReason !== "stop") {
        notify(`The model's answer was cut short (${result.finishReason}), so "${name}" is unchanged; try again, use a model with a longer output limit, or "Insert a steps skeleton".`);
        return null;
      }
      return result.text;
    } catch (error) {
      if (controller.signal.aborted || (error instanceof ModelError && error.kind === "cancelled")) return cancelled(notify, name);
      const reason = error instanceof ModelError ? error.message : `The model call failed: ${error instanceof Error ? error.message : String(error)}`;
      notify(`${reason} "${name}" is unchanged.`);
      return null;
    } finally {
      progress.close();
      this.running = null;
    }
  }

  /** Writes the kept changes in one Vault.process, refusing if the note changed since the proposal. */
  private async apply(vault: ObsidianVault, path: string, original: string, proposal: Proposal, ids: number[], options: RunnableOptions): Promise<void> {
    const { notify } = this.services;
    if (ids.length === 0) return notify(`Nothing was selected, so "${options.name}" is unchanged.`);
    const note = runnableNoteFor(original, proposal, ids, options);
    if (!note.ok) return notify(note.error);
    const applied = await applyAmendment(vault, path, original, note.newNoteText);
    if (!applied.ok) return notify(applied.error);
    notify(`"${options.name}" is now runnable: version ${note.toVersion}, recorded in its Changelog.${tagHint(this.services, path)}`);
  }
}

/** " Tag it #sop to run it." for a note that is not an SOP yet; "" otherwise. */
export function tagHint(services: Pick<RunCommandServices, "app" | "sopTag">, path: string): string {
  const file = services.app.vault.getFileByPath(path);
  return file && !isSop(services.app, file, services.sopTag()) ? ` Tag it #${services.sopTag()} to run it.` : "";
}

function cancelled(notify: (message: string) => void, name: string): null {
  notify(`Cancelled: "${name}" is unchanged.`);
  return null;
}
