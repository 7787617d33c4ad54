// A CliIo that records output and answers questions from a script, for command-line tests.
import type { CliIo } from "../../src/cli/command";

export interface BufferIo extends CliIo {
  stdout(): string;
  stderr(): string;
}

export function bufferIo(answers: string[] = [], env: Record<string, string | undefined> = {}, signal = new AbortController().signal): BufferIo {
  let out = "";
  let err = "";
  const queue = [...answers];
  return {
    out: (text) => void (out += text),
    err: (text) => void (err += text),
    ask: (question) => {
      out += question;
      return Promise.resolve(queue.length ? (queue.shift() as string) : null);
    },
    env,
    signal,
    stdout: () => out,
    stderr: () => err,
  };
}
