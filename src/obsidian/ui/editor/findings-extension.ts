// CodeMirror 6 extension: marks open review findings in a waypoint's editor by severity, with problem and suggestion on hover.
import { StateEffect, StateField } from "@codemirror/state";
import type { EditorState, Extension, Range } from "@codemirror/state";
import { Decoration, EditorView, hoverTooltip } from "@codemirror/view";
import type { DecorationSet, Tooltip } from "@codemirror/view";

export type FindingSeverity = "high" | "medium" | "low";

/** One open finding placed in the editor's own text (offsets into the whole document, `to` exclusive). */
export interface EditorFinding {
  id: string;
  from: number;
  to: number;
  severity: FindingSeverity;
  problem: string;
  suggestion: string;
}

/** The plugin pushes the full set of open findings for the document whenever reviews change; an empty list clears them. */
export const setFindings = StateEffect.define<EditorFinding[]>();

interface FindingsState {
  findings: EditorFinding[];
  decorations: DecorationSet;
}

function decorationsOf(findings: EditorFinding[], docLength: number): DecorationSet {
  const ranges: Range<Decoration>[] = [];
  for (const finding of findings) {
    const from = Math.max(0, Math.min(finding.from, docLength));
    const to = Math.max(from, Math.min(finding.to, docLength));
    if (to === from) continue;
    ranges.push(
      Decoration.mark({
        class: `sop-finding sop-finding-${finding.severity}`,
        attributes: { "data-finding-id": finding.id },
      }).range(from, to),
    );
  }
  return Decoration.set(ranges, true);
}

/** Findings follow the text while the person types: their offsets are mapped through every change. */
export const findingsField = StateField.define<FindingsState>({
  create: () => ({ findings: [], decorations: Decoration.none }),
  update(value, tr) {
    let next = value;
    if (tr.docChanged) {
      const findings = value.findings
        .map((f) => ({ ...f, from: tr.changes.mapPos(f.from, 1), to: tr.changes.mapPos(f.to, -1) }))
        .filter((f) => f.to > f.from);
      next = { findings, decorations: value.decorations.map(tr.changes) };
    }
    for (const effect of tr.effects) {
      if (effect.is(setFindings)) next = { findings: effect.value, decorations: decorationsOf(effect.value, tr.state.doc.length) };
    }
    return next;
  },
  provide: (field) => EditorView.decorations.from(field, (value) => value.decorations),
});

/** The findings whose span covers a document position (both ends inclusive, as a hover at a word's edge expects). */
export function findingsAt(state: EditorState, pos: number): EditorFinding[] {
  return state.field(findingsField, false)?.findings.filter((f) => f.from <= pos && pos <= f.to) ?? [];
}

function tooltipDom(findings: EditorFinding[]): HTMLElement {
  const dom = createDiv({ cls: "sop-finding-tooltip" });
  for (const finding of findings) {
    const item = dom.createDiv({ cls: ["sop-finding-tooltip-item", `sop-finding-tooltip-${finding.severity}`] });
    item.createDiv({ cls: "sop-finding-tooltip-problem", text: `${finding.severity}: ${finding.problem}` });
    if (finding.suggestion !== "") item.createDiv({ cls: "sop-finding-tooltip-suggestion", text: `Suggestion: ${finding.suggestion}` });
  }
  return dom;
}

const findingsTooltip = hoverTooltip((view, pos): Tooltip | null => {
  const found = findingsAt(view.state, pos);
  if (found.length === 0) return null;
  return {
    pos: Math.min(...found.map((f) => f.from)),
    end: Math.max(...found.map((f) => f.to)),
    above: true,
    create: () => ({ dom: tooltipDom(found) }),
  };
});

/** Registered once with `registerEditorExtension`; every editor starts with no findings until the plugin pushes some. */
export function findingsExtension(): Extension {
  return [findingsField, findingsTooltip];
}
