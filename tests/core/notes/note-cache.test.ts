// The engine's note cache: each note read once until it changes; a change told during a read wins over that read.
import { CachedVault, NoteCache } from "../../../src/core/notes/note-cache";
import { nodeYaml } from "../../../src/cli/yaml-codec";
import { MemoryVault } from "../../support/memory-vault";
import { VersionedMemoryVault } from "../../support/versioned-memory-vault";

function counted(files: Record<string, string>): { inner: MemoryVault; vault: CachedVault; reads: string[] } {
  const inner = new MemoryVault(files);
  const reads: string[] = [];
  const read = inner.read.bind(inner);
  inner.read = (path) => (reads.push(path), read(path));
  return { inner, vault: new CachedVault(inner, nodeYaml, new NoteCache()), reads };
}

it("reads a note once, parses its properties once, and reads it again only after it is forgotten", async () => {
  const { inner, vault, reads } = counted({ "a.md": "---\nstatus: one\n---\nBody" });
  const first = await vault.note("a.md");
  expect(first).toEqual({ text: "---\nstatus: one\n---\nBody", properties: { status: "one" }, body: "Body" });
  expect(await vault.note("a.md")).toBe(first);
  expect(reads).toEqual(["a.md"]);
  inner.files.set("a.md", "---\nstatus: two\n---\nBody");
  expect((await vault.note("a.md"))?.properties).toEqual({ status: "one" });
  vault.cache.forget("a.md");
  expect((await vault.note("a.md"))?.properties).toEqual({ status: "two" });
  expect(reads).toEqual(["a.md", "a.md"]);
});

it("keeps its own writes without reading them back, and reads a note again after a frontmatter edit", async () => {
  const { vault, reads } = counted({});
  await vault.create("b.md", "first");
  expect(await vault.read("b.md")).toBe("first");
  await vault.process("b.md", (text) => `${text} second`);
  expect(await vault.read("b.md")).toBe("first second");
  expect(reads).toEqual([]);
  await vault.processFrontMatter("b.md", (properties) => (properties.done = true));
  expect(await vault.read("b.md")).toBe("---\ndone: true\n---\nfirst second");
  expect(reads).toEqual(["b.md"]);
});

it("does not keep a read that a change overtook, and a missing note becomes visible once created outside", async () => {
  const { inner, vault } = counted({ "c.md": "old" });
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  const read = inner.read.bind(inner);
  inner.read = async (path) => {
    const text = await read(path);
    await gate;
    return text;
  };
  const pending = vault.read("c.md");
  inner.files.set("c.md", "new");
  vault.cache.forget("c.md");
  release();
  expect(await pending).toBe("old");
  expect(await vault.read("c.md")).toBe("new");
  expect(await vault.read("d.md")).toBeNull();
  inner.files.set("d.md", "created elsewhere");
  vault.cache.forget("d.md");
  expect(await vault.read("d.md")).toBe("created elsewhere");
});

it("fresh reads past the cache: the text a person just typed", async () => {
  const { inner, vault } = counted({ "e.md": "model text" });
  expect(await vault.read("e.md")).toBe("model text");
  inner.files.set("e.md", "edited by the person");
  expect(await vault.fresh("e.md")).toBe("edited by the person");
});

it("after a forget, parses a properties block again only when its text changed, and never keeps a property the person edited", async () => {
  const { inner, vault, reads } = counted({ "e.md": "---\nstatus: one\n---\nBody" });
  expect((await vault.note("e.md"))?.properties).toEqual({ status: "one" });
  inner.files.set("e.md", "---\nstatus: one\n---\nA longer body the person typed");
  vault.cache.forget("e.md");
  expect(await vault.note("e.md")).toMatchObject({ properties: { status: "one" }, body: "A longer body the person typed" });
  expect(vault.cache.parses).toBe(1);
  inner.files.set("e.md", "---\nstatus: two\n---\nA longer body the person typed");
  vault.cache.forget("e.md");
  expect((await vault.note("e.md"))?.properties).toEqual({ status: "two" });
  expect(vault.cache.parses).toBe(2);
  expect(reads).toEqual(["e.md", "e.md", "e.md"]);
});

it("knows the properties of its own frontmatter edit without parsing them, unless the note says otherwise", async () => {
  const { inner, vault } = counted({ "f.md": "---\nstatus: one\n---\nBody" });
  await vault.processFrontMatter("f.md", (properties) => (properties.status = "two"));
  expect((await vault.note("f.md"))?.properties).toEqual({ status: "two" });
  expect(vault.cache.parses).toBe(0);
  // A block the codec would not have written (another tool, or the person, got there first) is parsed.
  await vault.processFrontMatter("f.md", (properties) => (properties.status = "three"));
  inner.files.set("f.md", "---\nstatus:   four\n---\nBody");
  expect((await vault.note("f.md"))?.properties).toEqual({ status: "four" });
  expect(vault.cache.parses).toBe(1);
});

it("with a vault that gives versions, uses a note again in the next call while its file is unchanged, and reads again one that changed or had just changed when read", async () => {
  const inner = new VersionedMemoryVault({ "a.md": "---\nstatus: one\n---\nA", "b.md": "B" });
  const vault = new CachedVault(inner, nodeYaml, new NoteCache());
  expect(vault.versioned).toBe(true);
  vault.doubt();
  const a = await vault.note("a.md");
  expect(await vault.read("b.md")).toBe("B");
  vault.doubt();
  expect(await vault.note("a.md")).toBe(a);
  expect(await vault.read("b.md")).toBe("B");
  expect(inner.reads).toEqual(["a.md", "b.md"]);

  // Another process writes b.md between two calls: read again in the next call, and only then.
  inner.files.set("b.md", "B, edited elsewhere");
  expect(await vault.read("b.md")).toBe("B");
  vault.doubt();
  expect(await vault.read("b.md")).toBe("B, edited elsewhere");
  expect(await vault.note("a.md")).toBe(a);
  expect(inner.reads).toEqual(["a.md", "b.md", "b.md"]);

  // c.md had just changed when it was read (no version): a change its version cannot show is still seen next call.
  inner.settling.add("c.md");
  inner.files.set("c.md", "C");
  vault.doubt();
  expect(await vault.read("c.md")).toBe("C");
  inner.settling.delete("c.md");
  inner.changeUnseen("c.md", "D");
  vault.doubt();
  expect(await vault.read("c.md")).toBe("D");
  // A note that did not exist is looked for again at each call.
  expect(await vault.read("d.md")).toBeNull();
  inner.files.set("d.md", "created elsewhere");
  vault.doubt();
  expect(await vault.read("d.md")).toBe("created elsewhere");
});
