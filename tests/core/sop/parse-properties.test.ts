// Property-based: generated Markdown of every shape never makes the parser throw, and ordered lists map to steps.
import fc from "fast-check";
import { parseProcedure } from "../../../src/core/sop/parse-procedure";
import { nodeYaml } from "../../../src/cli/yaml-codec";

const words = fc.array(fc.constantFrom("alpha", "Beta", "γάμμα", "日本語", "🙂", "**bold**", "`co::de`", "[[Link|alias]]", "#tag", "x:: y", "[k:: v]", "1.", "-", ">", "|", "<b>", "![[embed]]", "\\", "::"), { minLength: 1, maxLength: 6 }).map((w) => w.join(" "));

const block = fc.oneof(
  words,
  fc.tuple(fc.integer({ min: 1, max: 6 }), words).map(([d, w]) => `${"#".repeat(d)} ${w}`),
  fc.tuple(fc.constantFrom("Steps", "Procedure", "Checklist", "Phase 2:", "1.", "Step 3"), words).map(([h, w]) => `## ${h} ${w}`),
  fc.array(words, { minLength: 1, maxLength: 5 }).map((items) => items.map((w, i) => `${i}. ${w}`).join("\n")),
  fc.array(words, { minLength: 1, maxLength: 5 }).map((items) => items.map((w) => `- [ ] ${w}\n  - ${w}`).join("\n")),
  words.map((w) => "```\n" + w + "\n```"),
  words.map((w) => `> [!note]\n> ${w}`),
  words.map((w) => `| a | b |\n|---|---|\n| ${w} | c |`),
  words.map((w) => `role:: ${w}`),
  fc.string({ maxLength: 40 }),
);

const frontmatter = fc.oneof(
  fc.constant(""),
  fc.constant("---\ntags: [sop]\nsop_version: 2\n---\n"),
  fc.constant("---\ntags: [sop\n---\n"),
  fc.constant("---\n: : :\n  - [\n---\n"),
  fc.constant("---\n- just\n- a list\n---\n"),
  fc.constant("---\n"),
  fc.constant("\uFEFF---\ntags: sop\n---\n"),
  words.map((w) => `---\ntitle: "${w.replace(/"/g, "")}"\nsop_mode: ${w.length % 2 ? "auto" : "nope"}\n---\n`),
);

const note = fc
  .tuple(frontmatter, fc.array(block, { maxLength: 12 }), fc.constantFrom("\n", "\r\n", "\r"), fc.constantFrom("\n", "\n\n"))
  .map(([front, blocks, eol, gap]) => (front + blocks.join(gap)).replace(/\n/g, eol));

describe("parseProcedure on generated Markdown", () => {
  it("never throws; when it succeeds, steps are numbered 1..n with non-empty ids and titles", () => {
    fc.assert(
      fc.property(note, (markdown) => {
        const outcome = parseProcedure(markdown, { name: "Generated", yaml: nodeYaml });
        if (!outcome.ok) {
          expect(outcome.error).toContain('"Generated"');
          return;
        }
        const steps = outcome.procedure.steps;
        expect(steps.length).toBeGreaterThan(0);
        steps.forEach((step, i) => {
          expect(step.index).toBe(i + 1);
          expect(step.id.startsWith(`${i + 1}-`)).toBe(true);
          expect(step.id.length).toBeGreaterThan(2);
          expect(step.title.length).toBeGreaterThan(0);
          expect(markdown.replace(/\r\n?/g, "\n")).toContain(step.text.split(/\r\n?|\n/)[0]);
        });
      }),
      { numRuns: 300 },
    );
  });

  it("an ordered list of k plain items is k steps with those titles", () => {
    const item = fc.stringMatching(/^[A-Za-z][A-Za-z ]{0,30}[A-Za-z]$/);
    fc.assert(
      fc.property(fc.array(item, { minLength: 1, maxLength: 30 }), fc.integer({ min: 0, max: 5 }), fc.boolean(), (items, start, lazy) => {
        const markdown = "# Generated\n\nSome prose.\n\n" + items.map((t, i) => `${lazy ? start : start + i}. ${t}`).join("\n") + "\n";
        const outcome = parseProcedure(markdown, { name: "List", yaml: nodeYaml });
        expect(outcome.ok).toBe(true);
        if (!outcome.ok) return;
        expect(outcome.procedure.steps.map((s) => s.title)).toEqual(items.map((t) => t.replace(/\s+/g, " ").trim()));
      }),
      { numRuns: 200 },
    );
  });
});
