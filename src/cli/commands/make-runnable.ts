// `sop make-runnable <vault> <note>`: the model proposes a runnable version of the note; the diff is shown, then applied on yes.
import { formatChangelogEntry } from "../../core/learn/changelog";
import { buildRunnableMessages, MADE_RUNNABLE, validateRunnableProposal } from "../../core/learn/runnable-proposal";
import { noteName } from "../../core/notes/names";
import { ModelError } from "../../core/ports";
import { UsageError, type CliCommand } from "../command";
import { parseFlags } from "../flags";
import { confirmAndApply } from "../confirm-apply";
import { chooseModel, MODEL_FLAG_OPTIONS } from "../model-options";
import { openVault, resolveNote } from "../vault-session";
import { nodeYaml } from "../yaml-codec";
import { isoDate } from "../../core/notes/dates";

export const makeRunnableCommand: CliCommand = {
  name: "make-runnable",
  summary: "let the model rewrite a note's procedure as numbered steps under ## Steps (shows the diff, applies on yes)",
  usage: "sop make-runnable <vault> <note> [--yes] [--base-url <url>] [--model <name>] [--api-key-env <NAME>] [--timeout <seconds>] [--retries <n>]",
  async run(argv, io) {
    const { values, positionals } = parseFlags(argv, { yes: { type: "boolean" }, ...MODEL_FLAG_OPTIONS });
    if (positionals.length !== 2) throw new UsageError(`Expected a vault and a note, got ${positionals.length} arguments.`);
    const vault = await openVault(positionals[0]);
    const path = await resolveNote(vault, positionals[1], "note");
    const original = await vault.read(path);
    if (original === null) throw new UsageError(`Could not read ${path}.`);
    const choice = await chooseModel(values, io.env);
    if (!choice.model) throw new UsageError("make-runnable needs a model: set OPENAI_API_KEY, or pass --base-url (and --model) for another endpoint.");

    io.out(`Asking ${choice.modelName || "the model"} to make ${path} runnable…\n`);
    let answer: string;
    try {
      const result = await choice.model.complete({ model: choice.modelName, messages: buildRunnableMessages(original), signal: io.signal });
      if (result.finishReason !== "stop") {
        io.err(`The model's answer was cut short (${result.finishReason}), so ${path} is unchanged.\n`);
        return 1;
      }
      answer = result.text;
    } catch (error) {
      io.err(`${error instanceof ModelError ? error.message : `The model call failed: ${error instanceof Error ? error.message : String(error)}`} ${path} is unchanged.\n`);
      return 1;
    }
    const date = isoDate(new Date());
    const proposal = validateRunnableProposal(original, answer, { name: noteName(path), yaml: nodeYaml, date });
    if (!proposal.ok) {
      io.err(`${proposal.error}\n`);
      return 1;
    }
    const lines = [`Version: ${proposal.fromVersion} → ${proposal.toVersion}; Changelog: ${formatChangelogEntry({ date, version: proposal.toVersion, summary: MADE_RUNNABLE })}`];
    return confirmAndApply(io, vault, path, original, { ...proposal, lines }, { yes: values.yes === true, question: "Apply this runnable version? [y/N] ", applied: `Applied: ${path} is now runnable, version ${proposal.toVersion}.` });
  },
};
