import { countBySeverity, countOpen, needsGate } from "../../../src/core/review/gate-rule";
import { parseFindings } from "../../../src/core/review/parse-findings";
import { factCheckerAnswer } from "./identity-fixtures";

const findings = parseFindings(factCheckerAnswer).findings;

describe("needsGate", () => {
  it("pauses an auto run while a high-severity finding is open", () => {
    expect(needsGate(findings)).toBe(true);
  });

  it("lets the run go on once every high finding is accepted or dismissed", () => {
    const settled = findings.map((f, i) => (f.severity === "high" ? { ...f, state: i === 0 ? ("accepted" as const) : ("dismissed" as const) } : f));
    expect(needsGate(settled)).toBe(false);
  });

  it("does not pause for medium and low findings or for a clean review", () => {
    expect(needsGate(findings.filter((f) => f.severity !== "high"))).toBe(false);
    expect(needsGate([])).toBe(false);
  });
});

describe("countBySeverity", () => {
  it("counts all findings, or only the open ones", () => {
    const oneAccepted = findings.map((f, i) => (i === 0 ? { ...f, state: "accepted" as const } : f));
    expect(countBySeverity(oneAccepted)).toEqual({ high: 2, medium: 1, low: 0 });
    expect(countBySeverity(oneAccepted, { openOnly: true })).toEqual({ high: 1, medium: 1, low: 0 });
    expect(countOpen(oneAccepted)).toBe(2);
  });
});
