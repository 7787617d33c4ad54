// The settings tab: what the person can change, laid out per the Obsidian guidelines (sentence case, headings).
import { PluginSettingTab, Setting } from "obsidian";
import type { App, Plugin, SettingDefinitionItem } from "obsidian";
import { modelRows } from "./model-settings";
import type { ModelSettingsHost, SettingRow } from "./model-settings";
import { isOpenNotesIn, isRunMode, validateRunsFolder, validateTag } from "../settings";
import type { SopRuntimeSettings, Validation } from "../settings";

/** What the tab needs from the plugin: the live settings, a way to persist them, and (optionally) the model layer. */
export interface SettingsHost extends ModelSettingsHost {
  settings: SopRuntimeSettings;
  saveSettings(): Promise<void>;
}

interface SettingSection {
  heading?: string;
  rows: SettingRow[];
}

type TextKey = "sopTag" | "roleTag" | "runsFolder";

export class SopRuntimeSettingTab extends PluginSettingTab {
  constructor(
    app: App,
    plugin: Plugin,
    private readonly host: SettingsHost,
  ) {
    super(app, plugin);
  }

  override getSettingDefinitions(): SettingDefinitionItem[] {
    return this.sections().map((section) => ({
      type: "group",
      heading: section.heading,
      items: section.rows.map((row) => ({ name: row.name, desc: row.desc, render: (setting: Setting) => row.build(setting) })),
    }));
  }

  /** For Obsidian before 1.13, which has no declarative settings. */
  override display(): void {
    const { containerEl } = this;
    containerEl.empty();
    for (const section of this.sections()) {
      if (section.heading) new Setting(containerEl).setName(section.heading).setHeading();
      for (const row of section.rows) row.build(new Setting(containerEl).setName(row.name).setDesc(row.desc));
    }
  }

  private sections(): SettingSection[] {
    const model = modelRows(this.app, this.host);
    return [
      {
        rows: [
          this.textRow("SOP tag", "Notes with this tag are SOPs. Nested tags such as sop/ops count too.", "sopTag", (input) =>
            validateTag(input, "SOP tag"),
          ),
          this.textRow("Role tag", "Notes with this tag are role notes, such as a drafter or an editor.", "roleTag", (input) =>
            validateTag(input, "role tag"),
          ),
        ],
      },
      ...(model.length > 0 ? [{ heading: "Model", rows: model }] : []),
      {
        heading: "Runs",
        rows: [
          this.textRow("Runs folder", "Each run gets its own folder inside this one.", "runsFolder", validateRunsFolder),
          {
            name: "Default mode",
            desc: "Step by step stops for your review after every step; automatic stops only where a step asks for review.",
            build: (setting) => {
              setting.addDropdown((dropdown) =>
                dropdown
                  .addOption("step", "Step by step")
                  .addOption("auto", "Automatic")
                  .setValue(this.host.settings.defaultMode)
                  .onChange(async (value) => {
                    if (!isRunMode(value)) return;
                    this.host.settings.defaultMode = value;
                    await this.host.saveSettings();
                  }),
              );
            },
          },
          {
            name: "Open a run's notes in",
            desc: "A step's note never replaces the note you are reading: it opens in a tab already showing it, else in the run's own tab or a new tab.",
            build: (setting) => {
              setting.addDropdown((dropdown) =>
                dropdown
                  .addOption("run-tab", "The run's tab")
                  .addOption("new-tab", "A new tab each time")
                  .setValue(this.host.settings.openNotesIn)
                  .onChange(async (value) => {
                    if (!isOpenNotesIn(value)) return;
                    this.host.settings.openNotesIn = value;
                    await this.host.saveSettings();
                  }),
              );
            },
          },
          {
            name: "Link runs into project notes",
            desc: "Adds a link to each run under a heading in its project note.",
            build: (setting) => {
              setting.addToggle((toggle) =>
                toggle.setValue(this.host.settings.linkRunsIntoProjects).onChange(async (value) => {
                  this.host.settings.linkRunsIntoProjects = value;
                  await this.host.saveSettings();
                }),
              );
            },
          },
        ],
      },
    ];
  }

  /** A text field that saves only valid input; on invalid input it keeps the previous value and says so under the field. */
  private textRow(name: string, desc: string, key: TextKey, validate: (input: string) => Validation<string>): SettingRow {
    return {
      name,
      desc,
      build: (setting) => {
        const messageEl = setting.descEl.createDiv({ cls: "sop-runtime-setting-error" });
        setting.addText((text) =>
          text.setValue(this.host.settings[key]).onChange(async (input) => {
            const result = validate(input);
            if (!result.ok) {
              messageEl.setText(`${result.message} Keeping "${this.host.settings[key]}".`);
              return;
            }
            messageEl.setText("");
            if (result.value === this.host.settings[key]) return;
            this.host.settings[key] = result.value;
            await this.host.saveSettings();
          }),
        );
      },
    };
  }
}
