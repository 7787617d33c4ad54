/** @jest-environment jsdom */
// The settings tab as a person sees and uses it, both on Obsidian 1.13+ (declarative) and older apps (display()).
import type { App as ObsidianApp, Plugin as ObsidianPlugin, SettingDefinitionGroup } from "obsidian";
import { App, DropdownComponent, Plugin, TextComponent, ToggleComponent } from "obsidian-test-mocks/obsidian";
import { DEFAULT_SETTINGS } from "../../../src/obsidian/settings";
import type { SopRuntimeSettings } from "../../../src/obsidian/settings";
import { SopRuntimeSettingTab } from "../../../src/obsidian/ui/settings-tab";
import type { SettingsHost } from "../../../src/obsidian/ui/settings-tab";
import { createMockApp } from "../../support/obsidian-mock-app";
import { captureRows, rowNamed } from "../../support/obsidian-settings-rows";
import type { RenderedRow } from "../../support/obsidian-settings-rows";

class RecordingHost implements SettingsHost {
  settings: SopRuntimeSettings = { ...DEFAULT_SETTINGS };
  saved: SopRuntimeSettings[] = [];
  saveSettings(): Promise<void> {
    this.saved.push({ ...this.settings });
    return Promise.resolve();
  }
}

/** Any plugin will do as the tab's owner: the tab reads and writes through the host. */
class OwnerPlugin extends Plugin {}

function makeTab(): { tab: SopRuntimeSettingTab; host: RecordingHost } {
  const app: ObsidianApp = createMockApp();
  const manifest = { id: "sop-runtime", name: "SOP Runtime", version: "0.1.0", minAppVersion: "1.11.4", author: "", description: "" };
  const plugin = new OwnerPlugin(App.fromOriginalType__(app), manifest);
  const host = new RecordingHost();
  return { tab: new SopRuntimeSettingTab(app, plugin as unknown as ObsidianPlugin, host), host };
}

const renderers: [string, (tab: SopRuntimeSettingTab) => void][] = [
  ["display() on older apps", (tab) => tab.display()],
  [
    "declarative definitions on 1.13+",
    (tab) => {
      tab.update();
      (tab as unknown as { renderTab__(): void }).renderTab__();
    },
  ],
];

function textOf(row: RenderedRow): TextComponent {
  const component = row.setting.components[0];
  if (!(component instanceof TextComponent)) throw new Error(`"${row.name}" has no text field`);
  return component;
}

describe.each(renderers)("settings tab via %s", (_label, render) => {
  it("shows every option in sentence case, with a Runs heading and no heading naming the plugin", () => {
    const { tab } = makeTab();
    const rows = captureRows(() => render(tab));
    const names = rows.filter((row) => !row.heading).map((row) => row.name);
    expect(names).toEqual(["SOP tag", "Role tag", "Runs folder", "Default mode", "Open a run's notes in", "Link runs into project notes"]);
    const headings = rows.filter((row) => row.heading).map((row) => row.name);
    if (headings.length > 0) expect(headings).toEqual(["Runs"]);
    for (const row of rows) {
      expect(row.name).not.toMatch(/settings|SOP Runtime/i);
      expect(row.name).not.toMatch(/\s[A-Z][a-z]/);
    }
  });

  it("starts each field at the current value", () => {
    const { tab } = makeTab();
    const rows = captureRows(() => render(tab));
    expect(textOf(rowNamed(rows, "SOP tag")).getValue()).toBe("sop");
    expect(textOf(rowNamed(rows, "Role tag")).getValue()).toBe("sop-role");
    expect(textOf(rowNamed(rows, "Runs folder")).getValue()).toBe("SOP runs");
    expect((rowNamed(rows, "Default mode").setting.components[0] as DropdownComponent).getValue()).toBe("step");
    expect((rowNamed(rows, "Link runs into project notes").setting.components[0] as ToggleComponent).getValue()).toBe(true);
  });

  it("saves a valid tag, without its #", () => {
    const { tab, host } = makeTab();
    const rows = captureRows(() => render(tab));
    textOf(rowNamed(rows, "SOP tag")).setValue("#procedure");
    expect(host.settings.sopTag).toBe("procedure");
    expect(host.saved.at(-1)?.sopTag).toBe("procedure");
  });

  it("keeps the previous tag when the field is emptied, and says so under the field", () => {
    const { tab, host } = makeTab();
    const rows = captureRows(() => render(tab));
    const row = rowNamed(rows, "SOP tag");
    textOf(row).setValue("");
    expect(host.settings.sopTag).toBe("sop");
    expect(host.saved).toEqual([]);
    expect(row.setting.descEl.querySelector(".sop-runtime-setting-error")?.textContent).toBe(
      'The SOP tag cannot be empty. Keeping "sop".',
    );
    textOf(row).setValue("ops");
    expect(row.setting.descEl.querySelector(".sop-runtime-setting-error")?.textContent).toBe("");
    expect(host.settings.sopTag).toBe("ops");
  });

  it("refuses a role tag with a space and a runs folder with a reserved character", () => {
    const { tab, host } = makeTab();
    const rows = captureRows(() => render(tab));
    textOf(rowNamed(rows, "Role tag")).setValue("fact checker");
    textOf(rowNamed(rows, "Runs folder")).setValue("Runs: 2026");
    expect(host.settings.roleTag).toBe("sop-role");
    expect(host.settings.runsFolder).toBe("SOP runs");
    expect(rowNamed(rows, "Runs folder").setting.descEl.textContent).toContain('Keeping "SOP runs".');
  });

  it("saves the runs folder normalized", () => {
    const { tab, host } = makeTab();
    const rows = captureRows(() => render(tab));
    textOf(rowNamed(rows, "Runs folder")).setValue("Work//Runs/");
    expect(host.settings.runsFolder).toBe("Work/Runs");
  });

  it("switches the default mode and the project-link toggle", () => {
    const { tab, host } = makeTab();
    const rows = captureRows(() => render(tab));
    const dropdown = rowNamed(rows, "Default mode").setting.components[0] as DropdownComponent;
    dropdown.selectEl.value = "auto";
    dropdown.simulateChange__();
    (rowNamed(rows, "Link runs into project notes").setting.components[0] as ToggleComponent).onClick();
    expect(host.settings.defaultMode).toBe("auto");
    expect(host.settings.linkRunsIntoProjects).toBe(false);
    expect(host.saved.at(-1)).toEqual({ ...DEFAULT_SETTINGS, defaultMode: "auto", linkRunsIntoProjects: false });
  });
});

it("groups the declarative definitions so that only the second group has a heading", () => {
  const { tab } = makeTab();
  const groups = tab.getSettingDefinitions() as SettingDefinitionGroup[];
  expect(groups.map((group) => group.heading)).toEqual([undefined, "Runs"]);
  expect(groups.map((group) => group.items?.length)).toEqual([2, 4]);
});
