// The run note's quick update: each changed step's line in the list and its node in the map rewritten in place, found
// in one walk over the note, exactly the lines a search for each one would find, whatever the person did to the note.
import fc from "fast-check";
import { updateRunBody } from "../../../src/core/run/run-note";

/**
 * What the quick update must do, written the obvious way: for each step, the first line after the Steps heading that
 * starts `- [ ] n. ` or `- [x] n. `, and the first after the Map heading that starts `  sn["`, both before the Log;
 * null when one is missing, the Log is not the last section, or a node is asked for in a note without a Map.
 */
function bySearching(body: string, lines: Map<number, string>, nodes: Map<number, string>): string | null {
  const heading = (name: string) => (body.startsWith(`${name}\n`) ? 0 : body.indexOf(`\n${name}\n`) === -1 ? -1 : body.indexOf(`\n${name}\n`) + 1);
  const stepsAt = heading("## Steps");
  const logAt = heading("## Log");
  if (stepsAt === -1 || logAt === -1 || logAt < stepsAt || body.indexOf("\n## ", logAt + 1) !== -1) return null;
  const cuts: { at: number; line: string }[] = [];
  if (nodes.size > 0) {
    const mapAt = heading("## Map");
    if (mapAt === -1 || mapAt > logAt) return null;
    for (const [index, line] of nodes) {
      const at = body.indexOf(`\n  s${index}["`, mapAt);
      if (at === -1 || at > logAt) return null;
      cuts.push({ at: at + 1, line });
    }
  }
  for (const [index, line] of lines) {
    const found = [" ", "x"].map((box) => body.indexOf(`\n- [${box}] ${index}. `, stepsAt)).filter((at) => at !== -1 && at < logAt);
    if (found.length === 0) return null;
    cuts.push({ at: Math.min(...found) + 1, line });
  }
  const out = body.split("");
  for (const cut of cuts.sort((a, b) => b.at - a.at)) out.splice(cut.at, body.indexOf("\n", cut.at) - cut.at, cut.line);
  return `${out.join("").replace(/\n+$/, "")}\n`;
}

const stepLine = fc.record({ box: fc.constantFrom(" ", "x"), n: fc.integer({ min: 1, max: 5 }), zero: fc.integer({ min: 0, max: 5 }) }).map(({ box, n, zero }) => `- [${box}] ${zero === 0 ? "0" : ""}${n}. Step ${n} — pending`);
const nodeLine = fc.record({ n: fc.integer({ min: 1, max: 5 }), zero: fc.integer({ min: 0, max: 5 }) }).map(({ n, zero }) => `  s${zero === 0 ? "0" : ""}${n}["${n}. Step<br/>pending"]:::pending`);

/** A line a run note may hold: the engine's own, near misses of them, and a person's. */
const noteLine = fc.oneof(
  stepLine,
  nodeLine,
  fc.integer({ min: 1, max: 5 }).map((n) => `  s${n} --> s${n + 1}`),
  fc.integer({ min: 1, max: 5 }).map((n) => `- [ ] ${n} without its dot`),
  fc.integer({ min: 1, max: 5 }).map((n) => `- [X] ${n}. Ticked with a capital`),
  fc.constantFrom("", "```mermaid", "flowchart TD", "```", "Ask Sam about SSO.", "## Steps", "## Map", "## Log", "## My notes", "![[R log]]"),
);
const listLine = fc.oneof({ weight: 4, arbitrary: stepLine }, { weight: 1, arbitrary: noteLine });
const mapLine = fc.oneof({ weight: 4, arbitrary: nodeLine }, { weight: 1, arbitrary: noteLine });

describe("the run note's quick update", () => {
  it("finds every changed step's line and node in one walk, as a search for each would, or declines as it would", () => {
    fc.assert(
      fc.property(
        // Mostly a run note's sections in their order, each with any lines in it; sometimes the map first, or any lines.
        fc.oneof(
          { weight: 4, arbitrary: fc.tuple(fc.array(noteLine, { maxLength: 2 }), fc.array(listLine, { maxLength: 12 }), fc.array(mapLine, { maxLength: 12 }), fc.array(noteLine, { maxLength: 2 })).map(([head, list, map, log]) => [...head, "## Steps", ...list, "## Map", ...map, "## Log", ...log]) },
          { weight: 1, arbitrary: fc.tuple(fc.array(mapLine, { maxLength: 12 }), fc.array(listLine, { maxLength: 12 })).map(([map, list]) => ["# T", "## Map", ...map, "## Steps", ...list, "## Log", "![[R log]]"]) },
          { weight: 1, arbitrary: fc.array(noteLine, { maxLength: 40 }) },
        ),
        fc.uniqueArray(fc.integer({ min: 1, max: 5 }), { maxLength: 2 }),
        fc.uniqueArray(fc.integer({ min: 1, max: 5 }), { maxLength: 2 }),
        fc.constantFrom("", "\n", "\n\n"),
        (noteLines, stepIndexes, nodeIndexes, end) => {
          const body = `${noteLines.join("\n")}${end}`;
          const lines = new Map(stepIndexes.map((n) => [n, `- [x] ${n}. Step ${n} — approved`]));
          const nodes = new Map(nodeIndexes.map((n) => [n, `  s${n}["${n}. Step<br/>approved"]:::approved`]));
          expect(updateRunBody(body, lines, nodes)).toBe(bySearching(body, lines, nodes));
        },
      ),
      { numRuns: 2000 },
    );
  });

  it("rewrites a hundred settled steps of a thousand-step note at once, everything else as it was", () => {
    const steps = Array.from({ length: 1000 }, (_, i) => i + 1);
    const node = (n: number, status: string) => `  s${n}["${n}. Step ${n}<br/>${status}"]:::${status}`;
    const note = (approved: (n: number) => boolean) =>
      `# T\n\n## Steps\n\n${steps.map((n) => (approved(n) ? `- [x] ${n}. Step ${n} — approved` : `- [ ] ${n}. Step ${n} — pending`)).join("\n")}\n\n## Map\n\n\`\`\`mermaid\nflowchart TD\n${steps.map((n) => node(n, approved(n) ? "approved" : "pending")).join("\n")}\n\`\`\`\n\n## Log\n\n![[R log]]\n`;
    const settled = steps.slice(400, 500);
    const next = updateRunBody(
      note((n) => n <= 400),
      new Map(settled.map((n) => [n, `- [x] ${n}. Step ${n} — approved`])),
      new Map(settled.map((n) => [n, node(n, "approved")])),
    );
    expect(next).toBe(note((n) => n <= 500));
  });
});
