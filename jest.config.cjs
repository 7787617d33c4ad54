// Jest: ts-jest for our TypeScript, esbuild for the ESM-only markdown packages in node_modules.
const esmPackages = [
  "micromark", "mdast-util", "unist-util", "decode-named-character-reference", "character-entities",
  "devlop", "ccount", "escape-string-regexp", "markdown-table", "zwitch", "longest-streak",
  "fault", "format", "diff",
];
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/tests"],
  testMatch: ["**/*.test.ts"],
  transform: {
    "^.+\\.ts$": ["ts-jest", { tsconfig: "tsconfig.json" }],
    "^.+\\.m?js$": "<rootDir>/tests/support/esm-transform.cjs",
  },
  transformIgnorePatterns: [`/node_modules/(?!(${esmPackages.join("|")}))`],
  moduleNameMapper: {
    "^obsidian$": "obsidian-test-mocks/obsidian",
  },
  testTimeout: 30000,
  reporters: ["default", "<rootDir>/tests/support/summary-reporter.cjs"],
};
