/** @jest-environment jsdom */
// Startup: runs left `running` by a closed app are offered back in a notice once the layout is ready, never during onload.
import type { App as ObsidianApp } from "obsidian";
import { Workspace } from "obsidian-test-mocks/obsidian";
import SopRuntimePlugin from "../../../src/obsidian/plugin";
import { createMockApp } from "../../support/obsidian-mock-app";
import { pluginManifest } from "../../support/manifest";


function runNote(status: string, tags = "[sop-run]"): string {
  return `---\nsop: "[[Drafting internal product docs]]"\nrun_status: ${status}\ncurrent_step: 2\nsteps_total: 5\ntags: ${tags}\n---\n# Drafting internal product docs — Identity platform guide\n`;
}

const INTERRUPTED = "SOP runs/2026-11-24 Drafting — Identity/2026-11-24 Drafting — Identity.md";

async function start(files: Record<string, string>): Promise<{ app: ObsidianApp; notices: { message: string | DocumentFragment; duration?: number }[] }> {
  const app = createMockApp(files);
  const plugin = new SopRuntimePlugin(app, pluginManifest);
  const notices: { message: string | DocumentFragment; duration?: number }[] = [];
  jest.spyOn(plugin, "notify").mockImplementation((message, duration) => {
    notices.push({ message, duration });
  });
  await plugin.onload();
  expect(notices).toEqual([]);
  (app.workspace as unknown as Workspace).setLayoutReady__();
  return { app, notices };
}

it("offers the one interrupted run, with buttons that resume it and open its note", async () => {
  const { app, notices } = await start({
    [INTERRUPTED]: runNote("running"),
    "SOP runs/2026-11-20 Release — API/2026-11-20 Release — API.md": runNote("done"),
    "SOP runs/2026-11-21 Release — CLI/2026-11-21 Release — CLI.md": runNote("awaiting-review"),
    "Notes/Job tracker.md": runNote("running", "[jobs]"),
  });
  expect(notices).toHaveLength(1);
  const fragment = notices[0].message as DocumentFragment;
  expect(notices[0].duration).toBe(0);
  expect(fragment.textContent).toContain(
    'The run "2026-11-24 Drafting — Identity" stopped mid-step when Obsidian closed. Resume it, or open its note first.',
  );
  const buttons = [...fragment.querySelectorAll("button")];
  expect(buttons.map((button) => button.textContent)).toEqual(["Resume", "Open run note"]);
  buttons[1].click();
  await new Promise((resolve) => setTimeout(resolve, 0));
  expect(app.workspace.getActiveFile()?.path).toBe(INTERRUPTED);
});

it("names several interrupted runs with a button each", async () => {
  const { notices } = await start({
    "SOP runs/A/A.md": runNote("running"),
    "SOP runs/B/B.md": runNote("running"),
  });
  const fragment = notices[0].message as DocumentFragment;
  expect(fragment.textContent).toContain("2 runs stopped mid-step when Obsidian closed.");
  expect([...fragment.querySelectorAll(".sop-runtime-notice-run")].map((row) => row.textContent)).toEqual(["AResumeOpen", "BResumeOpen"]);
});

it("says nothing when no run was interrupted", async () => {
  const { notices } = await start({ "SOP runs/Done/Done.md": runNote("done") });
  expect(notices).toEqual([]);
});
