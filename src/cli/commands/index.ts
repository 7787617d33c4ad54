// The registry of `sop` subcommands; each lives in its own file.
import type { CliCommand } from "../command";
import { previewCommand } from "./preview";
import { resumeCommand } from "./resume";
import { runCommand } from "./run";
import { statusCommand } from "./status";

export const commands: CliCommand[] = [runCommand, resumeCommand, statusCommand, previewCommand];
