// Log lines are appended to the run note without rewriting it, only when the Log is the note's last section.
import { logAppendix } from "../../../src/core/run/run-note";

describe("logAppendix", () => {
  it("puts the first line a blank line under the heading and later ones right after the last line", () => {
    expect(logAppendix("# Run\n\n## Log\n", ["a"])).toBe("\n- a\n");
    expect(logAppendix("# Run\n\n## Log\n\n", ["a"])).toBe("- a\n");
    expect(logAppendix("# Run\n\n## Log", ["a", "b"])).toBe("\n\n- a\n- b\n");
    expect(logAppendix("# Run\n\n## Log\n\n- a\n", ["b"])).toBe("- b\n");
    expect(logAppendix("# Run\n\n## Log\n\n- a", ["b"])).toBe("\n- b\n");
  });

  it("declines when a section follows the log, the note has no log, or a heading only starts with Log", () => {
    expect(logAppendix("## Log\n\n- a\n\n## My notes\n\nMine.\n", ["b"])).toBeNull();
    expect(logAppendix("# Run\n\n## Steps\n", ["b"])).toBeNull();
    expect(logAppendix("# Run\n\n## Logistics\n", ["b"])).toBeNull();
  });

  it("has nothing to add for no lines", () => {
    expect(logAppendix("anything", [])).toBe("");
  });
});
