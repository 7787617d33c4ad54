// Jest: ts-jest for our TypeScript, esbuild for the ESM-only packages in node_modules.
const esmPackages = ["diff"];
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
