// Reviews inside Obsidian: builds the review service over the vault, runs roles as reviewers, tells the views and editors.
import type { App, TFile } from "obsidian";
import type { ModelPort } from "../../core/ports";
import { ReviewService } from "../../core/review/review-service";
import type { ReviewView } from "../../core/review/review-service";
import type { Result } from "../../core/notes/result";
import { noteName } from "../../core/notes/names";
import { ObsidianVault } from "../adapters/obsidian-vault";
import { obsidianYaml } from "../adapters/obsidian-yaml";
import type { SopRuntimeSettings } from "../settings";
import { TaggedNoteFinder } from "../adapters/tagged-notes";
import { createRuntime } from "../../core/app/runtime";
import { runtimeConfigOf } from "../settings";

export type { AnchoredFindingView, ReviewView } from "../../core/review/review-service";

/** What the plugin needs of the review service; tests put a fake behind it. */
export type ReviewPort = Pick<ReviewService, "review" | "reviewsOf" | "accept" | "dismiss" | "feedbackFor">;

export interface ReviewControllerHost {
  app: App;
  settings(): SopRuntimeSettings;
  notify(message: string): void;
  /** The model reviewers ask, built from the settings at call time; null when none is set up. */
  model(): ModelPort | null;
  /** Test seam: the service to use instead of one built over the vault. */
  service?: (model: ModelPort | null) => ReviewPort;
}

/** Called with the waypoint whose reviews changed, and its reviews as they are now. */
export type ReviewListener = (waypointPath: string, reviews: ReviewView[]) => void;

export class ReviewController {
  private readonly listeners = new Set<ReviewListener>();
  private readonly checking = new Map<string, number>();

  constructor(private readonly host: ReviewControllerHost) {}

  onChange(listener: ReviewListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Whether reviewers are at work on this waypoint (several checks may run at once). */
  isChecking(waypointPath: string): boolean {
    return (this.checking.get(waypointPath) ?? 0) > 0;
  }

  /** Role notes: notes tagged with the role tag setting, by path. */
  roleNotes(): TFile[] {
    return new TaggedNoteFinder(this.host.app.vault, this.host.app.metadataCache).find(this.host.settings().roleTag);
  }

  /** Said when "Check with role…" finds no role note to offer. */
  notifyNoRoles(): void {
    this.host.notify(`No note is tagged #${this.host.settings().roleTag} yet. Tag a note with it to use it as a role.`);
  }

  /** Every review of the waypoint, newest revision first as the service orders them; [] after telling the person why. */
  async reviewsOf(waypointPath: string, quiet = false): Promise<ReviewView[]> {
    const result = await this.guard(() => this.service(false).reviewsOf(waypointPath));
    if (result.ok) return result.value;
    if (!quiet) this.fail(result.error);
    return [];
  }

  /** Runs the roles as reviewers of the waypoint, in parallel; each failed reviewer is reported in one sentence. */
  async check(waypointPath: string, roles: string[], signal?: AbortSignal): Promise<ReviewView[] | null> {
    if (roles.length === 0) return this.fail("Pick at least one role to check with.");
    this.checking.set(waypointPath, (this.checking.get(waypointPath) ?? 0) + 1);
    await this.publish(waypointPath);
    try {
      const result = await this.guard(() => this.service(true).review(waypointPath, roles, { signal }));
      if (signal?.aborted) return this.fail(`The check of "${noteName(waypointPath)}" was cancelled.`);
      if (!result.ok) return this.fail(result.error);
      for (const review of result.value) if (review.error) this.host.notify(`${review.reviewer}: ${review.error}`);
      const found = result.value.reduce((sum, review) => sum + review.findings.length, 0);
      this.host.notify(`${roles.join(", ")} found ${found === 1 ? "1 thing" : `${found} things`} to look at.`);
      return result.value;
    } finally {
      this.checking.set(waypointPath, (this.checking.get(waypointPath) ?? 1) - 1);
      await this.publish(waypointPath);
    }
  }

  /** Applies the finding's suggestion to its span; when it cannot, the reason comes back (and is said). */
  async accept(waypointPath: string, reviewPath: string, findingId: string): Promise<{ applied: boolean; reason?: string } | null> {
    const result = await this.guard(() => this.service(false).accept(reviewPath, findingId));
    if (!result.ok) return this.fail(result.error);
    if (!result.value.applied) {
      // Nothing changed in the notes; the caller shows the reason beside the finding.
      if (result.value.reason) this.host.notify(result.value.reason);
      return result.value;
    }
    await this.publish(waypointPath);
    return result.value;
  }

  async dismiss(waypointPath: string, reviewPath: string, findingId: string): Promise<boolean> {
    const result = await this.guard(() => this.service(false).dismiss(reviewPath, findingId));
    if (!result.ok) return this.fail(result.error) ?? false;
    await this.publish(waypointPath);
    return true;
  }

  /** The findings written as revision feedback, or null after telling the person why not. */
  async feedbackFor(reviewPath: string, findingIds: string[]): Promise<string | null> {
    const result = await this.guard(() => this.service(false).feedbackFor(reviewPath, findingIds));
    return result.ok ? result.value : this.fail(result.error);
  }

  /** Reads the waypoint's reviews again and tells the listeners (the run view, the editor highlights). */
  async publish(waypointPath: string): Promise<void> {
    if (this.listeners.size === 0) return;
    const reviews = await this.reviewsOf(waypointPath);
    for (const listener of this.listeners) listener(waypointPath, reviews);
  }

  /** Only a review that asks a model gets one; listing, accepting and dismissing never build the model layer. */
  private service(withModel: boolean): ReviewPort {
    const model = withModel ? this.host.model() : null;
    if (this.host.service) return this.host.service(model);
    return createRuntime({ vault: ObsidianVault.fromApp(this.host.app), yaml: obsidianYaml, clock: { now: () => new Date() }, model }, runtimeConfigOf(this.host.settings())).reviews;
  }

  /** The service answers with Results; a thrown error (a bug) still reaches the person as one sentence. */
  private async guard<T>(call: () => Promise<Result<T>>): Promise<Result<T>> {
    try {
      return await call();
    } catch (error) {
      return { ok: false, error: `The review failed: ${error instanceof Error ? error.message : String(error)}` };
    }
  }

  private fail(message: string): null {
    this.host.notify(message);
    return null;
  }
}
