// mkdocs admonitions (`!!! example "Steps"` then an indented body): the body is read as Markdown, not as indented code.

const opener = /^( *)(?:!!!|\?\?\?\+?)[ \t]*[\w-]+(?:[ \t]+"[^"\n]*"|[ \t]+[^\n]*)?[ \t]*$/;

/**
 * The same text with each admonition's body moved four columns left, line for line, so that markdown-it reads the
 * lists and code inside it; line numbers are unchanged, so offsets still come from the note as written.
 */
export function unindentAdmonitions(text: string): string {
  if (!text.includes("!!!") && !text.includes("???")) return text;
  const lines = text.split("\n");
  let changed = false;
  for (let l = 0; l < lines.length; l++) {
    const open = opener.exec(lines[l]);
    if (!open) continue;
    const indent = open[1].length;
    const body = " ".repeat(indent + 4);
    let k = l + 1;
    for (; k < lines.length; k++) {
      const line = lines[k];
      if (line.trim() === "") continue;
      if (line.startsWith(body)) lines[k] = line.slice(0, indent) + line.slice(indent + 4);
      else if (line.startsWith(" ".repeat(indent) + "\t")) lines[k] = line.slice(0, indent) + line.slice(indent + 1);
      else break;
      changed = true;
    }
    l = k - 1;
  }
  return changed ? lines.join("\n") : text;
}
