// Builds the plugin (main.js, CommonJS for Obsidian) and the command line (dist/sop.cjs, for Node).
import esbuild from "esbuild";
import { mkdirSync, writeFileSync } from "node:fs";
import { builtinModules } from "node:module";
import process from "node:process";
import { leanBundle } from "./scripts/esbuild/lean-bundle.mjs";

const prod = process.argv[2] === "production";

const banner = "/* SOP Runtime — bundled with esbuild. Source: https://github.com/sop-runtime/sop-runtime */";

/**
 * The openai SDK checks path parameters with a regex lookbehind, which iOS before 16.4 cannot parse (the whole
 * main.js would fail to load). The same check without lookbehind also consumes the "/" before a bad segment, which
 * only moves the caret under the SDK's error message by one column.
 */
const noLookbehind = {
  name: "no-lookbehind",
  setup(build) {
    build.onLoad({ filter: /openai[\\/]internal[\\/]utils[\\/]path\.m?js$/ }, async (args) => {
      const { readFile } = await import("node:fs/promises");
      const source = await readFile(args.path, "utf8");
      return { contents: source.replace("/(?<=^|\\/)(?:\\.|%2e){1,2}(?=\\/|$)/gi", "/(?:^|\\/)(?:\\.|%2e){1,2}(?=\\/|$)/gi"), loader: "js" };
    });
  },
};

/** markdown-it without what the parser never runs, the openai SDK without what src/llm never calls (both builds). */
const lean = leanBundle(process.cwd());

const plugin = {
  plugins: [noLookbehind, ...lean.plugins],
  alias: lean.alias,
  entryPoints: ["main.ts"],
  bundle: true,
  format: "cjs",
  platform: "browser",
  target: "es2021",
  outfile: "main.js",
  banner: { js: banner },
  external: [
    "obsidian",
    "electron",
    "@codemirror/autocomplete",
    "@codemirror/collab",
    "@codemirror/commands",
    "@codemirror/language",
    "@codemirror/lint",
    "@codemirror/search",
    "@codemirror/state",
    "@codemirror/view",
    "@lezer/common",
    "@lezer/highlight",
    "@lezer/lr",
    ...builtinModules,
    ...builtinModules.map((m) => `node:${m}`),
  ],
  logLevel: "info",
  sourcemap: prod ? false : "inline",
  minify: prod,
  treeShaking: true,
  metafile: true,
};

const cli = {
  entryPoints: ["src/cli/main.ts"],
  bundle: true,
  format: "cjs",
  platform: "node",
  target: "node20",
  outfile: "dist/sop.cjs",
  banner: { js: "#!/usr/bin/env node" },
  plugins: lean.plugins,
  alias: lean.alias,
  logLevel: "info",
  sourcemap: false,
  minify: prod,
};

if (prod) {
  const built = await esbuild.build(plugin);
  // What went into main.js, file by file (esbuild's metafile): bench/bundle.bench.ts reads it.
  mkdirSync("dist", { recursive: true });
  writeFileSync("dist/main.meta.json", JSON.stringify(built.metafile));
  await esbuild.build(cli);
} else {
  const a = await esbuild.context(plugin);
  const b = await esbuild.context(cli);
  await Promise.all([a.watch(), b.watch()]);
}
