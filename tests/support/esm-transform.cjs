// Jest transform: turns ESM files (packages without CommonJS builds, markdown-it's ESM file, the bundle stand-ins) into CommonJS.
const { createHash } = require("node:crypto");
const { readFileSync } = require("node:fs");
const { transformSync } = require("esbuild");
const { slimMarkdownIt } = require("../../scripts/esbuild/slim-markdown-it.cjs");

/** Jest's cache must forget its copies when this transform or the slimming changes. */
const version = createHash("sha1").update(readFileSync(__filename)).update(readFileSync(require.resolve("../../scripts/esbuild/slim-markdown-it.cjs"))).digest("hex");

module.exports = {
  process(source, filename) {
    // markdown-it as the builds bundle it (scripts/esbuild/lean-bundle.mjs).
    const code = /[\\/]markdown-it[\\/]dist[\\/]markdown-it\.mjs$/.test(filename) ? slimMarkdownIt(source) : source;
    const out = transformSync(code, { loader: "js", format: "cjs", target: "node20", sourcefile: filename });
    return { code: out.code };
  },
  getCacheKey(source, filename) {
    return createHash("sha1").update(version).update(filename).update(source).digest("hex");
  },
};
