// What the plugin and command-line builds share to stay small: markdown-it without what the parser never runs, the openai SDK
// without the API the model layer never calls. Used by esbuild.config.mjs, bench/bundle.bench.ts and tests/build/.
import { join } from "node:path";
import { slimOpenAI } from "./slim-openai.mjs";
import slimMarkdownIt from "./slim-markdown-it.cjs";

/** markdown-it's dependencies → stand-ins (./shims/); jest.config.cjs maps the same names to the same files. */
export const MARKDOWN_IT_SHIMS = {
  "linkify-it": "linkify-it.mjs",
  "punycode.js": "punycode.mjs",
  entities: "entities.mjs",
  "uc.micro": "uc-micro.mjs",
  mdurl: "mdurl.mjs",
};

/** esbuild options (alias, plugins) for a bundle of code under `root` that includes the parser or the model layer. */
export function leanBundle(root) {
  const shims = join(root, "scripts", "esbuild", "shims");
  return {
    alias: Object.fromEntries(Object.entries(MARKDOWN_IT_SHIMS).map(([name, file]) => [name, join(shims, file)])),
    plugins: [slimMarkdownIt.slimMarkdownItPlugin(), slimOpenAI(root)],
  };
}
