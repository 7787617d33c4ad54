// Jest transform: turns the ESM-only packages of the unified/micromark family into CommonJS.
const { transformSync } = require("esbuild");
module.exports = {
  process(source, filename) {
    const out = transformSync(source, { loader: "js", format: "cjs", target: "node20", sourcefile: filename });
    return { code: out.code };
  },
};
