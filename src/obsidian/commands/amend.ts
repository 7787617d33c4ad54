// Amending SOPs from the palette: an instruction or a run's lessons → the model's proposal → a per-hunk diff → an atomic write.
import type { Plugin } from "obsidian";
import { buildAmendMessages } from "../../core/learn/amend-prompt";
import { applyAmendment } from "../../core/learn/apply-amendment";
import { formatChangelogEntry } from "../../core/learn/changelog";
import { applyHunks } from "../../core/learn/diff";
import { collectLessons, lessonsInstruction } from "../../core/learn/lessons";
import { loadPastRuns } from "../../core/learn/load-past-runs";
import { buildAmendedNote, validateProposal, type Proposal } from "../../core/learn/proposal";
import { ModelError } from "../../core/ports";
import { folderOf, noteName } from "../../core/notes/names";
import { ObsidianVault } from "../adapters/obsidian-vault";
import { obsidianYaml } from "../adapters/obsidian-yaml";
import { isSop, pickSop, type RunCommandServices } from "./run";
import type { SopRuntimeSettings } from "../settings";
import { DiffModal } from "../ui/diff-modal";
import { TextPromptModal } from "../ui/text-prompt-modal";
import { isoDate } from "../../core/notes/dates";
import { progressNotice } from "../ui/progress-notice";

/** How often the progress notice's character count may change. */
const PROGRESS_INTERVAL_MS = 250;

export interface AmendServices extends RunCommandServices {
  settings: () => SopRuntimeSettings;
}

/** Where an amendment came from: the run it was learned from, and the lesson lines given as its reason. */
interface RunLessons {
  runLink: string;
  lines: string[];
}

export const AMEND_COMMAND_IDS = ["amend-sop", "amend-sop-pick", "suggest-amendments"] as const;

export function registerAmendCommands(plugin: Plugin, services: AmendServices): void {
  const { app, runs } = services;
  plugin.addCommand({
    id: "amend-sop",
    name: "Amend this SOP…",
    checkCallback: (checking) => {
      const file = app.workspace.getActiveFile();
      if (!file || !isSop(app, file, services.sopTag())) return false;
      if (!checking) askInstruction(services, file.path);
      return true;
    },
  });
  plugin.addCommand({
    id: "amend-sop-pick",
    name: "Amend an SOP…",
    callback: () => void pickSop(services, "Pick an SOP to amend", (sop) => askInstruction(services, sop.path)),
  });
  plugin.addCommand({
    id: "suggest-amendments",
    name: "Suggest SOP amendments from this run",
    checkCallback: (checking) => {
      const runPath = runs.activeRun();
      if (runPath === null) return false;
      if (!checking) safely(services, () => suggestFromRun(services, runPath));
      return true;
    },
  });
}

/** An unexpected failure (a note that cannot be read, say) becomes one notice rather than an uncaught rejection. */
function safely(services: AmendServices, work: () => Promise<void>): void {
  work().catch((error: unknown) => {
    services.notify(`The amendment stopped: ${error instanceof Error ? error.message : String(error)} Nothing was changed.`);
  });
}

function askInstruction(services: AmendServices, sopPath: string): void {
  new TextPromptModal(services.app, {
    title: `Amend "${noteName(sopPath)}"`,
    description: "Say what to change. The model proposes the new SOP text and you accept or reject each change.",
    placeholder: "Insert this line into Step 1: …",
    submitText: "Propose",
    required: true,
    emptyMessage: "Say what to change.",
    onSubmit: (instruction) => safely(services, () => proposeAmendment(services, sopPath, instruction, null)),
  }).open();
}

/** The run's feedback and accepted findings become the instruction; the Changelog entry links back to the run. */
export async function suggestFromRun(services: AmendServices, runPath: string): Promise<void> {
  const loaded = await services.runs.loadRun(runPath);
  if (!loaded.ok) return services.notify(loaded.error);
  const sopPath = loaded.value.sopPath;
  const vault = ObsidianVault.fromApp(services.app);
  const { records } = await loadPastRuns(vault, obsidianYaml, sopPath, folderOf(runPath));
  const record = records.find((r) => r.path === runPath);
  const lessons = record ? collectLessons(record) : [];
  const instruction = lessonsInstruction(lessons);
  if (instruction === null) return services.notify("No lessons in this run: nothing to amend.");
  const runLink = vault.link(runPath, sopPath, noteName(runPath));
  await proposeAmendment(services, sopPath, instruction, { runLink, lines: lessons.map((l) => l.line) });
}

