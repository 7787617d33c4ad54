// The release workflow, read as GitHub reads it: a version tag builds the plugin and attaches its three files.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";

const REPO_ROOT = join(__dirname, "..", "..");
const WORKFLOW = join(REPO_ROOT, ".github", "workflows", "release.yml");

interface Step {
  name?: string;
  uses?: string;
  run?: string;
  env?: Record<string, string>;
}
interface Workflow {
  on: { push?: { tags?: string[]; branches?: string[] } };
  jobs: Record<string, { "runs-on": string; permissions?: Record<string, string>; steps: Step[] }>;
}

const workflow = parse(readFileSync(WORKFLOW, "utf8"), { strict: true, uniqueKeys: true }) as Workflow;
const jobs = Object.values(workflow.jobs);
const steps = jobs.flatMap((job) => job.steps);
const runLines = (step: Step): string[] => (step.run ?? "").split("\n").map((line) => line.trim());

/** The shell words of the `gh release create …` command, its backslash continuations joined. */
function releaseCommand(): string[] {
  const step = steps.find((s) => (s.run ?? "").includes("gh release create"));
  if (!step) return [];
  const joined = (step.run ?? "").replace(/\\\n/g, " ");
  const line = joined.split("\n").find((l) => l.includes("gh release create")) ?? "";
  return line.trim().split(/\s+/);
}

it("runs on a pushed tag and on nothing else", () => {
  expect(Object.keys(workflow.on)).toEqual(["push"]);
  expect(workflow.on.push?.tags).toEqual(["*"]);
  expect(workflow.on.push?.branches).toBeUndefined();
});

it("may write releases (the default token is read-only)", () => {
  expect(jobs).toHaveLength(1);
  expect(jobs[0].permissions).toEqual({ contents: "write" });
});

it("installs from the lock file, tests and builds before it releases", () => {
  const commands = steps.flatMap(runLines);
  const at = (command: string): number => commands.indexOf(command);
  expect(at("npm ci --no-audit --no-fund")).toBeGreaterThanOrEqual(0);
  expect(at("npm test")).toBeGreaterThan(at("npm ci --no-audit --no-fund"));
  expect(at("npm run build")).toBeGreaterThan(at("npm test"));
  const releaseStep = steps.findIndex((s) => (s.run ?? "").includes("gh release create"));
  const buildStep = steps.findIndex((s) => runLines(s).includes("npm run build"));
  expect(buildStep).toBeGreaterThanOrEqual(0);
  expect(releaseStep).toBeGreaterThan(buildStep);
});

it("attaches exactly main.js, manifest.json and styles.css to a release named after the tag", () => {
  const words = releaseCommand();
  expect(words.slice(0, 4)).toEqual(["gh", "release", "create", '"$tag"']);
  expect(words).toContain('--title="$tag"');
  const assets = words.filter((word) => !word.startsWith("-") && !word.startsWith('"')).slice(3);
  expect(assets.sort()).toEqual(["main.js", "manifest.json", "styles.css"]);
  const release = steps.find((s) => (s.run ?? "").includes("gh release create"));
  expect(release?.env?.GITHUB_TOKEN).toBe("${{ secrets.GITHUB_TOKEN }}");
  expect(release?.run).toContain('tag="${GITHUB_REF#refs/tags/}"');
});

it("refuses a tag that differs from manifest.json's version (Obsidian looks the release up by that version)", () => {
  const check = steps.find((s) => (s.run ?? "").includes("manifest.json") && !(s.run ?? "").includes("gh release"));
  expect(check?.run).toContain("require('./manifest.json').version");
  expect(check?.run).toMatch(/if \[ "\$tag" != "\$version" \]/);
  expect(check?.run).toContain("exit 1");
});
