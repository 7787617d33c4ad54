// `sop amend <vault> <sop-note> …`: the model proposes an amended SOP; the diff is shown, then applied on yes.
import { buildAmendMessages } from "../../core/learn/amend-prompt";
import { formatChangelogEntry } from "../../core/learn/changelog";
import { collectLessons, lessonsInstruction } from "../../core/learn/lessons";
import { loadPastRuns } from "../../core/learn/load-past-runs";
import { validateProposal } from "../../core/learn/proposal";
import { folderOf, noteName } from "../../core/notes/names";
import { ModelError, type ModelPort } from "../../core/ports";
import { UsageError, type CliCommand, type CliIo } from "../command";
import type { FolderVault } from "../folder-vault";
import { parseFlags } from "../flags";
import { confirmAndApply } from "../confirm-apply";
import { chooseModel, MODEL_FLAG_OPTIONS } from "../model-options";
import { openVault, resolveNote } from "../vault-session";
import { nodeYaml } from "../yaml-codec";
import { isoDate } from "../../core/notes/dates";

const CONFIRM = "Apply this amendment? [y/N] ";

interface Lessons {
  runLink: string;
  lines: string[];
  instruction: string | null;
}

export const amendCommand: CliCommand = {
  name: "amend",
  summary: "let the model amend an SOP from an instruction or a run's lessons (shows the diff, applies on yes)",
  usage: "sop amend <vault> <sop-note> (--instruction <text> | --from-run <run-note>) [--yes] [--base-url <url>] [--model <name>] [--api-key-env <NAME>] [--timeout <seconds>] [--retries <n>]",
  async run(argv, io) {
    const { values, positionals } = parseFlags(argv, {
      instruction: { type: "string" },
      "from-run": { type: "string" },
      yes: { type: "boolean" },
      ...MODEL_FLAG_OPTIONS,
    });
    if (positionals.length > 2) throw new UsageError(`Expected a vault and an SOP note, got ${positionals.length} arguments; quote an instruction with spaces.`);
    const vault = await openVault(positionals[0]);
    const sopPath = await resolveNote(vault, positionals[1], "SOP note");
    const instructionFlag = values.instruction?.trim() ?? "";
    if (values.instruction !== undefined && instructionFlag === "") throw new UsageError("--instruction is empty; say what to change.");
    if (!instructionFlag && !values["from-run"]) throw new UsageError("Say what to change with --instruction <text>, or fold in what a run taught with --from-run <run note>.");
    const original = await vault.read(sopPath);
    if (original === null) throw new UsageError(`Could not read ${sopPath}.`);

    const lessons = values["from-run"] ? await runLessons(vault, sopPath, values["from-run"]) : null;
    const instruction = instructionFlag || lessons?.instruction;
    if (!instruction) throw new UsageError("No lessons in that run: nothing to amend.");

    const choice = await chooseModel(values, io.env);
    if (!choice.model) throw new UsageError("amend needs a model: set OPENAI_API_KEY, or pass --base-url (and --model) for another endpoint.");

    io.out(`Asking ${choice.modelName || "the model"} to amend ${sopPath}…\n`);
    const answer = await propose(choice.model, choice.modelName, original, instruction, instructionFlag ? (lessons?.lines ?? []) : [], io);
    if (answer === null) return 1;

    const date = isoDate(new Date());
    const proposal = validateProposal(original, answer, { name: noteName(sopPath), yaml: nodeYaml, runLink: lessons?.runLink ?? null, date });
    if (!proposal.ok) {
      io.err(`${proposal.error}\n`);
      return 1;
    }
    const lines = [
      `Summary: ${proposal.summary}`,
      `Version: ${proposal.fromVersion} → ${proposal.toVersion}; Changelog: ${formatChangelogEntry({ date, version: proposal.toVersion, summary: proposal.summary, runLink: lessons?.runLink })}`,
    ];
    return confirmAndApply(io, vault, sopPath, original, { ...proposal, lines }, { yes: values.yes === true, question: CONFIRM, applied: `Applied: ${sopPath} is now version ${proposal.toVersion}.` });
  },
};

/** The run's lessons (feedback, accepted findings) and the link the Changelog entry gives back to it. */
async function runLessons(vault: FolderVault, sopPath: string, runArg: string): Promise<Lessons> {
  const runPath = await resolveNote(vault, runArg, "run note");
  const { records } = await loadPastRuns(vault, nodeYaml, sopPath, folderOf(runPath));
  const record = records.find((r) => r.path === runPath);
  if (!record) throw new UsageError(`${runPath} is not a run of ${sopPath}.`);
  const lessons = collectLessons(record);
  return {
    runLink: vault.link(runPath, sopPath, noteName(runPath)),
    lines: lessons.map((l) => l.line),
    instruction: lessonsInstruction(lessons),
  };
}

/** The model's proposed SOP text, or null (after saying why on stderr) when the call failed. */
async function propose(model: ModelPort, modelName: string, sopText: string, instruction: string, lessons: string[], io: CliIo): Promise<string | null> {
  try {
    const result = await model.complete({ model: modelName, messages: buildAmendMessages({ sopText, instruction, lessons }), signal: io.signal });
    if (result.finishReason !== "stop") {
      io.err(`The model's answer was cut short (${result.finishReason}), so nothing was applied; try again or use a model with a longer output limit.\n`);
      return null;
    }
    return result.text;
  } catch (error) {
    io.err(`${error instanceof ModelError ? error.message : `The model call failed: ${error instanceof Error ? error.message : String(error)}`} Nothing was changed.\n`);
    return null;
  }
}
