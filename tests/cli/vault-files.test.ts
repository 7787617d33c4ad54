// Whole-file writes and what a killed process leaves: a temporary file of a dead process is swept on the next walk;
// the versions that let one `sop` process use a note it read again while its file is unchanged.
import { spawnSync } from "node:child_process";
import { mkdir, mkdtemp, readdir, rename, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { FolderVault } from "../../src/cli/folder-vault";
import { VaultFiles } from "../../src/cli/vault-files";
import { nodeYaml } from "../../src/cli/yaml-codec";

let root: string;

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), "sop-files-"));
  await mkdir(join(root, "Runs"));
});

afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

it("sweeps a dead process's temporary file from a folder it lists, and keeps a live one's and other files", async () => {
  // A pid that certainly ran and is gone: a finished child process.
  const dead = spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"], { encoding: "utf8" }).stdout;
  await writeFile(join(root, "Runs", "01 Draft.md"), "kept", "utf8");
  await writeFile(join(root, "Runs", `01 Draft.md.${dead}.3.tmp`), "half a no", "utf8");
  await writeFile(join(root, "Runs", `02 Check.md.${process.pid}.1.tmp`), "in progress", "utf8");
  await writeFile(join(root, "Runs", "notes.tmp"), "someone else's", "utf8");
  const listed = await new FolderVault(root, nodeYaml).list("Runs");
  expect(listed).toEqual(["Runs/01 Draft.md"]);
  expect((await readdir(join(root, "Runs"))).sort()).toEqual(["01 Draft.md", `02 Check.md.${process.pid}.1.tmp`, "notes.tmp"]);
});

it("creates a file whole only when none is there, and replaces it whole", async () => {
  const files = new VaultFiles(root);
  expect(await files.createWhole("Runs/lock", "first")).toBe(true);
  expect(await files.createWhole("Runs/lock", "second")).toBe(false);
  await files.replaceWhole("Runs/lock", "third");
  expect(await files.read("Runs/lock")).toBe("third");
  expect(await readdir(join(root, "Runs"))).toEqual(["lock"]);
  expect(() => files.abs("../outside")).toThrow('The path "../outside" leaves the vault folder.');
});

it("appends to a note without reading it (a run's log grows with the run), and refuses a note that is not there", async () => {
  const vault = new FolderVault(root, nodeYaml);
  await writeFile(join(root, "Runs", "R log.md"), "- one\n", "utf8");
  const read = jest.spyOn(vault, "read");
  await vault.append("Runs/R log.md", "- two\n");
  expect(read).not.toHaveBeenCalled();
  expect(await vault.read("Runs/R log.md")).toBe("- one\n- two\n");
  await expect(vault.append("Runs/Missing log.md", "- x\n")).rejects.toThrow('No note at "Runs/Missing log.md".');
});

it("gives a note its file's version only once the file has settled, and any later change, link or move out of the vault ends it", async () => {
  const files = new VaultFiles(root);
  const outside = await mkdtemp(join(tmpdir(), "sop-outside-"));
  try {
    for (const name of ["a", "b", "c", "d"]) await writeFile(join(root, "Runs", `${name}.md`), `Note ${name}.`, "utf8");
    await mkdir(join(root, "Moved"));
    await writeFile(join(root, "Moved", "e.md"), "Note e.", "utf8");
    await writeFile(join(outside, "Secret.md"), "Note X.", "utf8");
    // Written a moment ago: a second write in the same tick of the file system's clock could keep every field, so the
    // note gets no version and is read again at the next engine call.
    expect(await files.readVersion("Runs/a.md")).toEqual({ text: "Note a.", version: null });
    await new Promise((resolve) => setTimeout(resolve, 2_100));
    const read = async (path: string): Promise<string> => {
      const { text, version } = await files.readVersion(path);
      expect(text).not.toBeNull();
      expect(version).not.toBeNull();
      return version ?? "";
    };
    const [a, b, c, d, e] = [await read("Runs/a.md"), await read("Runs/b.md"), await read("Runs/c.md"), await read("Runs/d.md"), await read("Moved/e.md")];
    expect(await files.readVersion("Runs/missing.md")).toEqual({ text: null, version: null });

    // Edited in place with text of the same size right after the read; replaced whole; replaced by a link out.
    await writeFile(join(root, "Runs", "b.md"), "Note B.", "utf8");
    await files.replaceWhole("Runs/c.md", "Note c.");
    await rm(join(root, "Runs", "d.md"));
    await symlink(join(outside, "Secret.md"), join(root, "Runs", "d.md"));
    // Its folder moved out of the vault, a link to it left in its place: the same file, no longer in the vault.
    await rename(join(root, "Moved"), join(outside, "Moved"));
    await symlink(join(outside, "Moved"), join(root, "Moved"));

    const check = files.versionCheck();
    expect(check("Runs/a.md", a)).toBe(true);
    expect(check("Runs/b.md", b)).toBe(false);
    expect(check("Runs/c.md", c)).toBe(false);
    expect(check("Runs/d.md", d)).toBe(false);
    expect(check("Moved/e.md", e)).toBe(false);
    expect(check("Runs/missing.md", a)).toBe(false);
    // Read again, a note outside the vault is refused as before.
    await expect(files.readVersion("Runs/d.md")).rejects.toThrow('The path "Runs/d.md" leaves the vault folder.');
    await expect(files.readVersion("Moved/e.md")).rejects.toThrow('The path "Moved/e.md" leaves the vault folder.');
    expect((await files.readVersion("Runs/b.md")).text).toBe("Note B.");
  } finally {
    await rm(outside, { recursive: true, force: true });
  }
});
