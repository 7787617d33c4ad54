// The VaultPort contract: every adapter (Obsidian under mocks, folder on disk) must pass these same tests.
import { parse } from "yaml";
import type { VaultPort } from "../../src/core/ports";
import { linkTarget } from "../../src/core/notes/links";

export interface VaultFixture {
  vault: VaultPort;
  /** Puts a note in place behind the adapter's back, as a person or sync would. */
  seed(path: string, content: string): Promise<void>;
  cleanup(): Promise<void>;
}

function splitNote(text: string): { properties: Record<string, unknown>; body: string } {
  const match = /^---\r?\n([\s\S]*?)\r?\n?---\r?\n?/.exec(text);
  if (!match) return { properties: {}, body: text };
  return { properties: (parse(match[1]) ?? {}) as Record<string, unknown>, body: text.slice(match[0].length) };
}

export function vaultPortContract(name: string, makeVault: () => Promise<VaultFixture>): void {
  describe(`VaultPort contract: ${name}`, () => {
    let fixture: VaultFixture;
    let vault: VaultPort;

    beforeEach(async () => {
      fixture = await makeVault();
      vault = fixture.vault;
    });
    afterEach(async () => {
      await fixture.cleanup();
    });

    describe("read and exists", () => {
      it("reads a note's exact text", async () => {
        const text = "---\ntags: [sop]\n---\n# Title\n\n1. First\n2. Second\n";
        await fixture.seed("SOPs/Release.md", text);
        expect(await vault.read("SOPs/Release.md")).toBe(text);
      });

      it("gives null for a note that is not there", async () => {
        expect(await vault.read("Nowhere/Missing.md")).toBeNull();
      });

      it("says whether a note exists", async () => {
        await fixture.seed("Notes/Here.md", "here");
        expect(await vault.exists("Notes/Here.md")).toBe(true);
        expect(await vault.exists("Notes/Gone.md")).toBe(false);
      });

      it("accepts untidy paths for the same note", async () => {
        await fixture.seed("Notes/Here.md", "here");
        expect(await vault.read("Notes//Here.md")).toBe("here");
        expect(await vault.read("/Notes/Here.md")).toBe("here");
      });
    });

    describe("create", () => {
      it("creates a note that can be read back", async () => {
        await vault.create("Fresh.md", "fresh text");
        expect(await vault.read("Fresh.md")).toBe("fresh text");
        expect(await vault.exists("Fresh.md")).toBe(true);
      });

      it("creates missing parent folders", async () => {
        await vault.create("SOP runs/2026-11-24 Release/01 Draft.md", "draft");
        expect(await vault.read("SOP runs/2026-11-24 Release/01 Draft.md")).toBe("draft");
        expect(await vault.exists("SOP runs/2026-11-24 Release")).toBe(true);
        expect(await vault.list("SOP runs")).toEqual(["SOP runs/2026-11-24 Release/01 Draft.md"]);
      });

      it("refuses to overwrite an existing note and leaves it as it was", async () => {
        await fixture.seed("Runs/Run.md", "original");
        await expect(vault.create("Runs/Run.md", "replacement")).rejects.toThrow(/Runs\/Run\.md/);
        expect(await vault.read("Runs/Run.md")).toBe("original");
      });

      it("lets only one of two simultaneous creates of the same note succeed", async () => {
        const outcomes = await Promise.allSettled([vault.create("Race.md", "a"), vault.create("Race.md", "b")]);
        expect(outcomes.map((outcome) => outcome.status).sort()).toEqual(["fulfilled", "rejected"]);
        const winner = outcomes[0].status === "fulfilled" ? "a" : "b";
        expect(await vault.read("Race.md")).toBe(winner);
      });
    });

    describe("process", () => {
      it("hands the current text to the edit and resolves to the new text", async () => {
        await fixture.seed("Log.md", "line 1\n");
        const seen: string[] = [];
        const result = await vault.process("Log.md", (current) => {
          seen.push(current);
          return `${current}line 2\n`;
        });
        expect(seen).toEqual(["line 1\n"]);
        expect(result).toBe("line 1\nline 2\n");
        expect(await vault.read("Log.md")).toBe("line 1\nline 2\n");
      });

      it("loses no edit when many run at once", async () => {
        await fixture.seed("Counter.md", "");
        await Promise.all(
          Array.from({ length: 20 }, (_, i) => vault.process("Counter.md", (current) => `${current}${i}\n`)),
        );
        const lines = ((await vault.read("Counter.md")) ?? "").trim().split("\n");
        expect(lines.map(Number).sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i));
      });

      it("rejects for a missing note and does not create it", async () => {
        await expect(vault.process("Missing.md", (text) => `${text}x`)).rejects.toThrow(/Missing\.md/);
        expect(await vault.exists("Missing.md")).toBe(false);
      });

      it("leaves the note unchanged when the edit throws", async () => {
        await fixture.seed("Steady.md", "steady");
        await expect(
          vault.process("Steady.md", () => {
            throw new Error("edit failed");
          }),
        ).rejects.toThrow("edit failed");
        expect(await vault.read("Steady.md")).toBe("steady");
      });
    });

    describe("append", () => {
      it("adds text at the end of a note, interleaved with edits in the order they were asked for", async () => {
        await fixture.seed("Run.md", "---\nrun_status: running\n---\n## Log\n\n- first\n");
        await Promise.all([vault.append("Run.md", "- second\n"), vault.process("Run.md", (text) => text.replace("running", "done")), vault.append("Run.md", "- third\n")]);
        expect(await vault.read("Run.md")).toBe("---\nrun_status: done\n---\n## Log\n\n- first\n- second\n- third\n");
      });

      it("rejects for a missing note and does not create it", async () => {
        await expect(vault.append("Missing.md", "x")).rejects.toThrow(/Missing\.md/);
        expect(await vault.exists("Missing.md")).toBe(false);
      });
    });

    describe("processFrontMatter", () => {
      const body = "\n# Run\n\nThe cue: new IT hires.\n\n- [ ] Step 1 — [[01 Draft]]\n";

      it("changes a property, keeps the others and leaves the body byte for byte", async () => {
        await fixture.seed(
          "Runs/Run.md",
          `---\nsop: "[[Drafting]]"\nrun_status: running\ncurrent_step: 1\ntags:\n  - sop-run\n---\n${body}`,
        );
        await vault.processFrontMatter("Runs/Run.md", (properties) => {
          properties.run_status = "awaiting-review";
          properties.tokens_in = 1200;
        });
        const { properties, body: after } = splitNote((await vault.read("Runs/Run.md")) ?? "");
        expect(properties).toEqual({
          sop: "[[Drafting]]",
          run_status: "awaiting-review",
          current_step: 1,
          tags: ["sop-run"],
          tokens_in: 1200,
        });
        expect(after).toBe(body);
      });

      it("gives a note without properties its first ones, body intact", async () => {
        await fixture.seed("Plain.md", "# Plain\n\nText.\n");
        await vault.processFrontMatter("Plain.md", (properties) => {
          properties.waypoint_status = "approved";
        });
        const text = (await vault.read("Plain.md")) ?? "";
        expect(splitNote(text)).toEqual({ properties: { waypoint_status: "approved" }, body: "# Plain\n\nText.\n" });
      });

      it("hands the edit the current properties", async () => {
        await fixture.seed("Props.md", "---\nrevision: 2\nmodel: gpt-test\n---\nbody\n");
        let seen: Record<string, unknown> = {};
        await vault.processFrontMatter("Props.md", (properties) => {
          seen = { ...properties };
        });
        expect(seen).toEqual({ revision: 2, model: "gpt-test" });
      });

      it("rejects for a missing note", async () => {
        await expect(vault.processFrontMatter("Missing.md", () => undefined)).rejects.toThrow(/Missing\.md/);
        expect(await vault.exists("Missing.md")).toBe(false);
      });
    });

    describe("list", () => {
      beforeEach(async () => {
        await fixture.seed("Zeta.md", "z");
        await fixture.seed("Alpha.md", "a");
        await fixture.seed("Runs/b/Two.md", "2");
        await fixture.seed("Runs/a/One.md", "1");
        await fixture.seed("Runs/Run.md", "r");
        await fixture.seed("Runs extra/Other.md", "o");
        await fixture.seed("Runs/data.csv", "a,b");
      });

      it("lists every note in the vault, sorted by path", async () => {
        expect(await vault.list("")).toEqual([
          "Alpha.md",
          "Runs extra/Other.md",
          "Runs/Run.md",
          "Runs/a/One.md",
          "Runs/b/Two.md",
          "Zeta.md",
        ]);
      });

      it("lists only the notes below a folder, recursively, and not a sibling sharing its prefix", async () => {
        expect(await vault.list("Runs")).toEqual(["Runs/Run.md", "Runs/a/One.md", "Runs/b/Two.md"]);
        expect(await vault.list("Runs/")).toEqual(["Runs/Run.md", "Runs/a/One.md", "Runs/b/Two.md"]);
        expect(await vault.list("Runs/a")).toEqual(["Runs/a/One.md"]);
      });

      it("gives an empty list for a folder that does not exist", async () => {
        expect(await vault.list("Nope")).toEqual([]);
      });

      it("sees notes created through the port", async () => {
        await vault.create("Runs/c/Three.md", "3");
        expect(await vault.list("Runs/c")).toEqual(["Runs/c/Three.md"]);
      });
    });

    describe("ensureFolder", () => {
      it("creates nested folders and is safe to repeat", async () => {
        await vault.ensureFolder("SOP runs/2026/November");
        await vault.ensureFolder("SOP runs/2026/November");
        expect(await vault.exists("SOP runs/2026/November")).toBe(true);
        await vault.create("SOP runs/2026/November/Run.md", "run");
        expect(await vault.list("SOP runs")).toEqual(["SOP runs/2026/November/Run.md"]);
      });
    });

    describe("link and resolveLink", () => {
      it("makes a link that resolves back to its target", async () => {
        await fixture.seed("SOPs/Drafting internal product docs.md", "# Drafting");
        await fixture.seed("Runs/Run.md", "run");
        const link = vault.link("SOPs/Drafting internal product docs.md", "Runs/Run.md");
        expect(vault.resolveLink(linkTarget(link), "Runs/Run.md")).toBe("SOPs/Drafting internal product docs.md");
      });

      it("keeps the alias and still resolves", async () => {
        await fixture.seed("Projects/Identity platform guide.md", "# Guide");
        await fixture.seed("Runs/Run.md", "run");
        const link = vault.link("Projects/Identity platform guide.md", "Runs/Run.md", "the guide");
        expect(link).toContain("the guide");
        expect(vault.resolveLink(linkTarget(link), "Runs/Run.md")).toBe("Projects/Identity platform guide.md");
      });

      it("tells apart two notes with the same name in different folders", async () => {
        await fixture.seed("Runs/A/01 Draft.md", "a");
        await fixture.seed("Runs/B/01 Draft.md", "b");
        await fixture.seed("Index.md", "index");
        for (const target of ["Runs/A/01 Draft.md", "Runs/B/01 Draft.md"]) {
          expect(vault.resolveLink(linkTarget(vault.link(target, "Index.md")), "Index.md")).toBe(target);
        }
      });

      it("resolves link text with a heading or an alias, and by full path", async () => {
        await fixture.seed("Roles/Editor.md", "# Editor");
        expect(vault.resolveLink("Editor", "Index.md")).toBe("Roles/Editor.md");
        expect(vault.resolveLink("Editor#Standing instructions", "Index.md")).toBe("Roles/Editor.md");
        expect(vault.resolveLink("Roles/Editor|the editor", "Index.md")).toBe("Roles/Editor.md");
      });

      it("resolves the links Obsidian writes with Wikilinks off and relative paths, and nothing outside the vault", async () => {
        await fixture.seed("Roles/Analyst.md", "# Analyst");
        await fixture.seed("Roles/Lead analyst.md", "# Lead");
        await fixture.seed("SOPs/Weekly report.md", "# SOP");
        const from = "SOPs/Weekly report.md";
        expect(vault.resolveLink(linkTarget("[Analyst](../Roles/Analyst.md)"), from)).toBe("Roles/Analyst.md");
        expect(vault.resolveLink(linkTarget("[Lead](../Roles/Lead%20analyst.md)"), from)).toBe("Roles/Lead analyst.md");
        expect(vault.resolveLink(linkTarget("[Lead](<../Roles/Lead analyst.md>)"), from)).toBe("Roles/Lead analyst.md");
        expect(vault.resolveLink(linkTarget("[Analyst](Roles/Analyst.md#Duties)"), from)).toBe("Roles/Analyst.md");
        expect(vault.resolveLink("../../Roles/Analyst.md", from)).toBeNull();
      });

      it("gives null for a link to nothing", async () => {
        await fixture.seed("Index.md", "index");
        expect(vault.resolveLink("Nobody", "Index.md")).toBeNull();
        expect(vault.resolveLink("", "Index.md")).toBeNull();
      });
    });

    describe("names with spaces and unicode", () => {
      const folder = "SOP runs/2026-11-24 Drafting — Ünïcödé 文档";
      const note = `${folder}/01 Draft the outline (r1).md`;

      it("creates, reads, edits, lists and links them", async () => {
        await vault.create(note, "Entwurf — 草稿 ✓\n");
        expect(await vault.read(note)).toBe("Entwurf — 草稿 ✓\n");
        expect(await vault.process(note, (text) => `${text}más\n`)).toBe("Entwurf — 草稿 ✓\nmás\n");
        await vault.processFrontMatter(note, (properties) => {
          properties.step = "Draft — the outline";
        });
        expect(splitNote((await vault.read(note)) ?? "")).toEqual({
          properties: { step: "Draft — the outline" },
          body: "Entwurf — 草稿 ✓\nmás\n",
        });
        expect(await vault.list(folder)).toEqual([note]);
        await vault.create("Index.md", "index");
        expect(vault.resolveLink(linkTarget(vault.link(note, "Index.md")), "Index.md")).toBe(note);
      });
    });
  });
}
