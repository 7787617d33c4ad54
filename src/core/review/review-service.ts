// Reviews of waypoints end to end: runs roles as reviewers, keeps their findings in review notes, accepts and dismisses them.
/*
 * Spans in views are offsets into the waypoint note's WHOLE text (properties included), as an editor shows it;
 * quotes are only ever looked for in the body. Every method resolves to a Result and never throws.
 */
import type { ChatMessage, Clock, ModelPort, VaultPort, YamlCodec } from "../ports";
import { splitFrontmatter, propertiesOf } from "../notes/frontmatter";
import { fail, ok, type Result } from "../notes/result";
import { linkTarget, propertyLink } from "../notes/links";
import { noteName } from "../notes/names";
import type { Finding, FindingState } from "./finding";
import { anchorAll, type AnchorMatch } from "./anchor";
import { applySuggestion } from "./apply";
import { findingsAsFeedback } from "./finding-feedback";
import { NOT_IN_EXPECTED_FORM } from "./parse-findings";
import { buildBranchedReviewMessages, buildReviewMessages, type ReviewPromptInput, type ReviewSource } from "./review-prompt";
import { parseReviewNote, reviewCountProperties, setFindingState, type Review } from "./review-note";
import { reviewNotesOf, writeReview } from "./review-store";
import { findRole, readSources, stepOfWaypoint, type ReviewRole, type ReviewStep } from "./review-target";
import { runReviewers, type ReviewerCall } from "./run-reviewers";
import { plausibleModelId } from "../notes/untrusted-text";

export type { ReviewerCall } from "./run-reviewers";

export interface ReviewPorts {
  vault: VaultPort;
  yaml: YamlCodec;
  clock: Clock;
  model: ModelPort | null;
  settings: { roleTag: string; defaultModel: string; sourceBudgetChars?: number };
}

export interface AnchoredFindingView {
  finding: Finding;
  span: { from: number; to: number } | null;
  detached: boolean;
  /** How the quote was found: accept refuses a `fuzzy` match (the passage changed since the review). */
  match?: AnchorMatch | null;
}

export interface ReviewView {
  /** The review note; "" when the reviewer failed before anything could be written. */
  path: string;
  reviewer: string;
  revision: number;
  waypointPath: string;
  findings: AnchoredFindingView[];
  error?: string;
  /** Tokens the reviewer's call used (only on views returned by `review`). */
  usage?: { model: string; promptTokens: number; completionTokens: number };
}

export interface ReviewOptions {
  signal?: AbortSignal;
  /** The step, when the caller already has it (the engine): saves reading the run note and the SOP again. */
  step?: ReviewStep;
  /**
   * The conversation the waypoint was written from (a run's step, as sent) and the notes it already carries:
   * the review then branches from it instead of starting a conversation of its own.
   */
  branch?: { messages: readonly ChatMessage[]; notes: readonly string[] };
}

export class ReviewService {
  constructor(private readonly ports: ReviewPorts) {}

  /** Runs the named roles as reviewers of a waypoint in parallel and writes one review note per reviewer beside it. */
  review(waypointPath: string, roles: string[], options: ReviewOptions = {}): Promise<Result<ReviewView[]>> {
    return this.guard(async () => {
      const { vault, yaml, model } = this.ports;
      if (model === null) return fail("No model is configured, so no reviewer can run; set up a model first.");
      const prepared = await this.prepare(waypointPath, roles, options.step, options.branch);
      if (!prepared.ok) return prepared;
      const { text, revision, calls, names } = prepared.value;
      const sent = calls.filter((call): call is ReviewerCall => call !== null);
      const outcomes = await runReviewers(sent, model, options.signal);

      const written = await Promise.all(outcomes.map(async (outcome, i): Promise<ReviewView> => {
        const base = { reviewer: outcome.reviewer, revision, waypointPath };
        if (!outcome.ok) return { ...base, path: "", findings: [], error: outcome.error };
        // The review note sits beside the waypoint, so a link written from the waypoint's folder resolves from it too.
        const review: Review = { reviewOf: propertyLink(vault, waypointPath, waypointPath, noteName(waypointPath)), reviewer: outcome.reviewer, revision, findings: outcome.findings };
        if (outcome.parseError !== undefined) review.unparsedAnswer = outcome.result.text;
        const path = await writeReview(vault, yaml, waypointPath, review);
        const usage = { model: plausibleModelId(outcome.result.model) || sent[i].model, promptTokens: outcome.result.usage.promptTokens, completionTokens: outcome.result.usage.completionTokens };
        const view: ReviewView = { ...base, path, findings: anchorViews(text, outcome.findings), usage };
        if (outcome.parseError !== undefined) view.error = `${outcome.parseError} The answer is kept in the review note.`;
        return view;
      }));
      // In the order the roles were named; a role with no note keeps its place with the reason.
      let next = 0;
      return ok(calls.map((call, i) => call !== null ? written[next++] : { path: "", reviewer: names[i], revision, waypointPath, findings: [], error: unknownRoles([names[i]], this.ports.settings.roleTag) }));
    });
  }

