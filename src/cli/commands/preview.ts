// `sop preview <vault> <sop-note>`: prints exactly the messages a step would send, and which notes they include.
import type { CliCommand } from "../command";
import { UsageError } from "../command";
import { parseFlags } from "../flags";
import { engineFor, openVault, resolveNote, unwrapInput } from "../vault-session";

export const previewCommand: CliCommand = {
  name: "preview",
  summary: "show the exact messages a step would send to the model",
  usage: "sop preview <vault> <sop-note> [--project <note>] [--cue <text>] [--step <n>] [--model <name>] [--json]",
  async run(argv, io) {
    const { values, positionals } = parseFlags(argv, {
      project: { type: "string" },
      cue: { type: "string" },
      step: { type: "string" },
      model: { type: "string" },
      json: { type: "boolean" },
    });
    const vault = await openVault(positionals[0]);
    const sopPath = await resolveNote(vault, positionals[1], "SOP note");
    const projectPath = values.project ? await resolveNote(vault, values.project, "project note") : null;
    const step = values.step === undefined ? undefined : Number(values.step);
    if (step !== undefined && (!Number.isInteger(step) || step < 1)) throw new UsageError(`--step takes a step number, not "${values.step}".`);
    const modelName = values.model ?? io.env.SOP_MODEL ?? "";
    const preview = unwrapInput(await engineFor(vault, null, modelName).preview({ sopPath, projectPath, cue: values.cue ?? "", model: modelName || undefined }, step));
    if (values.json) {
      io.out(JSON.stringify(preview, null, 2) + "\n");
      return 0;
    }
    io.out(`Step ${preview.step}: ${preview.title}\n`);
    io.out(`Notes included: ${preview.included.map((n) => `${n.path} (${n.role}, ${n.chars} chars${n.cut ? ", cut" : ""})`).join("; ") || "none"}\n`);
    io.out(`About ${preview.estimatedTokens} tokens.\n`);
    preview.messages.forEach((m, i) => io.out(`\n===== message ${i + 1}: ${m.role} =====\n${m.content}\n`));
    return 0;
  },
};
