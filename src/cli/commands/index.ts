// The registry of `sop` subcommands; each lives in its own file.
import type { CliCommand } from "../command";

export const commands: CliCommand[] = [];
