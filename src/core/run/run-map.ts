// The run note's Mermaid flowchart: one node per step with its status and revision count.

export interface RunMapStep {
  index: number;
  title: string;
  /** A waypoint status: pending, streaming, interrupted, awaiting-review, approved, skipped, stale. */
  status: string;
  /** Revisions made so far (0 before the step's first waypoint). */
  revisions: number;
}

/** One class per status, so the map reads at a glance; colours chosen to stay legible on light and dark themes. */
const CLASS_DEFS: Record<string, string> = {
  pending: "fill:#eeeeee,stroke:#9e9e9e,color:#424242",
  streaming: "fill:#bbdefb,stroke:#1e88e5,color:#0d47a1",
  interrupted: "fill:#ffe0b2,stroke:#fb8c00,color:#e65100",
  awaitingReview: "fill:#fff59d,stroke:#fbc02d,color:#5d4037",
  approved: "fill:#c8e6c9,stroke:#43a047,color:#1b5e20",
  skipped: "fill:#f5f5f5,stroke:#bdbdbd,color:#757575,stroke-dasharray:4 3",
  stale: "fill:#e0e0e0,stroke:#757575,color:#616161,stroke-dasharray:2 2",
};

/** Mermaid entity codes for everything that could end a label or start markup inside one. */
const ENTITIES: Record<string, string> = {
  "#": "#35;",
  '"': "#quot;",
  "[": "#91;",
  "]": "#93;",
  "(": "#40;",
  ")": "#41;",
  "{": "#123;",
  "}": "#125;",
  "|": "#124;",
  "<": "#lt;",
  ">": "#gt;",
  "&": "#amp;",
  "`": "#96;",
  ";": "#59;",
};

/** Text made safe inside a quoted Mermaid label: no character can close the label or the node. */
export function escapeMermaidLabel(text: string): string {
  return text
    .replace(/\s+/g, " ")
    .trim()
    .replace(/[#"[\](){}|<>&`;]/g, (ch) => ENTITIES[ch]);
}

/** `awaiting-review` → `awaitingReview`: Mermaid class names are plain identifiers. */
function className(status: string): string {
  const camel = status.replace(/[^A-Za-z0-9]+(.)?/g, (_m, next: string | undefined) => (next ? next.toUpperCase() : ""));
  return camel in CLASS_DEFS ? camel : "pending";
}

function statusWords(status: string): string {
  return status.replace(/-/g, " ");
}

/** A ```mermaid block the engine embeds in the run note and rewrites as the run moves. */
export function renderRunMap(steps: readonly RunMapStep[]): string {
  const lines = ["```mermaid", "flowchart TD"];
  if (!steps.length) lines.push('  empty["No steps"]');
  for (const step of steps) {
    const revisions = step.revisions === 1 ? "1 revision" : `${step.revisions} revisions`;
    const label = `${step.index}. ${escapeMermaidLabel(step.title)}<br/>${escapeMermaidLabel(statusWords(step.status))} · ${revisions}`;
    lines.push(`  s${step.index}["${label}"]:::${className(step.status)}`);
  }
  for (let i = 1; i < steps.length; i++) lines.push(`  s${steps[i - 1].index} --> s${steps[i].index}`);
  for (const [name, style] of Object.entries(CLASS_DEFS)) lines.push(`  classDef ${name} ${style}`);
  lines.push("```");
  return lines.join("\n");
}
