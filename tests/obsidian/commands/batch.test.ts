/** @jest-environment jsdom */
// A batch from the command palette: pick an SOP, name a tag, confirm with the count and estimate, watch progress, cancel.
import type { App as ObsidianApp, Command } from "obsidian";
import { Plugin, Workspace } from "obsidian-test-mocks/obsidian";
import type { ModelRequest } from "../../../src/core/ports";
import SopRuntimePlugin from "../../../src/obsidian/plugin";
import { parseSelector } from "../../../src/obsidian/commands/batch";
import { ConfirmModal } from "../../../src/obsidian/ui/confirm-modal";
import { SopPickerModal } from "../../../src/obsidian/ui/sop-picker-modal";
import { TextPromptModal } from "../../../src/obsidian/ui/text-prompt-modal";
import { FakeModelLayer } from "../../support/fake-model-layer";
import { EXAMPLE_SOP, exampleVaultFiles } from "../../support/example-vault-files";
import { createMockApp } from "../../support/obsidian-mock-app";
import { stepOf } from "../../support/scripted-model";
import { until } from "../../support/until";
import { pluginManifest } from "../../support/manifest";

const CLIENTS = ["Clients/Acme.md", "Clients/Globex.md", "Clients/Initech.md"];

const opened: unknown[] = [];
beforeEach(() => {
  opened.length = 0;
  for (const type of [SopPickerModal, TextPromptModal, ConfirmModal]) {
    jest.spyOn(type.prototype, "open").mockImplementation(function (this: unknown) {
      opened.push(this);
    });
  }
});
afterEach(() => jest.restoreAllMocks());

function lastOpened<T>(type: abstract new (...args: never[]) => T): Promise<T> {
  return until(() => [...opened].reverse().find((m): m is T => m instanceof type), type.name);
}

async function load(answer: (request: ModelRequest, call: number) => string) {
  const files = exampleVaultFiles();
  for (const path of CLIENTS) files[path] = `---\ntags: [client]\n---\n# ${path.slice(8, -3)}\n\nA client guide.\n`;
  const app: ObsidianApp = createMockApp(files);
  const plugin = new SopRuntimePlugin(app, pluginManifest);
  plugin.modelLayer = new FakeModelLayer(answer);
  const mock = plugin as unknown as Plugin;
  mock.data__ = { provider: "ollama", baseUrl: "http://localhost:11434/v1", defaultModel: "llama3.2" };
  const notices: string[] = [];
  jest.spyOn(plugin, "notify").mockImplementation((message) => void notices.push(typeof message === "string" ? message : (message.textContent ?? "")));
  await plugin.onload();
  (app.workspace as unknown as Workspace).setLayoutReady__();
  const progress: string[] = [];
  const command = (id: string): Command => mock.commands__.get(id) as Command;
  return { app, plugin, notices, progress, command };
}

it("reads a leading # as a tag and anything else as a folder", () => {
  expect(parseSelector(" #client ")).toEqual({ tag: "client" });
  expect(parseSelector("Clients/")).toEqual({ folder: "Clients" });
});

it("runs the SOP on every tagged note after a confirmation that says how many runs and what they may cost", async () => {
  const h = await load((request, call) => (request.responseFormat === "json" ? '{"findings": []}' : `Step ${stepOf(request)} for call ${call + 1}.`));
  expect(h.command("run-sop-batch").hotkeys).toBeUndefined();
  expect(h.command("cancel-batch").checkCallback?.(true)).toBe(false);
  await h.command("run-sop-batch").callback?.();
  const picker = await lastOpened(SopPickerModal);
  picker.onChooseItem(picker.getItems().find((l) => l.path === EXAMPLE_SOP)!);
  const which = await lastOpened(TextPromptModal);
  which.textArea.value = "#client";
  which.submit();

  const confirm = await lastOpened(ConfirmModal);
  const text = confirm.contentEl.textContent ?? "";
  expect(text).toContain("3 runs, 2 at a time");
  expect(text).toMatch(/Estimate: about [\d,]+ prompt tokens/);
  const start = [...confirm.contentEl.querySelectorAll("button")].find((b) => b.textContent === "Start 3 runs");
  start!.click();

  const summary = await until(() => h.notices.find((n) => n.startsWith("Batch ")), "the batch summary");
  expect(summary).toBe("Batch done: 3 of 3 done. The batch note lists every run.");
  for (const client of CLIENTS) {
    const note = await h.app.vault.read(h.app.vault.getFileByPath(client)!);
    expect(note).toContain("## SOP runs");
  }
  const runs = await h.plugin.runs!.engine().listRuns();
  expect(runs.ok && runs.value.filter((r) => r.status === "done")).toHaveLength(3);
});

it("says so when no note carries the tag, and starts nothing", async () => {
  const h = await load(() => "unused");
  await h.command("run-sop-batch").callback?.();
  const picker = await lastOpened(SopPickerModal);
  picker.onChooseItem(picker.getItems().find((l) => l.path === EXAMPLE_SOP)!);
  const which = await lastOpened(TextPromptModal);
  which.textArea.value = "#nobody";
  which.submit();
  await until(() => h.notices.length > 0, "a notice");
  expect(h.notices).toEqual(["No note carries #nobody, so there is nothing to run."]);
  expect(opened.some((m) => m instanceof ConfirmModal)).toBe(false);
});
