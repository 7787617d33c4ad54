// Counting findings and the auto-mode rule: an open high-severity finding stops the run for the person.
import type { Finding, Severity } from "./finding";

export type SeverityCounts = Record<Severity, number>;

/** In auto mode a run pauses at a gate whenever a reviewer leaves a high-severity finding open. */
export function needsGate(findings: readonly Finding[]): boolean {
  return findings.some((finding) => finding.state === "open" && finding.severity === "high");
}

/** Counts every finding by severity, or only the open ones (what still needs the person) with `openOnly`. */
export function countBySeverity(findings: readonly Finding[], options: { openOnly?: boolean } = {}): SeverityCounts {
  const counts: SeverityCounts = { high: 0, medium: 0, low: 0 };
  for (const finding of findings) {
    if (options.openOnly === true && finding.state !== "open") continue;
    counts[finding.severity]++;
  }
  return counts;
}

export function countOpen(findings: readonly Finding[]): number {
  return findings.filter((finding) => finding.state === "open").length;
}
