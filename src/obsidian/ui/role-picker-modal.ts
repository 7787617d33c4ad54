// "Check with role…": a fuzzy picker of role notes; the chosen role reviews the waypoint.
import { FuzzySuggestModal } from "obsidian";
import type { App, FuzzyMatch, TFile } from "obsidian";

export class RolePickerModal extends FuzzySuggestModal<TFile> {
  constructor(
    app: App,
    private readonly roles: TFile[],
    private readonly onPick: (role: TFile) => void,
    placeholder: string,
  ) {
    super(app);
    this.setPlaceholder(placeholder);
    this.emptyStateText = "No role note matches.";
  }

  override getItems(): TFile[] {
    return this.roles;
  }

  override getItemText(role: TFile): string {
    return `${role.basename} ${role.path}`;
  }

  override renderSuggestion(match: FuzzyMatch<TFile>, el: HTMLElement): void {
    el.addClass("sop-runtime-picker-item");
    el.createDiv({ cls: "sop-runtime-picker-title", text: match.item.basename });
    el.createDiv({ cls: "sop-runtime-picker-path", text: match.item.path });
  }

  override onChooseItem(role: TFile): void {
    this.onPick(role);
  }
}
