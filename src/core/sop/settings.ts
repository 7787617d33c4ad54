// SOP-level settings from the note's properties; a bad value is a warning and the default is used.
import type { SopSettings } from "./types";

export function readSettings(frontmatter: Record<string, unknown>, warnings: string[]): SopSettings {
  const settings: SopSettings = { version: 1 };
  const version = frontmatter["sop_version"];
  if (version !== undefined && version !== null) {
    const n = typeof version === "string" && /^\s*\d+\s*$/.test(version) ? Number(version) : version;
    if (typeof n === "number" && Number.isInteger(n) && n >= 1) settings.version = n;
    else warnings.push(`sop_version should be a whole number of 1 or more (found ${JSON.stringify(version)}); using 1.`);
  }
  const mode = frontmatter["sop_mode"];
  if (mode !== undefined && mode !== null) {
    const m = typeof mode === "string" ? mode.trim().toLowerCase() : "";
    if (m === "step" || m === "auto") settings.mode = m;
    else warnings.push(`sop_mode should be "step" or "auto" (found ${JSON.stringify(mode)}); using the default.`);
  }
  const model = readText(frontmatter, "sop_model", warnings);
  if (model) settings.model = model;
  const runsFolder = readText(frontmatter, "sop_runs_folder", warnings);
  if (runsFolder) settings.runsFolder = runsFolder;
  return settings;
}

function readText(frontmatter: Record<string, unknown>, key: string, warnings: string[]): string | undefined {
  const value = frontmatter[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value === "string" && value.trim() !== "") return value.trim();
  warnings.push(`${key} should be text (found ${JSON.stringify(value)}); using the default.`);
  return undefined;
}
