// The plugin's own settings: defaults, validation of what the person types, and repair of what data.json holds.
import { normalizePath } from "obsidian";
import type { RunMode } from "../core/sop/types";

export interface SopRuntimeSettings {
  /** Notes carrying this tag (or a nested `tag/…`) are SOPs. Stored without the leading `#`. */
  sopTag: string;
  /** Notes carrying this tag are role notes (Drafter, Editor, …). */
  roleTag: string;
  /** Vault folder that holds one sub-folder per run. */
  runsFolder: string;
  /** Whether a run adds a link to itself in its project note. */
  linkRunsIntoProjects: boolean;
  defaultMode: RunMode;
}

export const DEFAULT_SETTINGS: Readonly<SopRuntimeSettings> = {
  sopTag: "sop",
  roleTag: "sop-role",
  runsFolder: "SOP runs",
  linkRunsIntoProjects: true,
  defaultMode: "step",
};

/** Either the cleaned value or one sentence saying why the input was refused. */
export type Validation<T> = { ok: true; value: T } | { ok: false; message: string };

const TAG_FORBIDDEN = /[\s#,;:!?"'`()[\]{}<>|\\*&^%$@=+~]/;
const FOLDER_FORBIDDEN = /[*"<>:|?]/;

/** Accepts `sop`, `#sop` or `team/sop`; refuses what Obsidian would not read as a tag. */
export function validateTag(input: string, label: string): Validation<string> {
  const tag = input.trim().replace(/^#+/, "").replace(/\/+$/, "");
  if (tag === "") return { ok: false, message: `The ${label} cannot be empty.` };
  if (TAG_FORBIDDEN.test(tag)) {
    return { ok: false, message: `The ${label} "${tag}" has a space or punctuation that tags cannot contain.` };
  }
  if (/^[0-9/]+$/.test(tag)) return { ok: false, message: `The ${label} needs at least one letter.` };
  return { ok: true, value: tag };
}

export function validateRunsFolder(input: string): Validation<string> {
  const trimmed = input.trim();
  const folder = trimmed === "" ? "" : normalizePath(trimmed);
  if (folder === "" || folder === "/") return { ok: false, message: "The runs folder cannot be empty." };
  if (FOLDER_FORBIDDEN.test(folder)) {
    return { ok: false, message: `The runs folder "${folder}" contains a character file names cannot hold.` };
  }
  if (folder.split("/").some((part) => part.startsWith("."))) {
    return { ok: false, message: "The runs folder cannot be hidden (a name starting with a dot)." };
  }
  return { ok: true, value: folder };
}

export function isRunMode(value: unknown): value is RunMode {
  return value === "step" || value === "auto";
}

/** Builds settings from whatever data.json holds: each valid field is kept, anything else falls back to its default. */
export function settingsFromData(data: unknown): SopRuntimeSettings {
  const raw: Record<string, unknown> = typeof data === "object" && data !== null ? (data as Record<string, unknown>) : {};
  const settings: SopRuntimeSettings = { ...DEFAULT_SETTINGS };
  const sopTag = typeof raw.sopTag === "string" ? validateTag(raw.sopTag, "SOP tag") : null;
  if (sopTag?.ok) settings.sopTag = sopTag.value;
  const roleTag = typeof raw.roleTag === "string" ? validateTag(raw.roleTag, "role tag") : null;
  if (roleTag?.ok) settings.roleTag = roleTag.value;
  const runsFolder = typeof raw.runsFolder === "string" ? validateRunsFolder(raw.runsFolder) : null;
  if (runsFolder?.ok) settings.runsFolder = runsFolder.value;
  if (typeof raw.linkRunsIntoProjects === "boolean") settings.linkRunsIntoProjects = raw.linkRunsIntoProjects;
  if (isRunMode(raw.defaultMode)) settings.defaultMode = raw.defaultMode;
  return settings;
}
