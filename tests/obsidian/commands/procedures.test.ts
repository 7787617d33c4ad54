/** @jest-environment jsdom */
// The plugin side of typed inputs and recurring SOPs: the inputs modal before a run, the Due SOPs check and its status bar count.
import type { App as ObsidianApp } from "obsidian";
import { Workspace } from "obsidian-test-mocks/obsidian";
import SopRuntimePlugin from "../../../src/obsidian/plugin";
import { ProjectPickerModal } from "../../../src/obsidian/ui/note-picker-modal";
import { SopPickerModal } from "../../../src/obsidian/ui/sop-picker-modal";
import { TextPromptModal } from "../../../src/obsidian/ui/text-prompt-modal";
import { InputsModal } from "../../../src/obsidian/ui/inputs-modal";
import { FakeModelLayer } from "../../support/fake-model-layer";
import { exampleVaultFiles } from "../../support/example-vault-files";
import { createMockApp } from "../../support/obsidian-mock-app";
import { until } from "../../support/until";
import { pluginManifest } from "../../support/manifest";
import { mockOf } from "../../support/plugin-harness";

const WEEKLY = "SOPs/Weekly on-call handover.md";

const opened: unknown[] = [];
beforeEach(() => {
  opened.length = 0;
  for (const type of [SopPickerModal, ProjectPickerModal, TextPromptModal, InputsModal]) {
    jest.spyOn(type.prototype, "open").mockImplementation(function (this: unknown) {
      opened.push(this);
    });
  }
});
afterEach(() => jest.restoreAllMocks());

function lastOpened<T>(type: abstract new (...args: never[]) => T): Promise<T> {
  return until(() => [...opened].reverse().find((m): m is T => m instanceof type), type.name);
}

async function load(app: ObsidianApp, layoutReady = true) {
  const plugin = new SopRuntimePlugin(app, pluginManifest);
  const layer = new FakeModelLayer(() => "Done.");
  plugin.modelLayer = layer;
  mockOf(plugin).data__ = { provider: "ollama", baseUrl: "http://localhost:11434/v1", defaultModel: "llama3.2" };
  const notices: string[] = [];
  jest.spyOn(plugin, "notify").mockImplementation((message) => void notices.push(typeof message === "string" ? message : (message.textContent ?? "")));
  await plugin.onload();
  if (layoutReady) (app.workspace as unknown as Workspace).setLayoutReady__();
  return { app, plugin, layer, notices };
}

function dueBar(plugin: SopRuntimePlugin): HTMLElement {
  return mockOf(plugin).statusBarItems__[1];
}

async function startWeekly(h: Awaited<ReturnType<typeof load>>): Promise<InputsModal> {
  const command = mockOf(h.plugin).commands__.get("run-sop");
  void command?.callback?.();
  const picker = await lastOpened(SopPickerModal);
  picker.onChooseItem(picker.getItems().find((l) => l.path === WEEKLY)!);
  (await lastOpened(ProjectPickerModal)).onChooseItem(null);
  (await lastOpened(TextPromptModal)).submit();
  return lastOpened(InputsModal);
}

describe("the inputs modal", () => {
  it("asks for the SOP's inputs with defaults filled, refuses a bad value with one line, and records the inputs on the run", async () => {
    const h = await load(createMockApp(exampleVaultFiles()));
    const modal = await startWeekly(h);
    expect(modal.current()).toEqual({ service: "identity platform", severity: "none", customer_impact: "false" });
    const fields = [...modal.contentEl.querySelectorAll(".sop-runtime-input-field")].map((el) => (el as HTMLElement).dataset.input);
    expect(fields).toEqual(["service", "severity", "incident", "customer_impact", "week_ending"]);

    modal.set("incident", "No such note");
    modal.submit();
    expect(modal.contentEl.querySelector(".sop-runtime-setting-error")?.textContent).toBe('Invalid input "incident" must be the name of a note in the vault; there is no note "No such note".');
    expect(h.plugin.runs?.activeRun()).toBeNull();

    modal.set("incident", "2026-11-30 login outage");
    modal.set("severity", "high");
    modal.submit();
    await until(() => h.plugin.runs?.snapshot()?.status === "awaiting-review" && !h.plugin.runs.isAdvancing(), "the first gate");
    const runPath = h.plugin.runs!.activeRun()!;
    const text = await h.app.vault.read(h.app.vault.getFileByPath(runPath)!);
    expect(text).toContain("input_service: identity platform");
    expect(text).toContain("input_severity: high");
    expect(text).toContain('input_incident: "[[2026-11-30 login outage]]"');
    expect(h.layer.model.requests[0].messages.map((m) => m.content).join("\n")).toContain("Summarise the week of the identity platform");
  });
});

describe("Due SOPs", () => {
  it("checks after the layout is ready, not in onload, and counts the due SOPs in the status bar", async () => {
    const app = createMockApp(exampleVaultFiles());
    const h = await load(app, false);
    expect(dueBar(h.plugin).textContent).toBe("");
    (app.workspace as unknown as Workspace).setLayoutReady__();
    await until(() => dueBar(h.plugin).textContent === "1 SOP due", "the due count");
    expect(h.plugin.due?.result().due.map((d) => d.path)).toEqual([WEEKLY]);
  });
});
