// `npm version patch` on a copy of the release files: package.json, manifest.json and versions.json move together.
import { execFileSync } from "node:child_process";
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const REPO_ROOT = join(__dirname, "..", "..");
const FILES = ["package.json", ".npmrc", "manifest.json", "versions.json", "version-bump.mjs"];

let dir: string;

/** The environment without npm's own variables: inside `npm test` they point npm at this repository, not the copy. */
function cleanEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) if (!/^npm_/i.test(key)) env[key] = value;
  return {
    ...env,
    GIT_AUTHOR_NAME: "Release test",
    GIT_AUTHOR_EMAIL: "release@test.invalid",
    GIT_COMMITTER_NAME: "Release test",
    GIT_COMMITTER_EMAIL: "release@test.invalid",
  };
}

const run = (command: string, args: string[]): string => execFileSync(command, args, {
    cwd: dir,
    env: cleanEnv(),
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
  });
const readJson = (name: string): Record<string, unknown> => JSON.parse(readFileSync(join(dir, name), "utf8")) as Record<string, unknown>;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "sop-version-bump-"));
  for (const file of FILES) copyFileSync(join(REPO_ROOT, file), join(dir, file));
  run("git", ["init", "-q"]);
  run("git", ["add", "."]);
  run("git", ["commit", "-q", "-m", "release files"]);
});

afterEach(() => rmSync(dir, { recursive: true, force: true }));

it("npm version patch bumps manifest.json, records the version in versions.json, and tags it without a v", () => {
  const manifestText = readFileSync(join(dir, "manifest.json"), "utf8");
  const before = readJson("manifest.json");
  const [major, minor, patch] = String(before.version).split(".").map(Number);
  const next = `${major}.${minor}.${patch + 1}`;

  run("npm", ["version", "patch"]);

  expect(readJson("package.json").version).toBe(next);
  // The same file with only its version line changed, so a release diff reads as one line.
  expect(readFileSync(join(dir, "manifest.json"), "utf8")).toBe(manifestText.replace(`"version": "${String(before.version)}"`, `"version": "${next}"`));
  const versions = readJson("versions.json");
  expect(versions[next]).toBe(before.minAppVersion);
  expect(versions[String(before.version)]).toBe(before.minAppVersion);
  // Obsidian's release lookup needs the tag to be the bare version, as manifest.json writes it.
  expect(run("git", ["tag", "--list"]).trim()).toBe(next);
  expect(run("git", ["show", "--name-only", "--format=%s", "HEAD"]).trim().split("\n")).toEqual([
    next,
    "",
    "manifest.json",
    "package.json",
    "versions.json",
  ]);
  expect(run("git", ["status", "--porcelain"])).toBe("");
});

it("refuses to run outside npm version, changing nothing", () => {
  const manifestBefore = readFileSync(join(dir, "manifest.json"), "utf8");
  let message = "";
  try {
    run("node", ["version-bump.mjs"]);
  } catch (error) {
    message = String((error as { stderr?: string }).stderr);
  }
  expect(message.trim()).toBe("version-bump.mjs runs from `npm version <patch|minor|major|x.y.z>`, which sets npm_package_version.");
  expect(readFileSync(join(dir, "manifest.json"), "utf8")).toBe(manifestBefore);
});
