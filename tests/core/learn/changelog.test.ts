import { addChangelogEntry, changelogSection, formatChangelogEntry } from "../../../src/core/learn/changelog";

const entry = { date: "2026-11-24", version: 2, summary: "Step 1: added a line", runLink: "[[Runs/2026-11-24 Drafting/Run]]" };

describe("addChangelogEntry", () => {
  it("formats a dated entry with the version, summary and the run that taught it", () => {
    expect(formatChangelogEntry(entry)).toBe("- 2026-11-24 — v2: Step 1: added a line (from [[Runs/2026-11-24 Drafting/Run]])");
    expect(formatChangelogEntry({ ...entry, runLink: null, summary: "two\nlines" })).toBe("- 2026-11-24 — v2: two lines");
  });

  it("creates a Changelog section at the end when the note has none", () => {
    const body = "# SOP\n\n## Steps\n\n1. One\n\n## Notes\n\nA note.\n";
    expect(addChangelogEntry(body, entry)).toBe(`${body}\n## Changelog\n\n${formatChangelogEntry(entry)}\n`);
  });

  it("puts the newest entry first in an existing section and leaves what follows untouched", () => {
    const body = "# SOP\n\n## Changelog\n\n- 2026-10-01 — v2: older\n\n## Notes\n\nKeep me.\n";
    const next = addChangelogEntry(body, { ...entry, version: 3 });
    expect(next).toBe("# SOP\n\n## Changelog\n\n- 2026-11-24 — v3: Step 1: added a line (from [[Runs/2026-11-24 Drafting/Run]])\n- 2026-10-01 — v2: older\n\n## Notes\n\nKeep me.\n");
  });

  it("fills an empty Changelog section", () => {
    expect(addChangelogEntry("# SOP\n\n## Changelog\n", entry)).toBe(`# SOP\n\n## Changelog\n\n${formatChangelogEntry(entry)}\n`);
  });

  it("ignores a Changelog heading inside a code block", () => {
    const body = "# SOP\n\n```\n## Changelog\n```\n";
    expect(addChangelogEntry(body, entry)).toBe(`${body}\n## Changelog\n\n${formatChangelogEntry(entry)}\n`);
    expect(changelogSection(body)).toBeNull();
  });

  it("finds the section up to the next heading of its level", () => {
    expect(changelogSection("# A\n## Changelog\n- x\n### Detail\n- y\n## Next\n")).toBe("## Changelog\n- x\n### Detail\n- y");
  });
});
