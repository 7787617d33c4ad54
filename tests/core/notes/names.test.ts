// One safe-name function: any title becomes a name every file system accepts and Obsidian can link to.
import { MAX_NAME_BYTES, noteName, safeNoteName, utf8Length } from "../../../src/core/notes/names";

describe("safeNoteName", () => {
  it("bounds names in bytes, as file systems count them, on a character boundary", () => {
    const japanese = "月次決算の締め処理と監査対応のための標準作業手順書".repeat(3);
    const name = safeNoteName(japanese, 120);
    expect(utf8Length(name)).toBeLessThanOrEqual(MAX_NAME_BYTES);
    expect(japanese.startsWith(name)).toBe(true);
    const emoji = "🚀".repeat(80);
    const rockets = safeNoteName(emoji);
    expect(utf8Length(rockets)).toBe(200);
    expect(rockets).toBe("🚀".repeat(50));
  });

  it("replaces what breaks paths or Obsidian links: # | [ ] ^ \\ : and the file-system specials", () => {
    expect(safeNoteName('Release #42 | [draft] ^v2 \\ a:b*c?"d"<e>/f')).toBe("Release 42 draft v2 a b c d e f");
    expect(safeNoteName("tab\there\u0007 and\u202Eevil")).toBe("tab here and evil");
  });

  it("avoids reserved device names, leading dots, trailing dots and spaces, and empty names", () => {
    expect(safeNoteName("CON")).toBe("CON_");
    expect(safeNoteName("aux.txt")).toBe("aux.txt_");
    expect(safeNoteName("Console")).toBe("Console");
    expect(safeNoteName("..hidden")).toBe("hidden");
    expect(safeNoteName("Done... ")).toBe("Done");
    expect(safeNoteName("???")).toBe("Untitled");
  });
});

it("noteName is the file name without folder or .md", () => {
  expect(noteName("SOPs/Sub/Weekly report.md")).toBe("Weekly report");
  expect(noteName("Top.MD")).toBe("Top");
});
