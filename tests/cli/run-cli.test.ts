import { runCli } from "../../src/cli/run-cli";
import { UsageError, type CliCommand } from "../../src/cli/command";
import { bufferIo } from "../support/buffer-io";

const echo: CliCommand = {
  name: "echo",
  summary: "prints its arguments",
  usage: "sop echo <words…>",
  run: (argv, io) => {
    if (argv.length === 0) throw new UsageError("nothing to echo");
    io.out(argv.join(" ") + "\n");
    return Promise.resolve(0);
  },
};

describe("sop command dispatch", () => {
  it("runs the named command", async () => {
    const io = bufferIo();
    expect(await runCli(["echo", "a", "b"], io, [echo])).toBe(0);
    expect(io.stdout()).toBe("a b\n");
  });

  it("exits 2 with one line on bad input", async () => {
    const io = bufferIo();
    expect(await runCli(["echo"], io, [echo])).toBe(2);
    expect(io.stderr()).toBe("sop echo: nothing to echo\n");
  });

  it("exits 2 naming an unknown command", async () => {
    const io = bufferIo();
    expect(await runCli(["nope"], io, [echo])).toBe(2);
    expect(io.stderr()).toContain('unknown command "nope"');
  });

  it("lists commands in help", async () => {
    const io = bufferIo();
    expect(await runCli(["help"], io, [echo])).toBe(0);
    expect(io.stdout()).toContain("echo");
    expect(io.stdout()).toContain("prints its arguments");
  });
});
