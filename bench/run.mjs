// Runs every bench/*.bench.ts (or those whose name contains the filter): bundle with esbuild, execute with node.
import { build } from "esbuild";
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { leanBundle } from "../scripts/esbuild/lean-bundle.mjs";

const benchDir = dirname(fileURLToPath(import.meta.url));
const filter = process.argv[2] ?? "";
const files = readdirSync(benchDir).filter((f) => f.endsWith(".bench.ts") && f.includes(filter)).sort();
if (files.length === 0) {
  process.stderr.write(`No benchmark matches "${filter}" in bench/.\n`);
  process.exit(2);
}
// Inside the repository, so that packages left external (below) resolve from its node_modules.
const cacheDir = join(benchDir, "..", "node_modules", ".cache");
mkdirSync(cacheDir, { recursive: true });
const outDir = mkdtempSync(join(cacheDir, "sop-bench-"));
/** Loaded at run time rather than bundled: native binaries (esbuild), file-relative assets (jsdom), the peers under test. */
const external = ["esbuild", "jsdom", "obsidian-test-mocks", "obsidian-test-mocks/*", "@langchain/*"];
/** The `obsidian` package has types only; benchmarks of plugin code get Obsidian's functions (getAllTags, …) from the mocks. */
/** The parser and the model layer as the plugin and the command line bundle them (markdown-it and the openai SDK slimmed). */
const lean = leanBundle(join(benchDir, ".."));
const alias = { obsidian: "obsidian-test-mocks/obsidian", ...lean.alias };
let failed = 0;
try {
  for (const file of files) {
    const outfile = join(outDir, file.replace(/\.ts$/, ".cjs"));
    await build({ entryPoints: [join(benchDir, file)], bundle: true, platform: "node", format: "cjs", target: "node20", outfile, external, alias, plugins: lean.plugins, logLevel: "warning" });
    process.stdout.write(`\n## ${file}\n\n`);
    const result = spawnSync(process.execPath, [outfile], { stdio: "inherit", cwd: join(benchDir, "..") });
    if (result.status !== 0) failed++;
  }
} finally {
  rmSync(outDir, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
