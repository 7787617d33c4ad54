// The findings model: what a reviewer says about a waypoint, and the JSON schema it is asked to answer in.

export type Severity = "high" | "medium" | "low";
export type FindingState = "open" | "accepted" | "dismissed";

export const SEVERITIES: readonly Severity[] = ["high", "medium", "low"];
export const FINDING_STATES: readonly FindingState[] = ["open", "accepted", "dismissed"];

/** One problem a reviewer found, anchored by `quote` to the waypoint's text. */
export interface Finding {
  /** Unique within one review note: letters, digits, `-` and `_` only (it appears in a heading). */
  id: string;
  /** Exact text from the waypoint; empty for a finding about the whole waypoint (always detached). */
  quote: string;
  problem: string;
  severity: Severity;
  /** Replacement text for the quote, or advice; empty when the reviewer gave none. */
  suggestion: string;
  /** The source note the finding rests on, by name; empty when none. */
  source: string;
  state: FindingState;
  /** The step's check ("what good looks like") this finding says is not met. */
  check?: string;
}

/** Field descriptions double as instructions: models read them when the schema is enforced. */
const findingItemSchema = {
  type: "object",
  additionalProperties: false,
  required: ["quote", "problem", "severity", "suggestion", "source", "check"],
  properties: {
    quote: { type: "string", description: "Short text copied verbatim from the waypoint; empty only for something missing altogether." },
    problem: { type: "string", description: "One problem, in one or two sentences." },
    severity: { type: "string", enum: ["high", "medium", "low"] },
    suggestion: { type: "string", description: "Replacement text for the quote, or what to do when it cannot be a replacement." },
    source: { type: ["string", "null"], description: "Name of the source note the finding rests on, or null." },
    check: { type: ["string", "null"], description: "The step's check this finding says is not met, or null." },
  },
} as const;

/** The reviewer's whole answer: `{ findings: [...] }`. Strict-mode compatible (every field required, nullables for optional ones). */
export const FINDINGS_JSON_SCHEMA = {
  type: "object",
  additionalProperties: false,
  required: ["findings"],
  properties: { findings: { type: "array", items: findingItemSchema } },
} as const;

export const FINDINGS_SCHEMA_NAME = "review_findings";

/** Ready to pass as an OpenAI chat-completions `response_format` where the endpoint supports structured output. */
export const FINDINGS_RESPONSE_FORMAT = {
  type: "json_schema",
  json_schema: { name: FINDINGS_SCHEMA_NAME, strict: true, schema: FINDINGS_JSON_SCHEMA },
} as const;

const SEVERITY_SYNONYMS: Record<string, Severity> = {
  high: "high", critical: "high", major: "high", severe: "high", blocker: "high", blocking: "high", error: "high", serious: "high",
  medium: "medium", moderate: "medium", normal: "medium", warning: "medium",
  low: "low", minor: "low", nit: "low", nitpick: "low", trivial: "low", info: "low", cosmetic: "low", style: "low",
};

/** Reviewers say "Critical", "MAJOR", "nit"…; anything unrecognised counts as medium rather than being lost. */
export function normaliseSeverity(value: unknown): Severity {
  if (typeof value !== "string") return "medium";
  return SEVERITY_SYNONYMS[value.trim().toLowerCase().replace(/[^a-z]/g, "")] ?? "medium";
}

export function normaliseState(value: unknown): FindingState {
  const text = typeof value === "string" ? value.trim().toLowerCase() : "";
  return (FINDING_STATES as readonly string[]).includes(text) ? (text as FindingState) : "open";
}

/** One line-ending convention everywhere, so a finding reads back from a note exactly as it was written. */
export function cleanText(value: string): string {
  return value.replace(/\r\n?/g, "\n").trim();
}

const WRAPPING_QUOTES: Array<[string, string]> = [['"', '"'], ["“", "”"], ["'", "'"], ["‘", "’"], ["«", "»"], ["`", "`"]];

/** Models wrap quotes in quotation marks or ellipses; those are not in the waypoint, so they would break anchoring. */
export function cleanQuote(value: string): string {
  let quote = cleanText(value);
  for (let pass = 0; pass < 3; pass++) {
    const before = quote;
    quote = quote.replace(/^(?:\.\.\.|…)\s*/, "").replace(/\s*(?:\.\.\.|…)$/, "").trim();
    for (const [open, close] of WRAPPING_QUOTES) {
      if (quote.length >= 2 && quote.startsWith(open) && quote.endsWith(close)) {
        quote = quote.slice(open.length, quote.length - close.length).trim();
        break;
      }
    }
    if (quote === before) break;
  }
  return quote;
}

export function isValidFindingId(id: string): boolean {
  return /^[A-Za-z0-9_-]{1,40}$/.test(id);
}

export interface FindingDraft {
  id?: string;
  quote?: string;
  problem?: string;
  severity?: unknown;
  suggestion?: string;
  source?: string;
  state?: unknown;
  check?: string;
}

/** Fills missing optional fields; `fallbackId` is used when the draft has no usable id. */
export function makeFinding(draft: FindingDraft, fallbackId: string): Finding {
  const check = cleanText(draft.check ?? "");
  const finding: Finding = {
    id: draft.id !== undefined && isValidFindingId(draft.id) ? draft.id : fallbackId,
    quote: cleanQuote(draft.quote ?? ""),
    problem: cleanText(draft.problem ?? ""),
    severity: normaliseSeverity(draft.severity),
    suggestion: cleanText(draft.suggestion ?? ""),
    source: cleanText(draft.source ?? ""),
    state: normaliseState(draft.state),
  };
  if (check !== "") finding.check = check;
  return finding;
}

/** Ids must be unique within a review: later duplicates get the next free `fN`. */
export function withUniqueIds(findings: Finding[]): Finding[] {
  const seen = new Set<string>();
  let counter = 0;
  return findings.map((finding) => {
    if (!seen.has(finding.id)) {
      seen.add(finding.id);
      return finding;
    }
    let id: string;
    do id = `f${++counter}`;
    while (seen.has(id) || findings.some((other) => other.id === id));
    seen.add(id);
    return { ...finding, id };
  });
}
