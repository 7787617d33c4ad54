// Wires the run view into the plugin: the view type, its commands, the findings highlights in editors.
import { getAllTags, MarkdownView } from "obsidian";
import type { App, Plugin, TFile } from "obsidian";
import { WAYPOINT_TAG } from "../../core/run/waypoint-note";
import { findingsExtension } from "./editor/findings-extension";
import { pushFindings } from "./editor/push-findings";
import type { ReviewView } from "../controllers/review-controller";
import type { RunController } from "../controllers/run-controller";
import { openRolePicker } from "./role-picker-modal";
import { RunView, VIEW_TYPE_RUN, type RunViewServices } from "./run-view";

export const RUN_VIEW_COMMAND_IDS = ["open-run-view", "check-with-role"] as const;

/** What the run view needs; registering the view takes the same. */
export type RunViewSetup = RunViewServices;

/** Reveals the run view in the right sidebar, creating it there the first time; the view is found, never stored. */
export async function activateRunView(app: App): Promise<void> {
  const existing = app.workspace.getLeavesOfType(VIEW_TYPE_RUN)[0];
  const leaf = existing ?? app.workspace.getRightLeaf(false);
  if (!leaf) return;
  if (!existing) await leaf.setViewState({ type: VIEW_TYPE_RUN, active: true });
  await app.workspace.revealLeaf(leaf);
}

function isWaypoint(app: App, file: TFile): boolean {
  const cache = app.metadataCache.getFileCache(file);
  return (getAllTags(cache ?? {}) ?? []).some((tag) => tag.replace(/^#/, "").toLowerCase() === WAYPOINT_TAG);
}

/** The waypoint to check: the open note when it is one, else the one the active run waits at. */
export function activeWaypoint(app: App, runs: RunController): string | null {
  const file = app.workspace.getActiveFile();
  if (file && isWaypoint(app, file)) return file.path;
  return runs.snapshot()?.gate?.waypointPath || null;
}

function openFindings(reviews: readonly ReviewView[]): ReviewView["findings"][number]["finding"][] {
  return reviews.flatMap((review) => review.findings.map((item) => item.finding));
}

export function registerRunView(plugin: Plugin, setup: RunViewSetup): void {
  const { app } = plugin;
  const { runs, reviews } = setup;
  plugin.registerView(VIEW_TYPE_RUN, (leaf) => new RunView(leaf, setup));
  plugin.registerEditorExtension(findingsExtension());
  plugin.addCommand({ id: "open-run-view", name: "Open run view", callback: () => void activateRunView(app) });
  plugin.addRibbonIcon("list-checks", "Open run view", () => void activateRunView(app));
  plugin.addCommand({
    id: "check-with-role",
    name: "Check with role…",
    checkCallback: (checking) => {
      const waypoint = activeWaypoint(app, runs);
      if (waypoint === null) return false;
      if (!checking) openRolePicker(app, reviews, waypoint);
      return true;
    },
  });
  // Reviewers the engine runs after a step (auto mode) report through the run's events; the view and editors then reload.
  plugin.register(
    runs.onRunEvent((runPath, event) => {
      if (event.type !== "review") return;
      void runs.loadRun(runPath).then((loaded) => {
        const waypoint = loaded.ok ? loaded.value.waypointPaths.get(event.step) : undefined;
        if (waypoint) void reviews.publish(waypoint);
      });
    }),
  );
  // Editors showing a waypoint get its open findings whenever its reviews change, and again whenever it is opened.
  plugin.register(reviews.onChange((waypointPath, list) => pushFindings(app, waypointPath, openFindings(list))));
  plugin.registerEvent(
    app.workspace.on("file-open", (file) => {
      if (!file || !isWaypoint(app, file)) return;
      const path = file.path;
      void reviews.reviewsOf(path, true).then((list) => {
        if (app.workspace.getActiveViewOfType(MarkdownView)?.file?.path === path) pushFindings(app, path, openFindings(list));
      });
    }),
  );
}
