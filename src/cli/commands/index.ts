// The registry of `sop` subcommands; each lives in its own file.
import type { CliCommand } from "../command";
import { amendCommand } from "./amend";
import { listCommand } from "./list";
import { parseCommand } from "./parse";
import { previewCommand } from "./preview";
import { resumeCommand } from "./resume";
import { runCommand } from "./run";
import { scorecardCommand } from "./scorecard";
import { statusCommand } from "./status";
import { batchCommand } from "./batch";
import { reviewCommand } from "./review";
import { dueCommand } from "./due";
import { evalCommand } from "./eval";
import { makeRunnableCommand } from "./make-runnable";

export const commands: CliCommand[] = [parseCommand, listCommand, runCommand, resumeCommand, statusCommand, previewCommand, amendCommand, scorecardCommand, batchCommand, reviewCommand, dueCommand, evalCommand, makeRunnableCommand];
