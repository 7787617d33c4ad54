// Builds the plugin (main.js, CommonJS for Obsidian) and the command line (dist/sop.cjs, for Node).
import esbuild from "esbuild";
import { builtinModules } from "node:module";
import process from "node:process";

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

const plugin = {
  plugins: [noLookbehind],
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
  logLevel: "info",
  sourcemap: false,
  minify: prod,
};

if (prod) {
  await esbuild.build(plugin);
  await esbuild.build(cli);
} else {
  const a = await esbuild.context(plugin);
  const b = await esbuild.context(cli);
  await Promise.all([a.watch(), b.watch()]);
}
