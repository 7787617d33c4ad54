// Test support: the plugin loaded over the example vault with the run view opened in a mock leaf, and a fake review service.
import type { App as ObsidianApp, WorkspaceLeaf as ObsidianLeaf } from "obsidian";
import { MarkdownRenderer, Menu, Workspace, WorkspaceLeaf } from "obsidian-test-mocks/obsidian";
import type { ModelRequest } from "../../src/core/ports";
import type { Finding } from "../../src/core/review/finding";
import { ReviewService } from "../../src/core/review/review-service";
import type { ReviewView } from "../../src/core/review/review-service";
import type { Result } from "../../src/core/notes/result";
import SopRuntimePlugin from "../../src/obsidian/plugin";
import { RunView, VIEW_TYPE_RUN } from "../../src/obsidian/ui/run-view";
import { TextPromptModal } from "../../src/obsidian/ui/text-prompt-modal";
import { RolePickerModal } from "../../src/obsidian/ui/role-picker-modal";
import { ConfirmModal } from "../../src/obsidian/ui/confirm-modal";
import { PromptPreviewModal } from "../../src/obsidian/ui/prompt-preview-modal";
import { StepPickerModal } from "../../src/obsidian/ui/step-picker-modal";
import { FakeModelLayer } from "./fake-model-layer";
import { exampleVaultFiles } from "./example-vault-files";
import { createMockApp } from "./obsidian-mock-app";
import { stepOf } from "./scripted-model";
import type { Script } from "./scripted-model";
import { until } from "./until";
import { mockOf, newPlugin } from "./plugin-harness";
export { mockOf };
export { until };


/** Reviews kept in memory by waypoint, with every call recorded; accept applies nothing unless told to. */
export class FakeReviews {
  readonly byWaypoint = new Map<string, ReviewView[]>();
  readonly calls: string[] = [];
  acceptAnswer: { applied: boolean; reason?: string } = { applied: true };

  add(waypointPath: string, reviewer: string, findings: Array<Partial<Finding> & { id: string }>, detached: string[] = []): ReviewView {
    const review: ReviewView = {
      path: `${waypointPath.replace(/\.md$/, "")} (review ${reviewer}).md`,
      reviewer,
      revision: 1,
      waypointPath,
      findings: findings.map((f) => ({
        finding: { quote: "", problem: "", severity: "medium", suggestion: "", source: "", state: "open", ...f },
        span: detached.includes(f.id) ? null : { from: 0, to: (f.quote ?? "").length },
        detached: detached.includes(f.id),
      })),
    };
    this.byWaypoint.set(waypointPath, [...(this.byWaypoint.get(waypointPath) ?? []), review]);
    return review;
  }

  private find(reviewPath: string, id: string): Finding | undefined {
    for (const list of this.byWaypoint.values()) for (const r of list) if (r.path === reviewPath) return r.findings.find((f) => f.finding.id === id)?.finding;
    return undefined;
  }

  review(waypointPath: string, roles: string[]): Promise<Result<ReviewView[]>> {
    this.calls.push(`review ${waypointPath} ${roles.join(",")}`);
    return Promise.resolve({ ok: true, value: roles.map((role) => this.add(waypointPath, role, [{ id: "r1", problem: `${role} says no`, severity: "high" }])) });
  }
  reviewsOf(waypointPath: string): Promise<Result<ReviewView[]>> {
    return Promise.resolve({ ok: true, value: JSON.parse(JSON.stringify(this.byWaypoint.get(waypointPath) ?? [])) as ReviewView[] });
  }
  accept(reviewPath: string, id: string): Promise<Result<{ applied: boolean; reason?: string }>> {
    this.calls.push(`accept ${id}`);
    const finding = this.find(reviewPath, id);
    if (finding && this.acceptAnswer.applied) finding.state = "accepted";
    return Promise.resolve({ ok: true, value: this.acceptAnswer });
  }
  dismiss(reviewPath: string, id: string): Promise<Result<void>> {
    this.calls.push(`dismiss ${id}`);
    const finding = this.find(reviewPath, id);
    if (finding) finding.state = "dismissed";
    return Promise.resolve({ ok: true, value: undefined });
  }
  feedbackFor(reviewPath: string, ids: string[]): Promise<Result<string>> {
    this.calls.push(`feedback ${ids.join(",")}`);
    return Promise.resolve({ ok: true, value: ids.map((id) => `Fix this: ${this.find(reviewPath, id)?.problem ?? id}`).join("\n") });
  }
}

export interface ViewHarness {
  app: ObsidianApp;
  plugin: SopRuntimePlugin;
  layer: FakeModelLayer;
  notices: string[];
  reviews: FakeReviews;
  opened: unknown[];
  /** Calls of MarkdownRenderer.render (the live output's renders). */
  renders: { mock: { calls: unknown[][] } };
}

