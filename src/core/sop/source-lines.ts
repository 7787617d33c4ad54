// Line starts and ends of a note, so markdown-it's line numbers become offsets into the note as written.

export interface Lines {
  /** Offset where each line starts; line breaks are `\n`, `\r\n` or `\r`, as markdown-it counts them. */
  starts: number[];
  /** Offset where each line's content ends (before its line break). */
  ends: number[];
}

export function lineTable(text: string): Lines {
  const starts: number[] = [0];
  const ends: number[] = [];
  if (!text.includes("\r")) {
    for (let at = text.indexOf("\n"); at !== -1; at = text.indexOf("\n", at + 1)) {
      ends.push(at);
      starts.push(at + 1);
    }
  } else {
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c !== 10 && c !== 13) continue;
      ends.push(i);
      if (c === 13 && text.charCodeAt(i + 1) === 10) i++;
      starts.push(i + 1);
    }
  }
  ends.push(text.length);
  return { starts, ends };
}

/** Spaces and tabs from `from` (not past `to`). */
export function leadingSpace(text: string, from: number, to: number): number {
  let i = from;
  while (i < to && (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9)) i++;
  return i - from;
}

/** Column of `offset` on a line starting at `from`, tabs to the next multiple of 4. */
export function visualColumn(text: string, from: number, offset: number): number {
  let column = 0;
  for (let i = from; i < offset; i++) column = text.charCodeAt(i) === 9 ? column + 4 - (column % 4) : column + 1;
  return column;
}
