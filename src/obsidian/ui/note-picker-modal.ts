// The project picker: any Markdown note of the vault, with "No project" first.
import { FuzzySuggestModal } from "obsidian";
import type { App, FuzzyMatch, TFile } from "obsidian";

/** null stands for "No project". */
export type ProjectChoice = TFile | null;

export class ProjectPickerModal extends FuzzySuggestModal<ProjectChoice> {
  private readonly notes: TFile[];

  constructor(
    app: App,
    private readonly onPick: (project: ProjectChoice) => void,
    /** Notes that cannot be the project (the SOP itself, run notes). */
    exclude: (file: TFile) => boolean = () => false,
  ) {
    super(app);
    this.setPlaceholder("Pick the project note this run is for");
    this.notes = app.vault
      .getMarkdownFiles()
      .filter((file) => !exclude(file))
      .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  }

  override getItems(): ProjectChoice[] {
    return [null, ...this.notes];
  }

  override getItemText(item: ProjectChoice): string {
    return item === null ? "No project" : item.path;
  }

  override renderSuggestion(match: FuzzyMatch<ProjectChoice>, el: HTMLElement): void {
    const item = match.item;
    el.addClass("sop-runtime-picker-item");
    el.createDiv({ cls: "sop-runtime-picker-title", text: item === null ? "No project" : item.basename });
    el.createDiv({ cls: "sop-runtime-picker-path", text: item === null ? "The run uses only the SOP and your cue." : item.path });
  }

  override onChooseItem(item: ProjectChoice): void {
    this.onPick(item);
  }
}
