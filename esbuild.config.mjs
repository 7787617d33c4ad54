// Builds the plugin (main.js, CommonJS for Obsidian) and the command line (dist/sop.cjs, for Node).
import esbuild from "esbuild";
import { builtinModules } from "node:module";
import process from "node:process";

const prod = process.argv[2] === "production";

const banner = "/* SOP Runtime — bundled with esbuild. Source: https://github.com/ (see README). */";

const plugin = {
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
