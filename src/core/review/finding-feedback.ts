// A finding put into words for a revision: what "send to revision" passes on as the person's feedback.
import type { Finding } from "./finding";

/** One paragraph per finding, quoting the text so the worker knows exactly what to change. */
export function findingAsFeedback(finding: Finding, reviewer: string): string {
  const parts = [`${reviewer} (${finding.severity})`];
  if (finding.quote !== "") parts.push(`on “${finding.quote.replace(/\s+/g, " ")}”`);
  let text = `${parts.join(" ")}: ${finding.problem || "no problem stated."}`;
  if (finding.suggestion !== "") text += ` Suggestion: ${finding.suggestion}`;
  if (finding.source !== "") text += ` (source: ${finding.source})`;
  if (finding.check !== undefined) text += ` (unmet check: ${finding.check})`;
  return text;
}

/** Several findings, e.g. all the accepted ones of a review, as one feedback text for the next revision. */
export function findingsAsFeedback(findings: readonly Finding[], reviewer: string): string {
  return findings.map((finding) => `- ${findingAsFeedback(finding, reviewer).replace(/\n/g, "\n  ")}`).join("\n");
}
