// Reads the run, waypoint and review notes of one SOP from any vault into plain PastRuns.
import type { VaultPort, YamlCodec } from "../ports";
import { splitFrontmatter, tagsOf } from "../notes/frontmatter";
import { versionOf } from "./sop-version";
import { parseReviewNote } from "../review/review-note";
import type { ReviewFinding, ReviewRecord, PastRun, PastStep } from "./past-runs";
import { noteName } from "../notes/names";
import { linkTarget } from "../notes/links";
import { runStatusOf } from "../run/run-note";

export interface LoadedRuns {
  /** The SOP's runs, oldest first. */
  records: PastRun[];
  /** One sentence per note that looked like part of a run but could not be read; those notes are left out. */
  problems: string[];
}

type Properties = Record<string, unknown>;

interface NoteProps {
  path: string;
  props: Properties;
  text: string;
}

function num(value: unknown): number {
  const n = typeof value === "number" ? value : typeof value === "string" ? Number(value) : NaN;
  return Number.isFinite(n) ? n : 0;
}

function optionalNum(value: unknown): number | null {
  const n = typeof value === "number" ? value : typeof value === "string" && value.trim() !== "" ? Number(value) : NaN;
  return Number.isFinite(n) ? n : null;
}

function str(value: unknown): string | null {
  if (typeof value === "string") return value.trim() === "" ? null : value.trim();
  if (typeof value === "number") return String(value);
  if (value instanceof Date) return value.toISOString();
  return null;
}

function secondsOf(props: Properties): number | null {
  const direct = optionalNum(props.seconds ?? props.duration_seconds);
  if (direct !== null) return direct;
  const started = str(props.started);
  const finished = str(props.finished);
  if (!started || !finished) return null;
  const span = (Date.parse(finished) - Date.parse(started)) / 1000;
  return Number.isFinite(span) && span >= 0 ? span : null;
}

/** `03 Draft section content (r1).md` → `Draft section content`. */
function titleFromPath(path: string): string {
  const base = path.split("/").pop() ?? path;
  return base.replace(/\.md$/i, "").replace(/^\d+\s+/, "").replace(/\s+\(r\d+\)$/, "").trim();
}

function reviewOf(note: NoteProps, yaml: YamlCodec): ReviewRecord {
  const p = note.props;
  const items: ReviewFinding[] = parseReviewNote(note.text, yaml).findings.map((f) => ({
    severity: f.severity,
    state: f.state,
    problem: f.problem,
    suggestion: f.suggestion,
    check: f.check?.trim() ? f.check.trim() : null,
  }));
  return {
    path: note.path,
    reviewer: noteName(linkTarget(p.reviewer)) || null,
    revision: optionalNum(p.revision),
    findings: { high: num(p.findings_high), medium: num(p.findings_medium), low: num(p.findings_low) },
    open: num(p.findings_open),
    dismissed: items.length ? items.filter((f) => f.state === "dismissed").length : num(p.findings_dismissed),
    items,
  };
}

function stepOf(notes: NoteProps[], reviewsByTarget: Map<string, NoteProps[]>, yaml: YamlCodec): PastStep {
  const byRevision = [...notes].sort((a, b) => num(a.props.revision) - num(b.props.revision));
  // Kept earlier revisions link back to the current waypoint (`revision_of`) or say they were superseded.
  const live = byRevision.filter((n) => n.props.revision_of === undefined && str(n.props.waypoint_status) !== "superseded");
  const candidates = live.length ? live : byRevision;
  const current = candidates[candidates.length - 1];
  const feedback = byRevision.map((n) => str(n.props.feedback)).filter((f): f is string => f !== null);
  const p = current.props;
  const costs = notes.map((n) => optionalNum(n.props.cost)).filter((c): c is number => c !== null);
  const times = notes.map((n) => secondsOf(n.props)).filter((s): s is number => s !== null);
  return {
    path: current.path,
    step: num(p.step),
    stepId: str(p.step_id),
    title: str(p.step_title) ?? titleFromPath(current.path),
    role: noteName(linkTarget(p.role)) || null,
    status: str(p.waypoint_status) ?? "pending",
    revision: Math.max(1, ...notes.map((n) => num(n.props.revision))),
    model: str(p.model),
    tokensIn: notes.reduce((sum, n) => sum + num(n.props.tokens_in), 0),
    tokensOut: notes.reduce((sum, n) => sum + num(n.props.tokens_out), 0),
    cost: costs.length ? costs.reduce((a, b) => a + b, 0) : null,
    unknownCosts: notes.filter((n) => "cost" in n.props && n.props.cost === null).length,
    seconds: times.length ? times.reduce((a, b) => a + b, 0) : null,
    reviews: notes.flatMap((n) => (reviewsByTarget.get(n.path) ?? []).map((r) => reviewOf(r, yaml))),
    feedback: feedback.filter((f, i) => feedback.indexOf(f) === i),
  };
}

