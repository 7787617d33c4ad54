import { cleanQuote, FINDINGS_JSON_SCHEMA, FINDINGS_RESPONSE_FORMAT, makeFinding, normaliseSeverity, withUniqueIds } from "../../../src/core/review/finding";

describe("the findings schema", () => {
  it("is a strict-mode json_schema response format: every field required, no extra properties", () => {
    expect(FINDINGS_RESPONSE_FORMAT.type).toBe("json_schema");
    expect(FINDINGS_RESPONSE_FORMAT.json_schema).toMatchObject({ name: "review_findings", strict: true });
    const item = FINDINGS_JSON_SCHEMA.properties.findings.items;
    expect([...item.required].sort()).toEqual(Object.keys(item.properties).sort());
    expect(item.additionalProperties).toBe(false);
    expect(FINDINGS_JSON_SCHEMA.additionalProperties).toBe(false);
    expect(item.properties.severity.enum).toEqual(["high", "medium", "low"]);
  });
});

describe("makeFinding", () => {
  it("fills defaults and keeps a usable id", () => {
    expect(makeFinding({ id: "sms-1", quote: " “SMS is allowed” ", problem: "Forbidden by policy.\r\nSee rule 3." }, "f1")).toEqual({
      id: "sms-1", quote: "SMS is allowed", problem: "Forbidden by policy.\nSee rule 3.", severity: "medium", suggestion: "", source: "", state: "open",
    });
  });

  it("replaces an id that could not sit in a heading", () => {
    expect(makeFinding({ id: "## f1", problem: "x" }, "f4").id).toBe("f4");
  });
});

describe("normaliseSeverity and cleanQuote", () => {
  it("reads severities whatever their case or decoration", () => {
    expect(["**Critical**", "major!", "Nit", "  LOW ", "severe", undefined].map(normaliseSeverity)).toEqual(["high", "high", "low", "low", "high", "medium"]);
  });

  it("strips wrapping quotation marks and ellipses but not quotes inside the text", () => {
    expect(cleanQuote('..."SMS is allowed"...')).toBe("SMS is allowed");
    expect(cleanQuote('The "portal" link')).toBe('The "portal" link');
  });
});

describe("withUniqueIds", () => {
  it("renumbers later duplicates to free ids", () => {
    const base = makeFinding({ problem: "x" }, "f1");
    expect(withUniqueIds([base, { ...base }, { ...base, id: "f2" }]).map((f) => f.id)).toEqual(["f1", "f3", "f2"]);
  });
});
