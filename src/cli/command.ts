// The shape every `sop` subcommand has, and the error that means "bad input: exit 2 with one line".

/** Where a command writes; tests pass buffers, the real CLI passes the process streams. */
export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  /** Asks a question on the terminal; resolves to the typed line (null at end of input). */
  ask(question: string): Promise<string | null>;
  /** Environment variables (OPENAI_API_KEY, OPENAI_BASE_URL, SOP_MODEL, …). */
  env: Record<string, string | undefined>;
  /** Aborted on Ctrl-C. */
  signal: AbortSignal;
}

export interface CliCommand {
  name: string;
  /** One line for `sop help`. */
  summary: string;
  usage: string;
  /** Resolves to the exit code. Throws UsageError for bad input. */
  run(argv: string[], io: CliIo): Promise<number>;
}

/** Bad input (missing file, no procedure, unknown flag): printed as one line, exit code 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}