  /** Exactly what `review` would send, one call per role found (model and messages), without sending anything. */
  previewReview(waypointPath: string, roles: string[], options: Pick<ReviewOptions, "step" | "branch"> = {}): Promise<Result<ReviewerCall[]>> {
    return this.guard(async () => {
      const prepared = await this.prepare(waypointPath, roles, options.step, options.branch);
      return prepared.ok ? ok(prepared.value.calls.filter((call): call is ReviewerCall => call !== null)) : prepared;
    });
  }

  /** Every review of the waypoint's current revision, its findings anchored to the waypoint's current text. */
  reviewsOf(waypointPath: string): Promise<Result<ReviewView[]>> {
    return this.guard(async () => {
      const { vault, yaml } = this.ports;
      const text = await vault.read(waypointPath);
      if (text === null) return fail(`The waypoint "${waypointPath}" does not exist.`);
      const revision = revisionOf(propertiesOf(text, yaml));
      const stored = await reviewNotesOf(vault, yaml, waypointPath);
      return ok(stored
        .filter(({ parsed }) => (parsed.revision ?? 1) === revision)
        .map(({ path, parsed }) => {
          const view: ReviewView = { path, reviewer: parsed.reviewer ?? noteName(path), revision, waypointPath, findings: anchorViews(text, parsed.findings) };
          if (parsed.unparsedAnswer !== undefined && parsed.findings.length === 0) view.error = NOT_IN_EXPECTED_FORM;
          return view;
        }));
    });
  }

  /**
   * Applies the finding's suggestion to its span of the waypoint and marks it accepted; a refusal (advice, quote gone
   * or changed, waypoint approved/skipped/streaming) leaves both notes alone and says why.
   */
  accept(reviewPath: string, findingId: string): Promise<Result<{ applied: boolean; reason?: string }>> {
    return this.guard(async () => {
      const target = await this.findingIn(reviewPath, findingId);
      if (!target.ok) return target;
      const { finding, waypointPath } = target.value;
      if (finding.state !== "open") return ok({ applied: false, reason: `Finding ${findingId} was already ${finding.state}.` });
      const current = await this.ports.vault.read(waypointPath);
      if (current === null) return fail(`The waypoint "${waypointPath}" this review is about no longer exists.`);
      const locked = lockedReason(propertiesOf(current, this.ports.yaml).waypoint_status);
      if (locked !== null) return ok({ applied: false, reason: locked });
      const trial = applySuggestion(splitFrontmatter(current).body, finding);
      if (!trial.applied) return ok({ applied: false, reason: trial.reason });
      let reason: string | undefined;
      await this.ports.vault.process(waypointPath, (latest) => {
        // Applied again on the latest text: the person may have typed since the read above.
        const body = splitFrontmatter(latest).body;
        const applied = applySuggestion(body, finding);
        if (!applied.applied) {
          reason = applied.reason;
          return latest;
        }
        return latest.slice(0, latest.length - body.length) + applied.text;
      });
      if (reason !== undefined) return ok({ applied: false, reason });
      const marked = await this.setStates(reviewPath, [findingId], "accepted");
      return marked.ok ? ok({ applied: true }) : marked;
    });
  }

  dismiss(reviewPath: string, findingId: string): Promise<Result<void>> {
    return this.guard(async () => {
      const target = await this.findingIn(reviewPath, findingId);
      if (!target.ok) return target;
      return this.setStates(reviewPath, [findingId], "dismissed");
    });
  }

  /** The chosen findings as feedback for a revision (pass it to RunEngine.revise); they are marked accepted. */
  feedbackFor(reviewPath: string, findingIds: string[]): Promise<Result<string>> {
    return this.guard(async () => {
      if (findingIds.length === 0) return fail("Choose at least one finding to send to revision.");
      const text = await this.ports.vault.read(reviewPath);
      if (text === null) return fail(`The review note "${reviewPath}" does not exist.`);
      const parsed = parseReviewNote(text, this.ports.yaml);
      const chosen: Finding[] = [];
      for (const id of findingIds) {
        const finding = parsed.findings.find((f) => f.id === id);
        if (finding === undefined) return fail(`There is no finding ${id} in the review note "${reviewPath}".`);
        if (!chosen.includes(finding)) chosen.push(finding);
      }
      const feedback = findingsAsFeedback(chosen, parsed.reviewer ?? noteName(reviewPath));
      const marked = await this.setStates(reviewPath, chosen.map((f) => f.id), "accepted");
      return marked.ok ? ok(feedback) : marked;
    });
  }

/** Reads the waypoint, its step, the roles and their sources; `calls[i]` is null when role `names[i]` has no note. */
  private async prepare(waypointPath: string, roles: string[], knownStep?: ReviewStep, branch?: ReviewOptions["branch"]): Promise<Result<{ text: string; revision: number; names: string[]; calls: (ReviewerCall | null)[] }>> {
    const { vault, yaml } = this.ports;
    const names = roles.map((role) => role.trim()).filter((role) => role !== "");
    if (names.length === 0) return fail("Name at least one role to review with.");
    const text = await vault.read(waypointPath);
    if (text === null) return fail(`The waypoint "${waypointPath}" does not exist.`);
    const properties = propertiesOf(text, yaml);
    const step = knownStep ?? (await stepOfWaypoint(vault, yaml, waypointPath, properties));
    const waypointText = splitFrontmatter(text).body;
    const found = await Promise.all(names.map((name) => findRole(vault, yaml, this.ports.settings.roleTag, name, step.sopPath || waypointPath)));
    if (found.every((role) => role === null)) return fail(unknownRoles(names, this.ports.settings.roleTag));
    const calls = await Promise.all(found.map(async (role) => (role === null ? null : this.call(role, step, waypointText, await readSources(vault, step, role), branch))));
    return ok({ text, revision: revisionOf(properties), names, calls });
  }

