// "Make this note runnable" without a model: the skeleton comes from the note's headings or paragraphs, and nothing else changes.
import { withStepsSkeleton } from "../../../src/core/sop/runnable-skeleton";
import { parseProcedure } from "../../../src/core/sop/parse-procedure";
import { nodeYaml } from "../../../src/cli/yaml-codec";

describe("withStepsSkeleton", () => {
  it("one step per sub-heading, appended after the note as written, and the note then parses to those steps", () => {
    const note = "---\ntags: [sop]\n---\n# DNS setup\n\nIntro.\n\n## Install the proxy\n\nDownload it.\n\n## Configure it\n\nEdit the file.\n\n## Troubleshooting\n\nCheck logs.\n";
    const out = withStepsSkeleton(note);
    if (out === null) throw new Error("expected a skeleton");
    expect(out.startsWith(note.trimEnd())).toBe(true);
    expect(out.slice(note.trimEnd().length)).toBe("\n\n## Steps\n\n1. Install the proxy\n2. Configure it\n");
    const parsed = parseProcedure(out, { name: "DNS setup", yaml: nodeYaml });
    if (!parsed.ok) throw new Error(parsed.error);
    expect(parsed.procedure.steps.map((s) => s.title)).toEqual(["Install the proxy", "Configure it"]);
  });

  it("without sub-headings, one step per paragraph's first sentence", () => {
    const out = withStepsSkeleton("# Close the office\n\nShut every window. Then check the back door.\n\nSet the alarm with the code in the drawer.\n");
    expect(out).toBe("# Close the office\n\nShut every window. Then check the back door.\n\nSet the alarm with the code in the drawer.\n\n## Steps\n\n1. Shut every window\n2. Set the alarm with the code in the drawer\n");
  });

  it("an empty note has nothing to build from", () => {
    expect(withStepsSkeleton("---\ntags: [sop]\n---\n# Title\n")).toBeNull();
  });
});
