// The fallback for reviewers that ignore the JSON instruction: findings written as a Markdown list.
import type { FindingDraft } from "./finding";

type DraftField = "quote" | "problem" | "severity" | "suggestion" | "source" | "check";

const LABELS: Record<string, DraftField> = {
  quote: "quote", quoted: "quote", excerpt: "quote",
  problem: "problem", issue: "problem", finding: "problem", explanation: "problem",
  severity: "severity", priority: "severity",
  suggestion: "suggestion", "suggested fix": "suggestion", fix: "suggestion", recommendation: "suggestion", replacement: "suggestion",
  source: "source", sources: "source", evidence: "source", citation: "source",
  check: "check", "unmet check": "check",
};

const LABEL_WORDS = Object.keys(LABELS).sort((a, b) => b.length - a.length).join("|");
/** A label starts the line or follows a separator; it may be bold (`**Quote:**`, `**Quote**:`). */
const LABEL_PATTERN = new RegExp(`(^|[\\s|;—–(])(?:\\*\\*|__)?(${LABEL_WORDS})(?:\\*\\*|__)?\\s*:(?:\\*\\*|__)?\\s*`, "gi");
const ITEM_PATTERN = /^(\s*)(?:[-*+]|\d{1,3}[.)])\s+(.*)$/;
const HEADING_PATTERN = /^\s{0,3}#{1,6}\s/;
const QUOTED_PATTERN = /"([^"\n]{2,})"|“([^”\n]{2,})”|`([^`\n]{2,})`/;
const SEVERITY_WORDS = "high|medium|low|critical|major|minor|moderate|nit|nitpick|trivial|severe";
const BRACKETED_SEVERITY = new RegExp(`[([]\\s*(?:severity\\s*[:=]\\s*)?(${SEVERITY_WORDS})\\s*[)\\]]`, "i");
const LEADING_SEVERITY = new RegExp(`^(?:\\*\\*|__)?(${SEVERITY_WORDS})(?:\\*\\*|__)?\\s*[:—–-]\\s*`, "i");

interface Segment {
  field: DraftField | null;
  value: string;
}

/** Drafts for each recognisable finding; an empty list when the text has no finding-shaped list. */
export function parseMarkdownFindings(text: string): FindingDraft[] {
  const drafts: FindingDraft[] = [];
  let current: FindingDraft | null = null;
  let lastField: DraftField | null = null;
  const finish = () => {
    if (current !== null && isRecognisable(current)) drafts.push(current);
    current = null;
    lastField = null;
  };

  for (const rawLine of text.replace(/\r\n?/g, "\n").split("\n")) {
    if (rawLine.trim() === "") continue;
    if (HEADING_PATTERN.test(rawLine)) {
      finish();
      continue;
    }
    const item = ITEM_PATTERN.exec(rawLine);
    const isBlockquote = /^\s*>/.test(rawLine);
    const content = (item ? item[2] : rawLine.replace(/^\s*>\s?/, "")).trim();
    const segments = splitLabels(content);

    if (segments.some((segment) => segment.field !== null)) {
      for (const segment of segments) {
        if (segment.field === null) continue;
        if (current !== null && current[segment.field] !== undefined) finish();
        current ??= {};
        current[segment.field] = segment.value;
        lastField = segment.field;
      }
    } else if (isBlockquote && (current === null || current.quote === undefined)) {
      current ??= {};
      current.quote = content;
      lastField = "quote";
    } else if (item && (item[1].length === 0 || current === null)) {
      finish();
      const inline = inlineFinding(content);
      if (inline !== null) {
        current = inline;
        lastField = "problem";
      }
    } else if (current !== null && lastField !== null) {
      const previous = current[lastField];
      current[lastField] = typeof previous === "string" && previous !== "" ? `${previous}\n${content}` : content;
    }
  }
  finish();
  return drafts;
}

function splitLabels(content: string): Segment[] {
  const segments: Segment[] = [];
  let cursor = 0;
  let field: DraftField | null = null;
  for (const match of content.matchAll(LABEL_PATTERN)) {
    const start = (match.index ?? 0) + match[1].length;
    segments.push({ field, value: stripSeparators(content.slice(cursor, start)) });
    field = LABELS[match[2].toLowerCase()];
    cursor = (match.index ?? 0) + match[0].length;
  }
  segments.push({ field, value: stripSeparators(content.slice(cursor)) });
  return segments.filter((segment) => segment.field !== null || segment.value !== "");
}

function stripSeparators(value: string): string {
  return value.replace(/^[\s—–|;-]+/, "").replace(/[\s—–|;-]+$/, "").replace(/^\*\*|\*\*$/g, "").trim();
}

/** `- "SMS is allowed for MFA" — the access policy forbids SMS (high)`: a quote, then the problem. */
function inlineFinding(content: string): FindingDraft | null {
  const quoted = QUOTED_PATTERN.exec(content);
  if (quoted === null) return null;
  const quote = quoted[1] ?? quoted[2] ?? quoted[3];
  let rest = (content.slice(0, quoted.index) + " " + content.slice(quoted.index + quoted[0].length)).trim();
  let severity: string | undefined;
  const leading = LEADING_SEVERITY.exec(rest);
  if (leading !== null) {
    severity = leading[1];
    rest = rest.slice(leading[0].length);
  }
  const bracketed = BRACKETED_SEVERITY.exec(rest);
  if (bracketed !== null) {
    severity ??= bracketed[1];
    rest = rest.slice(0, bracketed.index) + rest.slice(bracketed.index + bracketed[0].length);
  }
  const problem = stripSeparators(rest.replace(/\s{2,}/g, " "));
  if (problem === "") return null;
  return severity === undefined ? { quote, problem } : { quote, problem, severity };
}

/** A quote with something said about it, or a problem with at least one more field; "Issue: none" is not a finding. */
function isRecognisable(draft: FindingDraft): boolean {
  const has = (value: unknown) => typeof value === "string" && value.trim() !== "";
  if (has(draft.problem) && /^(?:none|n\/a|nothing|no (?:issues?|problems?|findings?))\b/i.test(String(draft.problem).trim())) return false;
  if (has(draft.quote)) return has(draft.problem) || has(draft.suggestion);
  const fields = Object.values(draft).filter(has).length;
  return has(draft.problem) && fields >= 2;
}
