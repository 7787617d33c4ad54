// Reads a reviewer's answer into findings, tolerating what real models send: fences, prose, odd field names.
import { type Finding, type FindingDraft, makeFinding, withUniqueIds } from "./finding";
import { parseMarkdownFindings } from "./markdown-findings";

export interface ParsedFindings {
  findings: Finding[];
  /** One sentence for the person when nothing could be read; the raw answer should then be kept. */
  error?: string;
}

export const NOT_IN_EXPECTED_FORM =
  "The reviewer's answer was not in the expected form (a JSON list of findings), so no findings could be read from it.";

/** How many `{`/`[` positions are tried when JSON is buried in prose; bounds the work on huge answers. */
const MAX_JSON_CANDIDATES = 40;

const FIELD_NAMES: Record<keyof FindingDraft, string[]> = {
  id: ["id"],
  quote: ["quote", "quoted_text", "quotedtext", "excerpt", "text", "span", "original", "original_text", "location"],
  problem: ["problem", "issue", "description", "explanation", "reason", "comment", "finding", "message"],
  severity: ["severity", "level", "priority", "importance"],
  suggestion: ["suggestion", "fix", "suggested_fix", "recommendation", "replacement", "suggested_text", "correction", "proposed"],
  source: ["source", "sources", "citation", "citations", "evidence", "reference", "references"],
  state: ["state", "status"],
  check: ["check", "unmet_check", "criterion"],
};

const LIST_KEYS = ["findings", "issues", "problems", "comments", "review", "items", "results", "errors"];

/** Never throws: any string gives findings, possibly none, and an error sentence when the form was not recognised. */
export function parseFindings(text: string): ParsedFindings {
  try {
    return parseFindingsUnsafe(typeof text === "string" ? text : "");
  } catch {
    return { findings: [], error: NOT_IN_EXPECTED_FORM };
  }
}

function parseFindingsUnsafe(text: string): ParsedFindings {
  for (const candidate of jsonCandidates(text)) {
    const items = findingItems(candidate);
    if (items !== null) return { findings: toFindings(items) };
  }
  const fromMarkdown = parseMarkdownFindings(text);
  if (fromMarkdown.length > 0) return { findings: withUniqueIds(fromMarkdown.map((draft, i) => makeFinding(draft, `f${i + 1}`))) };
  return { findings: [], error: NOT_IN_EXPECTED_FORM };
}

/** Parsed JSON values found in the text, most likely first: the whole text, fenced blocks, then balanced spans. */
function* jsonCandidates(text: string): Generator<unknown> {
  const whole = tryJson(text.trim());
  if (whole.ok) yield whole.value;
  for (const match of text.matchAll(/```[ \t]*(?:json|JSON|jsonc)?[^\n]*\n([\s\S]*?)```/g)) {
    const fenced = tryJson(match[1].trim());
    if (fenced.ok) yield fenced.value;
  }
  let tried = 0;
  for (let start = 0; start < text.length && tried < MAX_JSON_CANDIDATES; start++) {
    const ch = text[start];
    if (ch !== "{" && ch !== "[") continue;
    tried++;
    const end = balancedEnd(text, start);
    if (end === -1) continue;
    const parsed = tryJson(text.slice(start, end + 1));
    // An empty list inside prose is usually Markdown (`- [ ]`), not an answer saying "no findings".
    const items = parsed.ok ? findingItems(parsed.value) : null;
    if (parsed.ok && items !== null && (items.length > 0 || !Array.isArray(parsed.value))) {
      yield parsed.value;
      start = end;
    }
  }
}

function tryJson(text: string): { ok: true; value: unknown } | { ok: false } {
  if (text === "" || (text[0] !== "{" && text[0] !== "[")) return { ok: false };
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false };
  }
}

/** Index of the bracket closing the one at `start`, string-aware, or -1. */
function balancedEnd(text: string, start: number): number {
  const stack: string[] = [];
  let inString = false;
  for (let i = start; i < text.length; i++) {
    const ch = text[i];
    if (inString) {
      if (ch === "\\") i++;
      else if (ch === '"') inString = false;
      continue;
    }
    if (ch === '"') inString = true;
    else if (ch === "{") stack.push("}");
    else if (ch === "[") stack.push("]");
    else if (ch === "}" || ch === "]") {
      if (stack.pop() !== ch) return -1;
      if (stack.length === 0) return i;
    }
  }
  return -1;
}

/** The list of finding-like items in a parsed value, or null when the value is not a findings answer. */
function findingItems(value: unknown): unknown[] | null {
  if (Array.isArray(value)) return value.every((item) => isFindingLike(item) || typeof item === "string") ? value : null;
  if (!isRecord(value)) return null;
  const lowered = lowerKeys(value);
  for (const key of LIST_KEYS) {
    const list = lowered[key];
    if (Array.isArray(list)) return list as unknown[];
  }
  if (isFindingLike(value)) return [value];
  return null;
}

function isFindingLike(value: unknown): boolean {
  if (!isRecord(value)) return false;
  const lowered = lowerKeys(value);
  return [...FIELD_NAMES.quote, ...FIELD_NAMES.problem].some((key) => key in lowered);
}

function toFindings(items: unknown[]): Finding[] {
  const findings: Finding[] = [];
  for (const item of items) {
    const draft = toDraft(item);
    if (draft === null) continue;
    findings.push(makeFinding(draft, `f${findings.length + 1}`));
  }
  return withUniqueIds(findings);
}

/** A bare string item is a problem without a quote; empty items are dropped (they say nothing). */
function toDraft(item: unknown): FindingDraft | null {
  if (typeof item === "string") return item.trim() === "" ? null : { problem: item };
  if (!isRecord(item)) return null;
  const lowered = lowerKeys(item);
  const draft: FindingDraft = {};
  for (const field of Object.keys(FIELD_NAMES) as Array<keyof FindingDraft>) {
    for (const key of FIELD_NAMES[field]) {
      if (!(key in lowered)) continue;
      const value = field === "severity" || field === "state" ? lowered[key] : asText(lowered[key]);
      if (value === undefined || value === "") continue;
      draft[field] = value as string;
      break;
    }
  }
  if ((draft.quote ?? "") === "" && (draft.problem ?? "") === "" && (draft.suggestion ?? "") === "") return null;
  return draft;
}

function asText(value: unknown): string | undefined {
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  if (Array.isArray(value)) {
    const parts = value.map(asText).filter((part): part is string => part !== undefined && part !== "");
    return parts.length > 0 ? parts.join(", ") : undefined;
  }
  return undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function lowerKeys(record: Record<string, unknown>): Record<string, unknown> {
  // No prototype: keys such as `__proto__` or `constructor` in a model's JSON are plain data here.
  const lowered = Object.create(null) as Record<string, unknown>;
  for (const [key, value] of Object.entries(record)) {
    const name = key.trim().toLowerCase().replace(/[\s-]+/g, "_");
    if (!(name in lowered)) lowered[name] = value;
  }
  return lowered;
}
