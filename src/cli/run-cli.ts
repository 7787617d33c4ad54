// Dispatches `sop <command> …` to a subcommand and turns errors into exit codes: 2 = bad input, 1 = a runtime failure.
import { UsageError, type CliCommand, type CliIo } from "./command";
import { withoutControlCharacters } from "../core/notes/untrusted-text";

/**
 * Control characters (C0 but newline and tab, DEL, C1) never reach the terminal: a model's text could carry an
 * escape sequence that rewrites the person's screen. The notes keep the text as it came.
 */
export function terminalSafe(text: string): string {
  return withoutControlCharacters(text);
}

export async function runCli(argv: string[], raw: CliIo, commands: CliCommand[]): Promise<number> {
  const io: CliIo = { ...raw, out: (text) => raw.out(terminalSafe(text)), err: (text) => raw.err(terminalSafe(text)) };
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
    io.err(`sop ${name}: ${oneLineMessage(error)}\n`);
    return error instanceof UsageError ? 2 : 1;
  }
}

function helpText(commands: CliCommand[]): string {
  const width = Math.max(8, ...commands.map((c) => c.name.length));
  const lines = commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`);
  return `usage: sop <command> [options]\n\ncommands:\n${lines.join("\n")}\n\nRun "sop <command> --help" for a command's options.\n`;
}

/** The first line of an error's message, never its stack: what a person can act on. */
export function oneLineMessage(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split("\n").find((line) => line.trim() !== "")?.trim() ?? "unexpected failure";
}
