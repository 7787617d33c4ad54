// Test support: builds main.js when it is missing or older than the sources, and loads it the way Obsidian does.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export const REPO_ROOT = join(__dirname, "..", "..");
export const MAIN_JS = join(REPO_ROOT, "main.js");

function newestSourceTime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSourceTime(path));
    else if (/\.(ts|mjs|cjs)$/.test(entry.name)) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

function builtTime(): number | null {
  try {
    return statSync(MAIN_JS).mtimeMs;
  } catch {
    return null;
  }
}

/** Runs the production build (`node esbuild.config.mjs production`) unless main.js is newer than every source file and the build's own. */
export function ensureBuiltPlugin(): void {
  const built = builtTime();
  const sources = Math.max(
    newestSourceTime(join(REPO_ROOT, "src")),
    newestSourceTime(join(REPO_ROOT, "scripts", "esbuild")),
    statSync(join(REPO_ROOT, "main.ts")).mtimeMs,
    statSync(join(REPO_ROOT, "esbuild.config.mjs")).mtimeMs,
  );
  if (built !== null && built >= sources) return;
  try {
    execFileSync(process.execPath, ["esbuild.config.mjs", "production"], { cwd: REPO_ROOT, stdio: "pipe" });
  } catch (error) {
    const stderr = (error as { stderr?: Buffer }).stderr?.toString() ?? String(error);
    throw new Error(`The production build failed, so main.js could not be tested:\n${stderr}`);
  }
}

/**
 * Evaluates main.js as Obsidian does: CommonJS with a `require` that the host controls. The bundle runs in this
 * test's (jsdom) realm; `modules` is everything the host provides, and any other require is recorded and refused.
 */
export async function loadBuiltPlugin(modules: Record<string, unknown>): Promise<{ exports: Record<string, unknown>; refused: string[] }> {
  // A wrapper module lets jest load the bundle in this realm without eval.
  const dir = mkdtempSync(join(tmpdir(), "sop-main-js-"));
  const wrapper = join(dir, "load-main.cjs");
  writeFileSync(
    wrapper,
    `module.exports = function (require) {\nconst module = { exports: {} };\nconst exports = module.exports;\n${readFileSync(MAIN_JS, "utf8")}\n;return module.exports;\n};\n`,
  );
  const loaded = (await import(wrapper)) as { default: (require: (id: string) => unknown) => Record<string, unknown> };
  const refused: string[] = [];
  const hostRequire = (id: string): unknown => {
    if (id in modules) return modules[id];
    refused.push(id);
    throw new Error(`main.js required "${id}", which Obsidian does not provide on every platform.`);
  };
  return { exports: loaded.default(hostRequire), refused };
}
