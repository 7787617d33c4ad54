// The community-plugin review checklist, checked on the files a reviewer reads: manifest, package.json, LICENSE, README, sources.
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { builtinModules } from "node:module";
import { join } from "node:path";
import { PROVIDER_PRESETS } from "../../src/llm/presets";

const REPO_ROOT = join(__dirname, "..", "..");
const read = (name: string): string => readFileSync(join(REPO_ROOT, name), "utf8");

interface Manifest {
  id: string;
  name: string;
  version: string;
  minAppVersion: string;
  description: string;
  author: string;
  authorUrl?: string;
  isDesktopOnly: boolean;
}
const manifest = JSON.parse(read("manifest.json")) as Manifest;
const pkg = JSON.parse(read("package.json")) as {
  version: string;
  license: string;
  author: { name: string; url: string };
  repository: { type: string; url: string };
};
const versions = JSON.parse(read("versions.json")) as Record<string, string>;

/** Every TypeScript file that esbuild bundles into main.js: the entry and the folders it may import. */
function shippedSources(): string[] {
  const files = [join(REPO_ROOT, "main.ts")];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith(".ts")) files.push(path);
    }
  };
  for (const folder of ["core", "llm", "obsidian"]) walk(join(REPO_ROOT, "src", folder));
  return files;
}

describe("manifest.json", () => {
  it("has every key the review requires and no other", () => {
    const required = ["id", "name", "version", "minAppVersion", "description", "author", "isDesktopOnly"];
    const allowed = [...required, "authorUrl", "fundingUrl", "helpUrl"];
    for (const key of required) expect(manifest).toHaveProperty(key);
    expect(Object.keys(manifest).filter((key) => !allowed.includes(key))).toEqual([]);
  });

  it("has an id and a name without Obsidian or Plugin, the id usable as a folder name", () => {
    expect(manifest.id).toMatch(/^[a-z0-9-_]+$/);
    for (const word of [manifest.id, manifest.name].map((s) => s.toLowerCase())) {
      expect(word).not.toContain("obsidian");
      expect(word.endsWith("plugin")).toBe(false);
    }
  });

  it("describes itself in one short sentence that starts with what it does", () => {
    const { description } = manifest;
    expect(description.length).toBeLessThanOrEqual(250);
    expect(description).toMatch(/[.?!)]$/);
    expect(description.toLowerCase()).not.toContain("obsidian");
    expect(description.toLowerCase()).not.toMatch(/this (is a )?plugin/);
    const firstWord = description.split(/\s+/)[0];
    expect(firstWord).toMatch(/^[A-Z][a-z]+$/);
    expect(["A", "An", "The", "This", "It", "Plugin"]).not.toContain(firstWord);
  });

  it("carries a bare numeric version shared with package.json and listed in versions.json", () => {
    expect(manifest.version).toMatch(/^\d+\.\d+\.\d+$/);
    expect(pkg.version).toBe(manifest.version);
    expect(versions[manifest.version]).toBe(manifest.minAppVersion);
  });

  it("links to its author, not to Obsidian and not to the plugin's own repository", () => {
    expect(manifest.authorUrl).toMatch(/^https:\/\/\S+$/);
    expect(manifest.authorUrl).not.toBe("https://obsidian.md");
    const repo = pkg.repository.url.replace(/^git\+/, "").replace(/\.git$/, "");
    expect(manifest.authorUrl && repo.startsWith(manifest.authorUrl + "/")).toBe(true);
    expect(repo).not.toBe(manifest.authorUrl);
  });

  it("is desktop-only exactly when code bundled into main.js imports Node or Electron", () => {
    const nodeModules = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`), "electron"]);
    const importers = shippedSources().filter((file) =>
      [...readFileSync(file, "utf8").matchAll(/(?:from\s+|import\(\s*|require\(\s*)["']([^"']+)["']/g)].some((m) => nodeModules.has(m[1])),
    );
    expect(manifest.isDesktopOnly).toBe(importers.length > 0);
  });
});

describe("package.json and LICENSE", () => {
  it("names the author, their URL and the repository as the manifest does", () => {
    expect(pkg.author.name).toBe(manifest.author);
    expect(pkg.author.url).toBe(manifest.authorUrl);
    expect(pkg.repository.type).toBe("git");
    expect(pkg.repository.url).toMatch(/^git\+https:\/\/github\.com\/[\w.-]+\/[\w.-]+\.git$/);
  });

  it("ships the license package.json names", () => {
    expect(existsSync(join(REPO_ROOT, "LICENSE"))).toBe(true);
    expect(pkg.license).toBe("MIT");
    expect(read("LICENSE").split("\n")[0]).toBe("MIT License");
  });
});

describe("code the reviewers read", () => {
  it("sets no HTML strings on elements", () => {
    const offenders = shippedSources().filter((file) => /\b(innerHTML|outerHTML|insertAdjacentHTML)\b/.test(readFileSync(file, "utf8")));
    expect(offenders).toEqual([]);
  });

  it("gives no command a default hotkey", () => {
    const offenders = shippedSources().filter((file) => /\bhotkeys\s*:/.test(readFileSync(file, "utf8")));
    expect(offenders).toEqual([]);
  });
});

describe("README", () => {
  const readme = read("README.md");

  it("discloses network use: what leaves the vault and every endpoint a preset sends it to", () => {
    expect(readme).toMatch(/^## What leaves the vault/m);
    for (const preset of PROVIDER_PRESETS.filter((p) => p.baseUrl !== "")) expect(readme).toContain(preset.baseUrl);
  });

  it("tells people where to copy the three release files by hand", () => {
    expect(readme).toContain(`.obsidian/plugins/${manifest.id}/`);
    for (const file of ["main.js", "manifest.json", "styles.css"]) expect(readme).toContain(file);
  });

  it("shows a screenshot that exists", () => {
    const images = [...readme.matchAll(/!\[[^\]]*\]\(([^)\s]+)\)/g)].map((m) => m[1]);
    expect(images.length).toBeGreaterThan(0);
    for (const image of images) expect(existsSync(join(REPO_ROOT, image))).toBe(true);
  });
});
