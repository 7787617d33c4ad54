// Recurring SOPs (sop_every) and step deadlines (due::, owner::): parsing and when things fall due.
import { isDue, nextDue, parseRecurrence } from "../../../src/core/sop/recurrence";
import { dueAt, ownedByOther, ownerName, parseDue } from "../../../src/core/sop/step-schedule";
import { parseProcedure } from "../../../src/core/sop/parse-procedure";
import { nodeYaml } from "../../../src/cli/yaml-codec";

const at = (text: string) => new Date(text);

describe("sop_every", () => {
  it("reads intervals and weekdays, and refuses anything else", () => {
    expect(parseRecurrence("7d")).toMatchObject({ kind: "interval", every: { ms: 7 * 86_400_000 } });
    expect(parseRecurrence("2w")).toMatchObject({ kind: "interval", every: { ms: 14 * 86_400_000 } });
    expect(parseRecurrence("1mo")).toMatchObject({ kind: "interval", every: { months: 1 } });
    expect(parseRecurrence("weekly on Monday")).toMatchObject({ kind: "weekday", day: 1 });
    expect(parseRecurrence("every friday")).toMatchObject({ kind: "weekday", day: 5 });
    expect(parseRecurrence("daily")).toMatchObject({ kind: "interval", every: { ms: 86_400_000 } });
    expect(parseRecurrence("sometimes")).toBeNull();
    expect(parseRecurrence("0d")).toBeNull();
  });

  it("is due when it never ran, not right after a run, and again once the interval has passed", () => {
    const every = parseRecurrence("7d")!;
    expect(isDue(every, null, at("2026-12-01T09:00:00"))).toBe(true);
    expect(isDue(every, at("2026-12-01T09:00:00"), at("2026-12-01T09:05:00"))).toBe(false);
    expect(nextDue(every, at("2026-12-01T09:00:00"))).toEqual(at("2026-12-08T09:00:00"));
    expect(isDue(every, at("2026-12-01T09:00:00"), at("2026-12-08T09:00:00"))).toBe(true);
  });

  it("adds calendar months, clamped to the month's end", () => {
    expect(nextDue(parseRecurrence("1mo")!, at("2026-01-31T10:00:00"))).toEqual(at("2026-02-28T10:00:00"));
  });

  it("on a weekday: due from the start of the next such day after the last run", () => {
    const monday = parseRecurrence("weekly on monday")!;
    // 2026-12-02 is a Wednesday; the next Monday is 2026-12-07.
    expect(nextDue(monday, at("2026-12-02T15:00:00"))).toEqual(at("2026-12-07T00:00:00"));
    expect(nextDue(monday, at("2026-12-07T08:00:00"))).toEqual(at("2026-12-14T00:00:00"));
  });

  it("makes a bad sop_every a parse error that says what is allowed", () => {
    expect(parseProcedure("---\nsop_every: fortnightly-ish\n---\n1. Step\n", { name: "Weekly", yaml: nodeYaml })).toEqual({
      ok: false,
      error: '"Weekly": sop_every should be an interval like 1d, 7d, 2w or 1mo, or a day like "weekly on monday" (found "fortnightly-ish").',
    });
  });
});

describe("due:: and owner::", () => {
  it("reads relative and absolute deadlines", () => {
    expect(dueAt(parseDue("2h")!, at("2026-12-02T10:00:00"))).toEqual(at("2026-12-02T12:00:00"));
    expect(dueAt(parseDue("2026-12-24")!, at("2026-12-02T10:00:00"))).toEqual(at("2026-12-24T23:59:59"));
    expect(dueAt(parseDue("2026-12-24T17:00")!, at("2026-12-02T10:00:00"))).toEqual(at("2026-12-24T17:00:00"));
    expect(parseDue("soon")).toBeNull();
    expect(parseDue("2026-02-30")).toBeNull();
  });

  it("makes an unreadable due:: a parse error with the step number", () => {
    const outcome = parseProcedure("## Steps\n\n1. Draft\n2. Sign off\n   due:: tomorrowish\n", { name: "Release", yaml: nodeYaml });
    expect(outcome.ok ? "" : outcome.error).toContain('Step 2 of "Release" has a due:: that cannot be read ("tomorrowish")');
  });

  it("names the owner from a link or plain text, and tells whether someone else owns a step", () => {
    expect(ownerName("[[People/Dana Scully|Dana]]")).toBe("Dana");
    expect(ownerName("[[People/Dana Scully]]")).toBe("Dana Scully");
    expect(ownedByOther("[[Dana]]", "dana")).toBe(false);
    expect(ownedByOther("[[Dana]]", "Fox")).toBe(true);
    expect(ownedByOther("[[Dana]]", "")).toBe(true);
    expect(ownedByOther(undefined, "Fox")).toBe(false);
  });
});
