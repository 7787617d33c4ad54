import fc from "fast-check";
import { applyHunks, diffHunks, formatHunks, type DiffHunk } from "../../../src/core/learn/diff";

function applied(oldText: string, hunks: DiffHunk[], ids: Iterable<number>): string {
  const result = applyHunks(oldText, hunks, ids);
  if (!result.ok) throw new Error(result.error);
  return result.text;
}

const lineArb = fc.constantFrom("alpha", "beta", "gamma", "delta", "", "  - check one", "1. Step");
const textArb = fc.tuple(fc.array(lineArb, { maxLength: 12 }), fc.boolean()).map(([lines, trailing]) => lines.join("\n") + (trailing && lines.length ? "\n" : ""));

/** Random line edits (insert, delete, replace) applied to a text, as a model's amendment would make. */
const editedPairArb = fc
  .tuple(
    fc.array(lineArb, { minLength: 1, maxLength: 12 }),
    fc.array(fc.tuple(fc.constantFrom("insert", "delete", "replace"), fc.nat(20), lineArb), { maxLength: 6 }),
  )
  .map(([lines, edits]) => {
    const next: string[] = [...lines];
    for (const [op, at, line] of edits) {
      const i = next.length ? at % (next.length + (op === "insert" ? 1 : 0)) : 0;
      if (op === "insert") next.splice(i, 0, line);
      else if (op === "delete" && next.length) next.splice(i, 1);
      else if (op === "replace" && next.length) next[i] = `${line} edited`;
    }
    return [lines.join("\n") + "\n", next.join("\n") + "\n"] as const;
  });

describe("diffHunks and applyHunks", () => {
  it("shows an inserted line as one hunk with its context", () => {
    const oldText = "# Title\n\n1. First\n   - check\n2. Second\n";
    const newText = "# Title\n\n1. First\n   - check\n   - new check\n2. Second\n";
    const hunks = diffHunks(oldText, newText);
    expect(hunks).toHaveLength(1);
    const changed = hunks[0].lines.filter((l) => l.kind !== "context");
    expect(changed).toEqual([{ kind: "added", text: "   - new check", oldNumber: null, newNumber: 5, parts: null }]);
    expect(hunks[0].lines.filter((l) => l.kind === "context").map((l) => l.text)).toEqual(["", "1. First", "   - check", "2. Second"]);
  });

  it("shows the words that changed inside an edited line", () => {
    const hunks = diffHunks("Draft in plain language\n", "Draft in plain, direct language\n");
    expect(hunks).toHaveLength(1);
    const [removed, added] = hunks[0].lines;
    expect(removed.kind).toBe("removed");
    expect(added.kind).toBe("added");
    expect(added.parts?.filter((p) => p.kind === "added").map((p) => p.text).join("")).toContain("direct");
    expect(removed.parts?.map((p) => p.text).join("")).toBe("Draft in plain language");
    expect(added.parts?.map((p) => p.text).join("")).toBe("Draft in plain, direct language");
  });

  it("keeps separate changes as separate hunks that can be accepted one by one", () => {
    const oldText = ["a", "b", "c", "d", "e", "f", "g", "h", "i", "j"].join("\n") + "\n";
    const newText = ["a", "B", "c", "d", "e", "f", "g", "h", "I", "j"].join("\n") + "\n";
    const hunks = diffHunks(oldText, newText);
    expect(hunks.map((h) => h.id)).toEqual([1, 2]);
    expect(applied(oldText, hunks, [2])).toBe(["a", "b", "c", "d", "e", "f", "g", "h", "I", "j"].join("\n") + "\n");
    expect(applied(oldText, hunks, [1])).toBe(["a", "B", "c", "d", "e", "f", "g", "h", "i", "j"].join("\n") + "\n");
  });

  it("has no hunks for identical texts", () => {
    expect(diffHunks("same\n", "same\n")).toEqual([]);
  });

  it("refuses hunks made from another text instead of guessing", () => {
    const hunks = diffHunks("one\ntwo\n", "one\n2\n");
    const result = applyHunks("one\nTWO edited by hand\n", hunks, [1]);
    expect(result).toEqual({ ok: false, error: expect.stringContaining("changed since this diff was made") as unknown });
  });

  it("prints a readable unified diff for the command line", () => {
    const text = formatHunks(diffHunks("a\nb\n", "a\nc\n"));
    expect(text.split("\n")).toEqual(["@@ -1,2 +1,2 @@ hunk 1", " a", "-b", "+c"]);
  });

  it("gives the new text exactly when every hunk is accepted, and the old text when none is (random texts)", () => {
    fc.assert(
      fc.property(textArb, textArb, (oldText, newText) => {
        const hunks = diffHunks(oldText, newText);
        expect(applied(oldText, hunks, hunks.map((h) => h.id))).toBe(newText);
        expect(applied(oldText, hunks, [])).toBe(oldText);
      }),
      { numRuns: 300 },
    );
  });

  it("applies exactly the accepted hunks of random line edits and nothing outside them", () => {
    fc.assert(
      fc.property(editedPairArb, fc.array(fc.boolean(), { maxLength: 20 }), ([oldText, newText], picks) => {
        const hunks = diffHunks(oldText, newText);
        expect(applied(oldText, hunks, hunks.map((h) => h.id))).toBe(newText);
        expect(applied(oldText, hunks, [])).toBe(oldText);
        const accepted = hunks.filter((_h, i) => picks[i]);
        const partial = applied(oldText, hunks, accepted.map((h) => h.id));
        // Rebuild the expected text by hand from the hunks' positions.
        let expected = "";
        let cursor = 0;
        for (const hunk of hunks) {
          expected += oldText.slice(cursor, hunk.oldOffset) + (accepted.includes(hunk) ? hunk.newText : hunk.oldText);
          cursor = hunk.oldOffset + hunk.oldText.length;
        }
        expect(partial).toBe(expected + oldText.slice(cursor));
        for (const hunk of hunks) expect(hunk.oldText === hunk.newText).toBe(false);
      }),
      { numRuns: 300 },
    );
  });
});