/**
 * Every run of the SOP at `sopPath` found below `runsFolder`, with its steps and reviews, read from the
 * notes' properties only (so it works on any vault, and on runs made by the plugin or the command line).
 */
export async function loadPastRuns(vault: VaultPort, yaml: YamlCodec, sopPath: string, runsFolder: string): Promise<LoadedRuns> {
  const problems: string[] = [];
  const runs: NoteProps[] = [];
  const waypoints: NoteProps[] = [];
  const reviews: NoteProps[] = [];
  for (const path of await vault.list(runsFolder)) {
    const text = await vault.read(path);
    if (text === null) continue;
    const { yaml: yamlText } = splitFrontmatter(text);
    if (yamlText === null) continue;
    let parsed: unknown;
    try {
      parsed = yaml.parse(yamlText);
    } catch (error) {
      if (/sop-(run|waypoint|review)/.test(yamlText)) problems.push(`${path}: its properties could not be read (${error instanceof Error ? error.message : String(error)}), so it was left out.`);
      continue;
    }
    if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) continue;
    const note = { path, props: parsed as Properties, text };
    const tags = tagsOf(note.props);
    if (tags.includes("sop-run")) runs.push(note);
    else if (tags.includes("sop-waypoint")) waypoints.push(note);
    else if (tags.includes("sop-review")) reviews.push(note);
  }

  const resolve = (value: unknown, from: string): string | null => {
    const target = linkTarget(value);
    return target === "" ? null : vault.resolveLink(target, from);
  };
  const reviewsByTarget = new Map<string, NoteProps[]>();
  for (const review of reviews) {
    const target = resolve(review.props.sop_review_of, review.path);
    if (target) reviewsByTarget.set(target, [...(reviewsByTarget.get(target) ?? []), review]);
  }
  const waypointsByRun = new Map<string, NoteProps[]>();
  for (const waypoint of waypoints) {
    const run = resolve(waypoint.props.sop_run, waypoint.path);
    if (run) waypointsByRun.set(run, [...(waypointsByRun.get(run) ?? []), waypoint]);
  }

  const records: PastRun[] = [];
  for (const run of runs) {
    if (resolve(run.props.sop, run.path) !== sopPath) continue;
    const p = run.props;
    const byStep = new Map<number, NoteProps[]>();
    for (const w of waypointsByRun.get(run.path) ?? []) {
      const step = num(w.props.step);
      if (step < 1) {
        problems.push(`${w.path}: it has no step number, so it was left out.`);
        continue;
      }
      byStep.set(step, [...(byStep.get(step) ?? []), w]);
    }
    records.push({
      path: run.path,
      sop: sopPath,
      sopVersion: versionOf(p.sop_version),
      status: runStatusOf(p) ?? "planned",
      mode: str(p.mode),
      model: str(p.model),
      started: str(p.started),
      finished: str(p.finished),
      tokensIn: num(p.tokens_in),
      tokensOut: num(p.tokens_out),
      cost: optionalNum(p.cost),
      steps: [...byStep.keys()].sort((a, b) => a - b).map((step) => stepOf(byStep.get(step) ?? [], reviewsByTarget, yaml)),
    });
  }
  records.sort((a, b) => (a.started ?? "").localeCompare(b.started ?? "") || a.path.localeCompare(b.path));
  return { records, problems };
}
