// `sop eval <vault> <sop-note> --k 5`: runs the SOP k times unattended and writes a consistency table to a note.
import { evalNoteBody } from "../../core/app/eval-report";
import { evalSop } from "../../core/app/eval-sop";
import { noteText } from "../../core/run/waypoint-note";
import { UsageError, type CliCommand } from "../command";
import { parseFlags } from "../flags";
import { INPUT_FLAG_OPTIONS, readInputOptions } from "../input-options";
import { chooseModel, MODEL_FLAG_OPTIONS } from "../model-options";
import { engineFor, openVault, resolveNote, unwrap } from "../vault-session";
import { nodeYaml } from "../yaml-codec";
import { joinPath, noteName, safeNoteName } from "../../core/notes/names";
import { isoDate, isoDateTime } from "../../core/notes/dates";

const EVALS_FOLDER = "SOP evals";

export const evalCommand: CliCommand = {
  name: "eval",
  summary: "run an SOP k times unattended and report per step how often it passed review (pass^k) and how much outputs vary",
  usage: "sop eval <vault> <sop-note> [--k 5] [--input name=value]… [--inputs-file <yaml|json>] [--base-url <url>] [--model <name>] [--api-key-env <NAME>] [--timeout <seconds>] [--retries <n>] [--context <tokens>]",
  async run(argv, io) {
    const { values, positionals } = parseFlags(argv, { k: { type: "string" }, ...INPUT_FLAG_OPTIONS, ...MODEL_FLAG_OPTIONS });
    const vault = await openVault(positionals[0]);
    const sopPath = await resolveNote(vault, positionals[1], "SOP note");
    const k = values.k === undefined ? 5 : Number(values.k);
    if (!Number.isInteger(k) || k < 2 || k > 50) throw new UsageError(`--k takes a whole number of runs from 2 to 50, not "${values.k}".`);
    const inputs = await readInputOptions(values);
    const choice = await chooseModel(values, io.env);
    if (!choice.model) throw new UsageError("a model is needed to run the SOP against: give --base-url (and --model), or set OPENAI_BASE_URL or OPENAI_API_KEY.");
    // Evaluation runs go to their own folder, so they never count as the SOP's real (recurring) runs.
    const engine = engineFor(vault, choice.model, choice.modelName, 0, EVALS_FOLDER, undefined, choice.config);
    io.out(`${choice.describe}\nEvaluating ${sopPath} over ${k} runs.\n`);
    const outcome = unwrap(
      await evalSop(engine, {
        sopPath,
        k,
        inputs,
        model: choice.modelName || undefined,
        signal: io.signal,
        onRun: (n, runPath, event) => {
          if (event === "done") io.out(`Run ${n}/${k} done: ${runPath}\n`);
        },
      }),
    );
    const now = new Date();
    const title = noteName(sopPath);
    const notePath = joinPath(EVALS_FOLDER, `${safeNoteName(`${isoDate(now)} ${title} eval`)}.md`);
    let path = notePath;
    for (let n = 2; await vault.exists(path); n++) path = notePath.replace(/\.md$/, ` (${n}).md`);
    const properties = {
      sop: vault.link(sopPath, path, title),
      k,
      pass_k: Math.round(outcome.report.passK * 1000) / 1000,
      model: choice.modelName,
      evaluated: isoDateTime(now),
      tags: ["sop-eval"],
    };
    const links = outcome.runPaths.map((run) => vault.link(run, path, noteName(run)));
    await vault.ensureFolder(EVALS_FOLDER);
    await vault.create(path, noteText(nodeYaml, properties, evalNoteBody(title, outcome.report, links, choice.modelName)));
    io.out(`pass^${k}: ${Math.round(outcome.report.passK * 100)}% of steps passed review in all ${k} runs.\nReport: ${path}\n`);
    return 0;
  },
};
