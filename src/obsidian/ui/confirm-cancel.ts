// Cancelling a run ends it for good, so the view and the palette ask first; a step being written is stopped and its text kept.
import type { App } from "obsidian";
import type { RunController } from "../controllers/run-controller";
import { ConfirmModal } from "./confirm-modal";

function nameOf(path: string): string {
  return (path.split("/").pop() ?? path).replace(/\.md$/, "");
}

export function confirmCancel(app: App, runs: RunController, runPath: string): ConfirmModal {
  const modal = new ConfirmModal(app, {
    title: "Cancel this run?",
    lines: [`"${nameOf(runPath)}" stops for good: no step runs again, and its notes stay as they are.`, "To stop only the step being written, use Stop generating."],
    confirmText: "Cancel run",
    dismissText: "Keep the run",
    warning: true,
    onConfirm: () => void runs.cancel(runPath),
  });
  modal.open();
  return modal;
}
