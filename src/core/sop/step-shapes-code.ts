// Procedures in prose and code: a paragraph followed by its command, or one code block with `# Step N` comments.
import type { Block } from "./markdown-blocks";
import { endOf } from "./markdown-tree";
import { plainText, titlePart } from "./plain-text";
import type { Section } from "./sections";
import type { StepSource } from "./step-shapes";

/** Prose followed by its command: each paragraph directly followed by a code block is one step (with the code). */
export function commandSteps(section: Section): StepSource[] | null {
  const nodes = section.all;
  const steps: StepSource[] = [];
  for (let k = 0; k + 1 < nodes.length; k++) {
    const n = nodes[k];
    if (n.type !== "paragraph" || nodes[k + 1].type !== "code") continue;
    const code: Block[] = [];
    let j = k + 1;
    while (j < nodes.length && nodes[j].type === "code") code.push(nodes[j++]);
    steps.push({ kind: "section", heading: n, title: plainText(titlePart(n)), nodes: code, end: endOf(code[code.length - 1]) });
    k = j - 1;
  }
  return steps.length >= 2 ? steps : null;
}

const stepComment = /^[ \t]*(?:#+|\/\/|--|;+|REM\b|%)[ \t]*step[ \t]+(\d{1,3})\b[ \t]*[:.)\-–—]?[ \t]*(.*)$/i;

/** One code block holding the whole procedure as `# Step 1: …` comments: each comment and the lines after it. */
export function codeCommentSteps(section: Section, source: string): StepSource[] | null {
  for (const block of section.all) {
    if (block.type !== "code") continue;
    const text = source.slice(block.start, block.end);
    if (!/step[ \t]+\d/i.test(text)) continue;
    const marks: { at: number; title: string }[] = [];
    let offset = block.start;
    for (const line of text.split("\n")) {
      const match = stepComment.exec(line);
      if (match) marks.push({ at: offset, title: match[2].trim() || `Step ${match[1]}` });
      offset += line.length + 1;
    }
    if (marks.length < 2) continue;
    // Where the code inside the fence ends: before a closing fence line, if there is one.
    const closing = /\n[ \t]*(`{3,}|~{3,})[ \t]*$/.exec(text);
    const codeEnd = closing ? block.start + closing.index : block.end;
    return marks.map((m, i) => ({ kind: "lines", start: m.at, end: i + 1 < marks.length ? marks[i + 1].at - 1 : codeEnd, title: m.title, fence: fenceInfo(text) }));
  }
  return null;
}

function fenceInfo(text: string): string {
  const open = /^[ \t]*(`{3,}|~{3,})([^\n]*)/.exec(text);
  return open ? open[2].trim() : "";
}
