// Loading the parser (as evaluating main.js does, before Obsidian calls onload) builds no markdown-it parser; the first parse does.
import type MarkdownItType from "markdown-it";
import type { parseProcedure as ParseProcedure } from "../../../src/core/sop/parse-procedure";
import { nodeYaml } from "../../../src/cli/yaml-codec";

it("no markdown-it parser is built until a note is parsed, and then one of each kind", () => {
  jest.isolateModules(() => {
    const MarkdownIt = (jest.requireActual<{ default: typeof MarkdownItType }>("markdown-it")).default;
    const configure = jest.spyOn(MarkdownIt.prototype, "configure");
    const { parseProcedure } = jest.requireActual<{ parseProcedure: typeof ParseProcedure }>("../../../src/core/sop/parse-procedure");
    expect(configure).not.toHaveBeenCalled();
    const outcome = parseProcedure("# P\n\n## Steps\n\n1. **First** step\n2. Second\n", { name: "P", yaml: nodeYaml });
    expect(outcome.ok && outcome.procedure.steps.map((s) => s.title)).toEqual(["First", "Second"]);
    parseProcedure("## Steps\n\n1. *Again*\n2. Done\n", { name: "P", yaml: nodeYaml });
    expect(configure).toHaveBeenCalledTimes(2);
  });
});
