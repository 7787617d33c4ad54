// Dispatches `sop <command> …` to a subcommand and turns errors into exit codes (2 = bad input).
import { UsageError, type CliCommand, type CliIo } from "./command";

export async function runCli(argv: string[], io: CliIo, commands: CliCommand[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === "help" || name === "--help" || name === "-h") {
    io.out(helpText(commands));
    return name ? 0 : 2;
  }
  const command = commands.find((c) => c.name === name);
  if (!command) {
    io.err(`sop: unknown command "${name}". Run "sop help" for the list.\n`);
    return 2;
  }
  if (rest.includes("--help") || rest.includes("-h")) {
    io.out(`usage: ${command.usage}\n`);
    return 0;
  }
  try {
    return await command.run(rest, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(`sop ${name}: ${error.message}\n`);
      return 2;
    }
    const message = error instanceof Error ? error.message : String(error);
    io.err(`sop ${name}: ${message}\n`);
    return 1;
  }
}

function helpText(commands: CliCommand[]): string {
  const width = Math.max(8, ...commands.map((c) => c.name.length));
  const lines = commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`);
  return `usage: sop <command> [options]\n\ncommands:\n${lines.join("\n")}\n\nRun "sop <command> --help" for a command's options.\n`;
}
