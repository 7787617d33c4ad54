// Strips from markdown-it's bundled file the parts the SOP parser never runs: the HTML renderer, typographer and linkify.
// CommonJS so that both the esbuild builds and jest's transform (tests/support/esm-transform.cjs) can use it.
const { readFile } = require("node:fs/promises");

/**
 * Region of markdown-it 15's dist/markdown-it.mjs → what stands in for it. The parsers (src/core/sop/markdown-parsers.ts)
 * use the commonmark preset, which has typographer and linkify off, so those rules return at their first line; and
 * nothing calls `md.render`. Each stand-in keeps the names the rest of the file refers to.
 */
const STAND_INS = {
  "src/renderer.ts": "var Renderer = class {\n\trender() {\n\t\tthrow new Error(\"markdown-it: rendering is left out of this build.\");\n\t}\n\trenderInline() {\n\t\treturn this.render();\n\t}\n};",
  "src/rules_core/replacements.ts": "function replace() {}",
  "src/rules_core/smartquotes.ts": "function smartquotes() {}",
  "src/rules_core/linkify.ts": "function linkify$1() {}",
  "src/rules_inline/linkify.ts": "function linkify() {\n\treturn false;\n}",
};

/** The file with each region replaced; throws when a region or one of its names is missing (another markdown-it version). */
function slimMarkdownIt(source) {
  let out = source;
  for (const [region, standIn] of Object.entries(STAND_INS)) {
    const start = out.indexOf(`//#region ${region}\n`);
    const end = start < 0 ? -1 : out.indexOf("//#endregion", start);
    const names = [...standIn.matchAll(/^(?:var|function) ([\w$]+)/gm)].map((match) => match[1]);
    const body = start < 0 || end < 0 ? "" : out.slice(start, end);
    const missing = names.filter((name) => !new RegExp(`^(?:var|function) ${name.replace(/\$/g, "\\$")}\\b`, "m").test(body));
    if (start < 0 || end < 0 || missing.length > 0) {
      throw new Error(`slim-markdown-it: markdown-it's dist no longer has region ${region}${missing.length ? ` defining ${missing.join(", ")}` : ""}; check the markdown-it version.`);
    }
    out = `${out.slice(0, start)}//#region ${region} (left out: scripts/esbuild/slim-markdown-it.cjs)\n${standIn}\n${out.slice(end)}`;
  }
  return out;
}

/** esbuild plugin applying slimMarkdownIt to markdown-it's ESM file. */
function slimMarkdownItPlugin() {
  return {
    name: "slim-markdown-it",
    setup(build) {
      build.onLoad({ filter: /[\\/]markdown-it[\\/]dist[\\/]markdown-it\.mjs$/ }, async (args) => ({ contents: slimMarkdownIt(await readFile(args.path, "utf8")), loader: "js" }));
    },
  };
}

module.exports = { slimMarkdownIt, slimMarkdownItPlugin };
