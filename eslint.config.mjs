// ESLint. Code that ships in the plugin (main.ts, src/core, src/llm, src/obsidian) gets
// eslint-plugin-obsidianmd's recommended config, nothing disabled. Node-only programs that never load
// in Obsidian (the CLI, tests, benchmarks) get typescript-eslint's type-checked recommended config.
import { defineConfig } from "eslint/config";
import obsidianmd from "eslint-plugin-obsidianmd";
import tseslint from "typescript-eslint";
import globals from "globals";

const typed = {
  parserOptions: {
    projectService: true,
    tsconfigRootDir: import.meta.dirname,
  },
};

export default defineConfig([
  {
    ignores: ["node_modules/", "main.js", "dist/", "coverage/", "artifacts/", "examples/vault/.obsidian/", "**/*.cjs", "**/*.mjs"],
  },
  {
    files: ["main.ts", "src/core/**/*.ts", "src/llm/**/*.ts", "src/obsidian/**/*.ts", "package.json"],
    extends: [obsidianmd.configs.recommended],
  },
  {
    files: ["main.ts", "src/core/**/*.ts", "src/llm/**/*.ts", "src/obsidian/**/*.ts"],
    languageOptions: typed,
  },
  {
    // "SOP" is an acronym, which sentence case keeps upper-case (as the rule's own list does for API or URL).
    files: ["main.ts", "src/core/**/*.ts", "src/llm/**/*.ts", "src/obsidian/**/*.ts"],
    rules: { "obsidianmd/ui/sentence-case": ["warn", { enforceCamelCaseLower: true, ignoreWords: ["SOP", "SOPs"] }] },
  },
  {
    files: ["src/cli/**/*.ts", "tests/**/*.ts", "bench/**/*.ts", "scripts/**/*.ts"],
    extends: [tseslint.configs.recommendedTypeChecked],
    languageOptions: { ...typed, globals: { ...globals.node } },
  },
]);