  private call(role: ReviewRole, step: ReviewStep, waypointText: string, sources: ReviewSource[], branch?: ReviewOptions["branch"]): ReviewerCall {
    const input: ReviewPromptInput = {
      roleName: role.name,
      roleInstructions: role.instructions,
      step: step.step,
      waypointText,
      sources,
      sopTitle: step.sopTitle,
      ...(this.ports.settings.sourceBudgetChars !== undefined ? { sourceBudgetChars: this.ports.settings.sourceBudgetChars } : {}),
    };
    const messages = branch ? buildBranchedReviewMessages(branch.messages, branch.notes, input) : buildReviewMessages(input);
    return { reviewer: role.name, model: role.model || this.ports.settings.defaultModel, messages };
  }

  private async findingIn(reviewPath: string, findingId: string): Promise<Result<{ finding: Finding; waypointPath: string }>> {
    const text = await this.ports.vault.read(reviewPath);
    if (text === null) return fail(`The review note "${reviewPath}" does not exist.`);
    const parsed = parseReviewNote(text, this.ports.yaml);
    const finding = parsed.findings.find((f) => f.id === findingId);
    if (finding === undefined) return fail(`There is no finding ${findingId} in the review note "${reviewPath}".`);
    const waypointPath = parsed.reviewOf === undefined ? null : this.ports.vault.resolveLink(linkTarget(parsed.reviewOf), reviewPath);
    if (waypointPath === null) return fail(`The review note "${reviewPath}" does not link to an existing waypoint (sop_review_of).`);
    return ok({ finding, waypointPath });
  }

  /** One write for the states, one for the counts (processFrontMatter, so the person's other properties stay). */
  private async setStates(reviewPath: string, ids: string[], state: FindingState): Promise<Result<void>> {
    let error: string | null = null;
    const next = await this.ports.vault.process(reviewPath, (current) => {
      let text = current;
      for (const id of ids) {
        const changed = setFindingState(text, id, state);
        if (!changed.ok) {
          error = changed.error;
          return current;
        }
        text = changed.text;
      }
      return text;
    });
    if (error !== null) return fail(error);
    const counts = reviewCountProperties(parseReviewNote(next).findings);
    await this.ports.vault.processFrontMatter(reviewPath, (properties) => Object.assign(properties, counts));
    return ok(undefined);
  }

  private async guard<T>(work: () => Promise<Result<T>>): Promise<Result<T>> {
    try {
      return await work();
    } catch (error) {
      return fail(error instanceof Error ? error.message : String(error));
    }
  }
}

/** Anchors findings in the body and reports spans in the whole note's offsets. */
function anchorViews(noteText: string, findings: Finding[]): AnchoredFindingView[] {
  const body = splitFrontmatter(noteText).body;
  const offset = noteText.length - body.length;
  return anchorAll(body, findings).map((anchored) => ({
    finding: anchored.finding,
    span: anchored.span === null ? null : { from: anchored.span.from + offset, to: anchored.span.to + offset },
    detached: anchored.detached,
    match: anchored.match,
  }));
}

/** A run's approved or skipped waypoint never changes, and one still streaming belongs to the model until it ends. */
function lockedReason(status: unknown): string | null {
  if (status === "approved" || status === "skipped") return `This waypoint is ${status}, and a settled waypoint never changes; reopen its step to apply the suggestion.`;
  if (status === "streaming") return "The step is still being written; apply the suggestion once it has finished.";
  return null;
}

function revisionOf(properties: Record<string, unknown>): number {
  const revision = Number(properties.revision);
  return Number.isInteger(revision) && revision > 0 ? revision : 1;
}

function unknownRoles(names: string[], roleTag: string): string {
  const list = names.map((name) => `"${name}"`).join(", ");
  return `No role note ${list} was found: a role is a note tagged #${roleTag}, named like the role.`;
}
