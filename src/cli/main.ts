// The `sop` command line (dist/sop.cjs): wires the process's streams into runCli.
import { createInterface } from "node:readline";
import process from "node:process";
import { commands } from "./commands/index";
import { oneLineMessage, runCli } from "./run-cli";
import type { CliIo } from "./command";

const controller = new AbortController();
process.on("SIGINT", () => {
  if (controller.signal.aborted) process.exit(130);
  controller.abort();
});

/** A failure nobody awaited is still a runtime failure: one line, exit 1, never a stack trace. */
function die(error: unknown): void {
  process.stderr.write(`sop: ${oneLineMessage(error)}\n`);
  process.exit(1);
}
process.on("uncaughtException", die);
process.on("unhandledRejection", die);

let lines: AsyncIterableIterator<string> | null = null;

const io: CliIo = {
  out: (text) => void process.stdout.write(text),
  err: (text) => void process.stderr.write(text),
  ask: async (question) => {
    process.stdout.write(question);
    lines ??= createInterface({ input: process.stdin, terminal: false })[Symbol.asyncIterator]();
    const next = await lines.next();
    return next.done ? null : next.value;
  },
  env: process.env,
  signal: controller.signal,
};

runCli(process.argv.slice(2), io, commands).then(
  (code) => {
    process.exitCode = code;
    // Readline keeps stdin open; leave once output has drained.
    process.stdout.write("", () => process.exit(code));
  },
  die,
);
