// Benchmark: SOP discovery from the metadata cache (TaggedNoteFinder) over generated vaults of 1k, 5k and 20k notes.
import type { CachedMetadata, MetadataCache, TFile, Vault } from "obsidian";
import { TaggedNoteFinder } from "../src/obsidian/adapters/tagged-notes";
import { cells, machineLine, met, summarize, write } from "./bench-report";

const BUDGET_MS_AT_20K = 20;
const SOP_SHARE = 0.02;

interface FakeFile {
  path: string;
  basename: string;
  extension: string;
}

/**
 * Shaped like Obsidian's own: the vault keeps every file (attachments too) in a path map and getMarkdownFiles
 * filters it into a fresh array on each call; the metadata cache maps a path to a content hash and the hash to
 * the cached metadata. Plain objects and Maps, so the time measured is ours plus what Obsidian itself does.
 */
function fakeVault(notes: number): { vault: Vault; metadataCache: MetadataCache; tagged: number } {
  const fileMap = new Map<string, FakeFile>();
  const fileHashes = new Map<string, string>();
  const metadata = new Map<string, CachedMetadata>();
  let tagged = 0;
  const everyNth = Math.round(1 / SOP_SHARE);
  for (let i = 0; i < notes; i++) {
    const folder = `Area ${i % 40}/Topic ${i % 7}`;
    const path = `${folder}/Note ${i}.md`;
    fileMap.set(path, { path, basename: `Note ${i}`, extension: "md" });
    let cache: CachedMetadata;
    if (i % everyNth === 0) {
      tagged++;
      // Half the SOPs carry the tag in properties, half inline in the body, as people write them.
      cache = i % (2 * everyNth) === 0
        ? { frontmatter: { tags: ["sop", "ops"], sop_version: 2 }, headings: [{ heading: `SOP ${i}`, level: 1, position: pos(4) }] }
        : { tags: [{ tag: "#sop", position: pos(2) }, { tag: "#team/ops", position: pos(2) }], headings: [{ heading: `SOP ${i}`, level: 1, position: pos(0) }] };
    } else {
      // Near misses the matcher must reject: "sop-role", "sops", "#project/sop-ish"; most notes carry ordinary tags.
      const tags = i % 13 === 0 ? ["sop-role"] : i % 17 === 0 ? ["sops", "draft"] : i % 3 === 0 ? ["project", "meeting"] : [];
      cache = {
        ...(tags.length > 0 ? { frontmatter: { tags, created: "2026-01-01" } } : {}),
        ...(i % 5 === 0 ? { tags: [{ tag: "#project/sop-ish", position: pos(6) }, { tag: "#todo", position: pos(8) }] } : {}),
        links: [{ link: `Note ${(i * 7) % notes}`, original: `[[Note ${(i * 7) % notes}]]`, displayText: `Note ${(i * 7) % notes}`, position: pos(3) }],
      };
    }
    const hash = `h${i.toString(16)}`;
    fileHashes.set(path, hash);
    metadata.set(hash, cache);
    // One attachment per ten notes: getMarkdownFiles has to skip them, as in a real vault.
    if (i % 10 === 0) fileMap.set(`${folder}/image ${i}.png`, { path: `${folder}/image ${i}.png`, basename: `image ${i}`, extension: "png" });
  }
  const vault = {
    getMarkdownFiles(): FakeFile[] {
      const files: FakeFile[] = [];
      for (const file of fileMap.values()) if (file.extension === "md") files.push(file);
      return files;
    },
  };
  const metadataCache = {
    getFileCache(file: FakeFile): CachedMetadata | null {
      const hash = fileHashes.get(file.path);
      return hash === undefined ? null : (metadata.get(hash) ?? null);
    },
  };
  return { vault: vault as unknown as Vault, metadataCache: metadataCache as unknown as MetadataCache, tagged };
}

function pos(line: number): CachedMetadata["sections"] extends (infer S)[] | undefined ? S extends { position: infer P } ? P : never : never {
  return { start: { line, col: 0, offset: line * 40 }, end: { line, col: 10, offset: line * 40 + 10 } };
}

function main(): void {
  const machine = machineLine();
  const rows: string[] = [];
  for (const [notes, repeats] of [[1_000, 101], [5_000, 51], [20_000, 31]] as const) {
    const { vault, metadataCache, tagged } = fakeVault(notes);
    const finder = new TaggedNoteFinder(vault, metadataCache);
    for (let i = 0; i < 10; i++) finder.find("sop");
    const samples: number[] = [];
    let found: TFile[] = [];
    for (let i = 0; i < repeats; i++) {
      const start = performance.now();
      found = finder.find("sop");
      samples.push(performance.now() - start);
    }
    if (found.length !== tagged) throw new Error(`Found ${found.length} SOPs in ${notes} notes, expected ${tagged}.`);
    const summary = summarize(samples);
    const budget = notes === 20_000 ? `≤ ${BUDGET_MS_AT_20K} ms` : "—";
    const ok = notes === 20_000 ? met(summary.median <= BUDGET_MS_AT_20K) : "—";
    rows.push(`| ${notes.toLocaleString("en-US")} | ${tagged} | ${repeats} | ${budget} | ${cells(summary, 2)} | ${ok} |`);
  }
  write([
    "### SOP discovery from the metadata cache",
    "",
    machine,
    "",
    "| Notes | SOPs found | Runs | Budget | Median ms | Min–max ms | Met? |",
    "|---:|---:|---:|---:|---:|---:|---|",
    ...rows,
    "",
    `TaggedNoteFinder.find("sop") as the plugin calls it (getMarkdownFiles, getFileCache, getAllTags, isSopTagged, sort by path), over a`,
    `fake vault and metadata cache of plain objects shaped like Obsidian's (path → file, path → hash → metadata; one .png per ten notes).`,
    `${(SOP_SHARE * 100).toFixed(0)}% of notes are SOPs (half tagged in properties, half inline); others carry ordinary tags and near misses (sop-role, sops, #project/sop-ish).`,
    "getAllTags is obsidian-test-mocks' implementation (inline tags, then frontmatter tags with \"#\"), like Obsidian's. The mocks' App, Vault",
    "and MetadataCache are not used: they are strict proxies that check each member access and build their cache by parsing each note,",
    "overhead that Obsidian does not have and that would measure the mocks rather than the discovery code.",
    "",
  ]);
}

main();
