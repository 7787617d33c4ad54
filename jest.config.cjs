// Jest: ts-jest for our TypeScript, esbuild for the ESM-only packages in node_modules.
// One time zone for every run (workers inherit it), so dates in notes do not depend on the machine; SOP_TEST_TZ
// runs the suite in another zone (e.g. Pacific/Chatham, +13:45) to check nothing assumes UTC.
process.env.TZ = process.env.SOP_TEST_TZ || "UTC";
const esmPackages = ["diff", "markdown-it"];
/** The parser runs in tests as it ships: markdown-it's ESM file, slimmed by the transform, with the builds' stand-ins. */
const shims = { "linkify-it": "linkify-it", "punycode\\.js": "punycode", entities: "entities", "uc\\.micro": "uc-micro", mdurl: "mdurl" };
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
    "^markdown-it$": "<rootDir>/node_modules/markdown-it/dist/markdown-it.mjs",
    ...Object.fromEntries(Object.entries(shims).map(([name, file]) => [`^${name}$`, `<rootDir>/scripts/esbuild/shims/${file}.mjs`])),
  },
  testTimeout: 30000,
  reporters: ["default", "<rootDir>/tests/support/summary-reporter.cjs"],
};
