// `sop list <vault-folder> [--json] [--tag t]`: every SOP note below a folder with its step count.
import { readdir, stat } from "node:fs/promises";
import { basename, extname, join, relative, sep } from "node:path";
import { extractTags, isSopTagged } from "../../core/sop/detect";
import { parseProcedure } from "../../core/sop/parse-procedure";
import { UsageError, type CliCommand } from "../command";
import { parseFlags } from "../flags";
import { nodeYaml } from "../yaml-codec";
import { readNote } from "./parse";

interface ListedSop {
  path: string;
  title: string;
  steps: number | null;
  error?: string;
}

const skippedFolders = new Set([".obsidian", ".trash", "node_modules", ".git"]);

export const listCommand: CliCommand = {
  name: "list",
  summary: "list the SOP notes in a vault folder with their step counts",
  usage: "sop list <vault-folder> [--json] [--tag sop]",
  async run(argv, io) {
    const { values, positionals } = parseFlags(argv, { json: { type: "boolean" }, tag: { type: "string" } });
    const [folder, ...extra] = positionals;
    if (!folder) throw new UsageError("name the vault folder to list, e.g. sop list ~/Vault");
    if (extra.length) throw new UsageError(`expected one folder, got ${positionals.length}`);
    const tag = (values.tag ?? "sop").replace(/^#/, "").trim();
    if (!tag) throw new UsageError("--tag needs a tag name, e.g. --tag sop");
    await requireFolder(folder);
    const listed: ListedSop[] = [];
    for (const file of await markdownFiles(folder)) {
      const markdown = await readNote(file);
      // A note can only carry the tag if its text contains it: skip the Markdown parse for every other note.
      if (!markdown.toLowerCase().includes(tag.toLowerCase()) || !isSopTagged(extractTags(markdown, nodeYaml), tag)) continue;
      const name = basename(file, extname(file));
      const path = relative(folder, file).split(sep).join("/");
      const outcome = parseProcedure(markdown, { name, yaml: nodeYaml });
      listed.push(outcome.ok ? { path, title: outcome.procedure.title, steps: outcome.procedure.steps.length } : { path, title: name, steps: null, error: outcome.error });
    }
    if (values.json) io.out(JSON.stringify(listed, null, 2) + "\n");
    else if (listed.length === 0) io.out(`No notes tagged #${tag} in ${folder}.\n`);
    else io.out(listed.map((s) => (s.steps === null ? `${s.path} — ${s.error}` : `${s.path} — ${s.title} (${s.steps} step${s.steps === 1 ? "" : "s"})`)).join("\n") + "\n");
    return 0;
  },
};

async function requireFolder(folder: string): Promise<void> {
  const info = await stat(folder).catch(() => null);
  if (!info) throw new UsageError(`no such folder: ${folder}`);
  if (!info.isDirectory()) throw new UsageError(`${folder} is a file; name the vault folder`);
}

/** Every .md file below `folder`, sorted, outside the app's own and trash folders. */
async function markdownFiles(folder: string): Promise<string[]> {
  const found: string[] = [];
  const walk = async (dir: string): Promise<void> => {
    const entries = await readdir(dir, { withFileTypes: true });
    for (const entry of entries) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (!skippedFolders.has(entry.name)) await walk(path);
      } else if (entry.isFile() && entry.name.toLowerCase().endsWith(".md")) found.push(path);
    }
  };
  await walk(folder);
  return found.sort((a, b) => a.localeCompare(b));
}
