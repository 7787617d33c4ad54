// One link reader and one resolver for every host: what Obsidian writes with any link setting resolves the same way.
import { linkTarget, linksIn, parseLink, propertyLink, resolveLinkpath, type LinkIndex } from "../../../src/core/notes/links";

function index(...paths: string[]): LinkIndex {
  const set = new Set(paths);
  return { has: (path) => set.has(path), paths: () => paths };
}

describe("parseLink and linkTarget", () => {
  it("read wikilinks with folders, headings, blocks and aliases, and embeds", () => {
    expect(parseLink("[[SOPs/A#Steps|the SOP]]")).toEqual({ path: "SOPs/A", subpath: "#Steps", display: "the SOP", kind: "wikilink", embed: false });
    expect(parseLink("![[Diagram#^block1]]")).toMatchObject({ path: "Diagram", subpath: "#^block1", embed: true });
    expect(linkTarget("[[SOPs/A|alias]]")).toBe("SOPs/A");
  });

  it("read Markdown links as Obsidian writes them: relative, %20, angle brackets, titles", () => {
    expect(linkTarget("[Analyst](../Roles/Analyst.md)")).toBe("../Roles/Analyst.md");
    expect(linkTarget("[A](SOPs/My%20SOP.md)")).toBe("SOPs/My SOP.md");
    expect(linkTarget("[A](<SOPs/My SOP.md>)")).toBe("SOPs/My SOP.md");
    expect(linkTarget('[A](SOPs/A.md "tooltip")')).toBe("SOPs/A.md");
    expect(parseLink("[A](Notes/A.md#Step%202)")).toMatchObject({ path: "Notes/A.md", subpath: "#Step 2", display: "A" });
  });

  it("read YAML's nested-list reading of an unquoted [[link]] and bare names; URLs and non-text are no link", () => {
    expect(linkTarget([["SOPs/A"]])).toBe("SOPs/A");
    expect(linkTarget([["SOPs/A|alias"]])).toBe("SOPs/A");
    expect(linkTarget("SOPs/A.md")).toBe("SOPs/A.md");
    expect(linkTarget("Acme")).toBe("Acme");
    expect(linkTarget("[site](https://example.com/a.md)")).toBe("");
    expect(linkTarget("https://example.com")).toBe("");
    expect(linkTarget(42)).toBe("");
    expect(linkTarget("")).toBe("");
    expect(parseLink("plain text")).toBeNull();
  });

  it("a literal % in a name is kept, not taken for an encoding", () => {
    expect(linkTarget("[A](100%25%20done.md)")).toBe("100% done.md");
    expect(linkTarget("[A](<100% done.md>)")).toBe("100% done.md");
  });
});

describe("linksIn", () => {
  it("finds every wikilink, embed and Markdown link to a note in order, and skips URLs", () => {
    const text = "See [[Style guide]] and ![[Logo.png]], then [the brief](../Briefs/Q4%20brief.md) and [docs](https://x.y/z).";
    expect(linksIn(text).map((link) => link.path)).toEqual(["Style guide", "Logo.png", "../Briefs/Q4 brief.md"]);
  });
});

describe("resolveLinkpath", () => {
  const vault = index("Roles/Analyst.md", "Roles/Editor.md", "SOPs/Release.md", "SOPs/Sub/Editor.md", "Projects/Acme/Brief.md", "Brief.md", "Assets/logo.png");

  it("resolves relative Markdown links from the source note's folder, with and without .md", () => {
    expect(resolveLinkpath("../Roles/Analyst.md", "SOPs/Release.md", vault)).toBe("Roles/Analyst.md");
    expect(resolveLinkpath("../Roles/Analyst", "SOPs/Release.md", vault)).toBe("Roles/Analyst.md");
    expect(resolveLinkpath("./Sub/Editor.md", "SOPs/Release.md", vault)).toBe("SOPs/Sub/Editor.md");
  });

  it("resolves absolute-in-vault paths, then paths relative to the source, then by name", () => {
    expect(resolveLinkpath("Roles/Analyst", "SOPs/Release.md", vault)).toBe("Roles/Analyst.md");
    expect(resolveLinkpath("Sub/Editor", "SOPs/Release.md", vault)).toBe("SOPs/Sub/Editor.md");
    expect(resolveLinkpath("Analyst", "SOPs/Release.md", vault)).toBe("Roles/Analyst.md");
    expect(resolveLinkpath("assets/LOGO.png", "SOPs/Release.md", vault)).toBe("Assets/logo.png");
  });

  it("prefers the note in the source's own folder when a name is ambiguous, then the shortest path", () => {
    expect(resolveLinkpath("Editor", "SOPs/Sub/Other.md", vault)).toBe("SOPs/Sub/Editor.md");
    expect(resolveLinkpath("Editor", "Runs/run.md", vault)).toBe("Roles/Editor.md");
    expect(resolveLinkpath("Brief", "Runs/run.md", vault)).toBe("Brief.md");
    expect(resolveLinkpath("Brief", "Projects/Acme/Plan.md", vault)).toBe("Projects/Acme/Brief.md");
  });

  it("never resolves outside the vault, and finds nothing for a missing note", () => {
    expect(resolveLinkpath("../../outside.md", "SOPs/Release.md", vault)).toBeNull();
    expect(resolveLinkpath("../../../etc/passwd", "Brief.md", vault)).toBeNull();
    expect(resolveLinkpath("Missing", "SOPs/Release.md", vault)).toBeNull();
  });

  it("an empty path is no link (a property that holds none)", () => {
    expect(resolveLinkpath("", "SOPs/Release.md", vault)).toBeNull();
  });
});

describe("propertyLink", () => {
  const markdownVault = { link: (target: string, _source: string, alias?: string) => `[${alias ?? target}](../${encodeURI(target)})` };
  const wikiVault = { link: (target: string, _source: string, alias?: string) => `[[${target.replace(/\.md$/, "")}|${alias}]]` };

  it("is a wikilink by full path when the vault prefers Markdown links (Obsidian reads only [[…]] in properties as links)", () => {
    expect(propertyLink(markdownVault, "SOPs/Drafting docs.md", "SOP runs/Run/Run.md", "Drafting docs")).toBe("[[SOPs/Drafting docs|Drafting docs]]");
    expect(propertyLink(markdownVault, "Projects/Acme.md", "SOP runs/Run/Run.md")).toBe("[[Projects/Acme]]");
  });

  it("keeps the vault's own wikilink", () => {
    expect(propertyLink(wikiVault, "Projects/Acme.md", "x.md", "Acme")).toBe("[[Projects/Acme|Acme]]");
  });
});
