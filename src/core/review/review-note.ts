// The review note: one per reviewer per waypoint revision, a readable list of findings that reads back exactly.
import { splitFrontmatter, joinFrontmatter } from "../notes/frontmatter";
import type { YamlCodec } from "../ports";
import { type Finding, type FindingState, isValidFindingId, normaliseSeverity, normaliseState } from "./finding";
import { countBySeverity, countOpen } from "./gate-rule";

export const REVIEW_TAG = "sop-review";

export interface Review {
  /** Link to the waypoint revision as the vault writes links, e.g. `[[03 Draft section content]]`. */
  reviewOf: string;
  reviewer: string;
  revision: number;
  findings: Finding[];
  /** The reviewer's answer as received when it could not be read as findings, kept so nothing is lost. */
  unparsedAnswer?: string;
}

export interface ParsedReviewNote {
  findings: Finding[];
  reviewOf?: string;
  reviewer?: string;
  revision?: number;
  unparsedAnswer?: string;
}

const RESERVED = /[/\\:*?"<>|#^[\]\p{Cc}]/gu;
const FIELDS: Array<[label: string, key: "problem" | "severity" | "suggestion" | "source" | "check" | "state"]> = [
  ["Problem", "problem"], ["Severity", "severity"], ["Suggestion", "suggestion"], ["Source", "source"], ["Check", "check"], ["State", "state"],
];
const HEADING = /^### Finding ([A-Za-z0-9_-]+)\s*$/;
const FIELD_LINE = /^- \*\*(Problem|Severity|Suggestion|Source|Check|State):\*\*(?: ([^\n]*))?$/;
const SECTION_END = /^#{1,3} /;
const UNPARSED_HEADING = "## The reviewer's answer as received";

/** `<waypoint name> — review by <Role> (r<rev>).md`, safe as a file name and bounded in length. */
export function reviewNoteName(waypointName: string, reviewer: string, revision: number): string {
  const role = reviewer.replace(RESERVED, " ").replace(/\s+/g, " ").trim().slice(0, 60) || "Reviewer";
  const waypoint = waypointName.replace(RESERVED, " ").replace(/\s+/g, " ").trim().slice(0, 120) || "Waypoint";
  return `${waypoint} — review by ${role} (r${revision}).md`;
}

/** Beside the waypoint it reviews. */
export function reviewNotePath(waypointPath: string, reviewer: string, revision: number): string {
  const slash = waypointPath.lastIndexOf("/");
  const folder = slash === -1 ? "" : waypointPath.slice(0, slash + 1);
  const name = waypointPath.slice(slash + 1).replace(/\.md$/i, "");
  return folder + reviewNoteName(name, reviewer, revision);
}

/** The counts that change when a finding is accepted or dismissed; write them with processFrontMatter. */
export function reviewCountProperties(findings: readonly Finding[]): Record<string, number> {
  const counts = countBySeverity(findings);
  return { findings_high: counts.high, findings_medium: counts.medium, findings_low: counts.low, findings_open: countOpen(findings) };
}

export function reviewProperties(review: Review): Record<string, unknown> {
  return {
    sop_review_of: review.reviewOf,
    reviewer: review.reviewer,
    revision: review.revision,
    ...reviewCountProperties(review.findings),
    tags: [REVIEW_TAG],
  };
}

export function renderReviewNote(review: Review, yaml: YamlCodec): string {
  return joinFrontmatter(yaml.stringify(reviewProperties(review)), renderReviewBody(review));
}

export function renderReviewBody(review: Review): string {
  const counts = countBySeverity(review.findings);
  const total = review.findings.length;
  const summary = total === 0 && review.unparsedAnswer !== undefined
    ? `The answer of ${review.reviewer} on ${review.reviewOf} (revision ${review.revision}) could not be read as findings; it is kept below.`
    : total === 0
    ? `${review.reviewer} found nothing to flag in ${review.reviewOf} (revision ${review.revision}).`
    : `${review.reviewer} reviewed ${review.reviewOf} (revision ${review.revision}): ${total} finding${total === 1 ? "" : "s"} — ${counts.high} high, ${counts.medium} medium, ${counts.low} low.`;
  const parts = [`# Review by ${review.reviewer} (r${review.revision})`, summary, ...review.findings.map(renderFinding)];
  if (review.unparsedAnswer !== undefined) {
    const fence = "`".repeat(Math.max(3, ...Array.from(review.unparsedAnswer.matchAll(/`+/g), (m) => m[0].length + 1)));
    parts.push(`${UNPARSED_HEADING}\n\nIt was not in the expected form, so no findings were read from it.\n\n${fence}text\n${review.unparsedAnswer}\n${fence}`);
  }
  return parts.join("\n\n") + "\n";
}

function renderFinding(finding: Finding): string {
  const lines = [`### Finding ${finding.id}`, ""];
  if (finding.quote !== "") {
    lines.push(...finding.quote.split("\n").map((line) => (line === "" ? ">" : `> ${line}`)), "");
  }
  for (const [label, key] of FIELDS) {
    const value = finding[key];
    if (value === undefined) continue;
    const [first, ...rest] = value.split("\n");
    lines.push(first === "" ? `- **${label}:**` : `- **${label}:** ${first}`, ...rest.map((line) => `  ${line}`));
  }
  return lines.join("\n");
}

/** Reads a review note (with or without properties) back into findings; properties need `yaml`. Never throws. */
export function parseReviewNote(text: string, yaml?: YamlCodec): ParsedReviewNote {
  const { yaml: properties, body } = splitFrontmatter(text.replace(/\r\n/g, "\n"));
  const parsed: ParsedReviewNote = { findings: parseFindingSections(body) };
  const unparsed = readUnparsedAnswer(body);
  if (unparsed !== undefined) parsed.unparsedAnswer = unparsed;
  if (yaml !== undefined && properties !== null) {
    try {
      const data = yaml.parse(properties);
      if (typeof data === "object" && data !== null) {
        const record = data as Record<string, unknown>;
        if (typeof record.sop_review_of === "string") parsed.reviewOf = record.sop_review_of;
        if (typeof record.reviewer === "string") parsed.reviewer = record.reviewer;
        if (typeof record.revision === "number") parsed.revision = record.revision;
      }
    } catch {
      // Broken properties do not hide the findings in the body; the note's own view shows the YAML error.
    }
  }
  return parsed;
}

function parseFindingSections(body: string): Finding[] {
  const findings: Finding[] = [];
  const lines = body.split("\n");
  let current: Finding | null = null;
  let quoteLines: string[] | null = null;
  let field: { key: (typeof FIELDS)[number][1]; lines: string[] } | null = null;
  const closeField = () => {
    if (current !== null && field !== null) setField(current, field.key, field.lines.join("\n"));
    field = null;
  };
  const closeFinding = () => {
    closeField();
    if (current !== null) findings.push(current);
    current = null;
    quoteLines = null;
  };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    // The raw answer kept below the findings may itself look like findings; it is not read as such.
    if (line === UNPARSED_HEADING) break;
    const heading = HEADING.exec(line);
    if (heading !== null) {
      closeFinding();
      current = { id: heading[1], quote: "", problem: "", severity: "medium", suggestion: "", source: "", state: "open" };
      continue;
    }
    if (SECTION_END.test(line)) {
      closeFinding();
      continue;
    }
    if (current === null) continue;
    const fieldLine = FIELD_LINE.exec(line);
    if (fieldLine !== null) {
      closeField();
      const key = FIELDS.find(([label]) => label === fieldLine[1])?.[1] ?? "problem";
      field = { key, lines: [fieldLine[2] ?? ""] };
      continue;
    }
    if (field !== null && line.startsWith("  ")) {
      field.lines.push(line.slice(2));
      continue;
    }
    if (field !== null && line.trim() === "" && continuesAfterBlanks(lines, i)) {
      field.lines.push("");
      continue;
    }
    closeField();
    if (line.startsWith(">") && (quoteLines === null || (i > 0 && lines[i - 1].startsWith(">")))) {
      quoteLines ??= [];
      quoteLines.push(line.slice(line.startsWith("> ") ? 2 : 1));
      current.quote = quoteLines.join("\n");
    }
  }
  closeFinding();
  return findings;
}

/** An editor may strip the two spaces from an empty line inside a value; the indented line after it still belongs. */
function continuesAfterBlanks(lines: string[], index: number): boolean {
  let next = index + 1;
  while (next < lines.length && lines[next].trim() === "") next++;
  return next < lines.length && lines[next].startsWith("  ") && lines[next].trim() !== "";
}

function setField(finding: Finding, key: (typeof FIELDS)[number][1], value: string): void {
  if (key === "severity") finding.severity = normaliseSeverity(value);
  else if (key === "state") finding.state = normaliseState(value);
  else if (key === "check") {
    if (value !== "") finding.check = value;
  } else finding[key] = value;
}

function readUnparsedAnswer(body: string): string | undefined {
  const at = body.indexOf(`\n${UNPARSED_HEADING}\n`);
  if (at === -1) return undefined;
  const open = /\n(`{3,})text\n/.exec(body.slice(at));
  if (open === null) return undefined;
  const start = at + open.index + open[0].length;
  const closing = new RegExp(`\n${open[1]}(?:\n|$)`, "g");
  closing.lastIndex = start - 1;
  const close = closing.exec(body)?.index ?? -1;
  if (close === -1) return undefined;
  return close < start ? "" : body.slice(start, close);
}

export type SetStateResult = { text: string; ok: true } | { text: string; ok: false; error: string };

/** Changes one finding's state line in a review note (body or whole note); everything else is left as it was. */
export function setFindingState(text: string, findingId: string, state: FindingState): SetStateResult {
  if (!isValidFindingId(findingId)) return { text, ok: false, error: `"${findingId}" is not a finding id.` };
  const lines = text.split("\n");
  const rawAnswerAt = lines.findIndex((line) => line.replace(/\r$/, "") === UNPARSED_HEADING);
  const start = lines.findIndex((line, i) => (rawAnswerAt === -1 || i < rawAnswerAt) && HEADING.exec(line.replace(/\r$/, ""))?.[1] === findingId);
  if (start === -1) return { text, ok: false, error: `There is no finding ${findingId} in this review note.` };
  let end = start + 1;
  while (end < lines.length && !SECTION_END.test(lines[end])) end++;
  const stateLine = `- **State:** ${state}`;
  let lastField = -1;
  for (let i = start + 1; i < end; i++) {
    const bare = lines[i].replace(/\r$/, "");
    const fieldLine = FIELD_LINE.exec(bare);
    if (fieldLine === null) continue;
    lastField = i;
    if (fieldLine[1] === "State") {
      lines[i] = stateLine + (lines[i].endsWith("\r") ? "\r" : "");
      return { text: lines.join("\n"), ok: true };
    }
  }
  let insertAt = lastField === -1 ? start + 1 : lastField + 1;
  while (lastField !== -1 && insertAt < end && lines[insertAt].startsWith("  ")) insertAt++;
  lines.splice(insertAt, 0, stateLine);
  return { text: lines.join("\n"), ok: true };
}