/** The real ReviewService is swapped for the fake on its prototype, so the plugin's ReviewController is exercised as built. */
/** `realReviews`: keep the real ReviewService (the model script then answers reviewers too). */
export async function loadPlugin(script?: Script, options: { realReviews?: boolean } = {}): Promise<ViewHarness> {
  const app = createMockApp(exampleVaultFiles());
  const layer = new FakeModelLayer(script ?? ((request: ModelRequest, call: number) => `Output of step ${stepOf(request)}, call ${call + 1}.`));
  const { plugin, notices } = newPlugin(app, layer);
  const reviews = new FakeReviews();
  for (const method of options.realReviews ? [] : (["review", "reviewsOf", "accept", "dismiss", "feedbackFor"] as const)) {
    jest.spyOn(ReviewService.prototype, method).mockImplementation((...args: unknown[]) => (reviews[method] as (...a: unknown[]) => unknown).apply(reviews, args) as never);
  }
  // The mock renderer draws nothing; the text itself stands in for the rendered Markdown.
  const renders = jest.spyOn(MarkdownRenderer, "render").mockImplementation(async (_app, markdown: string, el: HTMLElement) => {
    el.setText(markdown);
    await Promise.resolve();
  });
  const opened: unknown[] = [];
  for (const type of [TextPromptModal, RolePickerModal, ConfirmModal, PromptPreviewModal, StepPickerModal]) {
    jest.spyOn(type.prototype, "open").mockImplementation(function (this: unknown) {
      opened.push(this);
    });
  }
  await plugin.onload();
  (app.workspace as unknown as Workspace).setLayoutReady__();
  return { app, plugin, layer, notices, reviews, opened, renders };
}

/** Views opened by a test are closed after it, as Obsidian closes a leaf: their timers and renders stop and cannot leak into the next test. */
const openViews = new Set<RunView>();
afterEach(() => {
  for (const view of openViews) view.unload();
  openViews.clear();
});

/** Runs the "Open run view" command, then does what Obsidian does for a new leaf of a registered type: builds and opens the view. */
export async function openView(h: ViewHarness): Promise<RunView> {
  await mockOf(h.plugin).commands__.get("open-run-view")?.callback?.();
  const leaf = await until(() => h.app.workspace.getLeavesOfType(VIEW_TYPE_RUN)[0], "the run view's leaf");
  const create = mockOf(h.plugin).views__.get(VIEW_TYPE_RUN);
  if (!create) throw new Error("The run view type is not registered");
  const view = create(leaf) as RunView;
  await (leaf as unknown as WorkspaceLeaf).open(view);
  view.load();
  openViews.add(view);
  await view.onOpen();
  return view;
}

export function lastOpened<T>(h: ViewHarness, type: abstract new (...args: never[]) => T): Promise<T> {
  return until(() => [...h.opened].reverse().find((m): m is T => m instanceof type), type.name);
}

export async function gateAt(h: ViewHarness, step: number, runPath?: string): Promise<void> {
  await until(() => {
    const s = h.plugin.runs?.snapshot(runPath ?? h.plugin.runs.activeRun());
    return s?.status === "awaiting-review" && s.gate?.step === step && !h.plugin.runs?.isAdvancing(s.runPath);
  }, `the gate of step ${step}`);
}

export async function read(h: ViewHarness, path: string): Promise<string> {
  const file = h.app.vault.getFileByPath(path);
  if (!file) throw new Error(`No note ${path}`);
  return h.app.vault.read(file);
}

/** A button by its visible text or, for icon buttons, its aria-label. */
export function button(view: RunView, text: string, within: HTMLElement = view.contentEl): HTMLButtonElement {
  const found = [...within.querySelectorAll("button")].find((b) => b.textContent === text || b.getAttribute("aria-label") === text);
  if (!found) throw new Error(`No button "${text}"`);
  return found;
}

export function texts(view: RunView, selector: string): string[] {
  return [...view.contentEl.querySelectorAll(selector)].map((el) => el.textContent ?? "");
}

export type { ObsidianLeaf };

interface MockMenuItem {
  title__: string;
  disabled__: boolean;
  onClick__: ((event: MouseEvent | KeyboardEvent) => unknown) | null;
}

/** Clicks the view's ⋯ button and returns the entries of the menu it shows (title, greyed or not, and their action). */
export function openMoreMenu(view: RunView): MockMenuItem[] {
  let shown: { menuItems__: MockMenuItem[] } | null = null;
  const capture = function (this: unknown) {
    shown = this as { menuItems__: MockMenuItem[] };
    return this as Menu;
  };
  const atEvent = jest.spyOn(Menu.prototype, "showAtMouseEvent").mockImplementation(capture);
  const atPosition = jest.spyOn(Menu.prototype, "showAtPosition").mockImplementation(capture);
  button(view, "More actions").click();
  atEvent.mockRestore();
  atPosition.mockRestore();
  if (!shown) throw new Error("The ⋯ button showed no menu");
  return (shown as { menuItems__: MockMenuItem[] }).menuItems__;
}

export function menuItem(view: RunView, title: string): MockMenuItem {
  const item = openMoreMenu(view).find((entry) => entry.title__ === title);
  if (!item) throw new Error(`No menu entry "${title}"`);
  return item;
}