/** Asks the model, validates what it returns and shows the diff; every failure is one notice and leaves the SOP as it was. */
export async function proposeAmendment(services: AmendServices, sopPath: string, instruction: string, lessons: RunLessons | null): Promise<void> {
  const { app, notify } = services;
  const name = noteName(sopPath);
  const model = services.runs.model();
  if (!model) return notify("Amending an SOP needs a model: choose a provider in the plugin's options first.");
  const vault = ObsidianVault.fromApp(app);
  const original = await vault.read(sopPath);
  if (original === null) return notify(`Could not read "${sopPath}".`);

  const asking = `Asking the model to amend "${name}"…`;
  const controller = new AbortController();
  const progress = progressNotice(asking, "Cancel", () => controller.abort());
  const cancelled = (): void => notify(`Cancelled: "${name}" is unchanged.`);
  let answer: string;
  try {
    const messages = buildAmendMessages({ sopText: original, instruction, lessons: lessons?.lines ?? [] });
    let received = 0;
    let shown = 0;
    const result = await model.complete({ model: services.settings().defaultModel, messages, signal: controller.signal }, (delta) => {
      received += delta.length;
      // A few updates a second at most, however fast the model streams.
      if (Date.now() - shown < PROGRESS_INTERVAL_MS) return;
      shown = Date.now();
      progress.update(`${asking} ${received.toLocaleString("en-US")} characters so far.`);
    });
    if (result.finishReason === "cancelled" || controller.signal.aborted) return cancelled();
    if (result.finishReason !== "stop") {
      return notify(`The model's answer was cut short (${result.finishReason}), so nothing was changed; try again or use a model with a longer output limit.`);
    }
    answer = result.text;
  } catch (error) {
    if (controller.signal.aborted || (error instanceof ModelError && error.kind === "cancelled")) return cancelled();
    const reason = error instanceof ModelError ? error.message : `The model call failed: ${error instanceof Error ? error.message : String(error)}`;
    return notify(`${reason} Nothing was changed.`);
  } finally {
    progress.close();
  }

  const date = isoDate(new Date());
  const runLink = lessons?.runLink ?? null;
  const proposal = validateProposal(original, answer, { name, yaml: obsidianYaml, date, runLink });
  if (!proposal.ok) return notify(proposal.error);
  new DiffModal(app, {
    title: `Proposed changes to "${name}"`,
    hunks: proposal.hunks,
    fromVersion: proposal.fromVersion,
    toVersion: proposal.toVersion,
    changelogLine: formatChangelogEntry({ date, version: proposal.toVersion, summary: proposal.summary, runLink }),
    warnings: proposal.warnings,
    onApply: (ids) => safely(services, () => applySelected(services, vault, sopPath, original, proposal, ids, { date, runLink })),
  }).open();
}

/** Writes the accepted hunks only; refuses (with a notice) when nothing was ticked or the SOP changed meanwhile. */
async function applySelected(
  services: AmendServices,
  vault: ObsidianVault,
  sopPath: string,
  original: string,
  proposal: Proposal,
  ids: number[],
  entry: { date: string; runLink: string | null },
): Promise<void> {
  const { notify } = services;
  const name = noteName(sopPath);
  if (ids.length === 0) return notify(`Nothing was selected, so "${name}" is unchanged.`);
  let newNoteText = proposal.newNoteText;
  let toVersion = proposal.toVersion;
  if (ids.length < proposal.hunks.length) {
    const body = applyHunks(proposal.oldBody, proposal.hunks, ids);
    if (!body.ok) return notify(body.error);
    const partial = buildAmendedNote(original, body.text, { name, yaml: obsidianYaml, ...entry });
    if (!partial.ok) return notify(partial.error);
    newNoteText = partial.newNoteText;
    toVersion = partial.toVersion;
  }
  const applied = await applyAmendment(vault, sopPath, original, newNoteText);
  if (!applied.ok) return notify(applied.error);
  notify(`Amended "${name}": it is now version ${toVersion}.`);
}
