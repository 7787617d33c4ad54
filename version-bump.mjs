// `npm version` hook: copies package.json's new version into manifest.json and records it in versions.json.
import { readFileSync, writeFileSync } from "node:fs";
import process from "node:process";

const targetVersion = process.env.npm_package_version;
if (!targetVersion) {
  console.error("version-bump.mjs runs from `npm version <patch|minor|major|x.y.z>`, which sets npm_package_version.");
  process.exit(2);
}

const manifest = JSON.parse(readFileSync("manifest.json", "utf8"));
manifest.version = targetVersion;
writeFileSync("manifest.json", `${JSON.stringify(manifest, null, 2)}\n`);

// Obsidian reads versions.json to find the newest release a user's app version can install, so every
// release gets its entry with the minAppVersion it was built for.
const versions = JSON.parse(readFileSync("versions.json", "utf8"));
versions[targetVersion] = manifest.minAppVersion;
writeFileSync("versions.json", `${JSON.stringify(versions, null, 2)}\n`);
