// Whole-file writes and what a killed process leaves: a temporary file of a dead process is swept on the next walk.
import { spawnSync } from "node:child_process";
import { mkdir, mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
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
