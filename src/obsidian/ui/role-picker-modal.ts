// "Check with role…": a fuzzy picker of role notes; the chosen role, or every role at once, reviews the waypoint.
import { FuzzySuggestModal } from "obsidian";
import type { App, FuzzyMatch, TFile } from "obsidian";
import { progressNotice } from "./progress-notice";
import type { ReviewController } from "../controllers/review-controller";
import { noteName } from "../../core/notes/names";

/** One line of the picker: a single role, or all of them run in parallel. */
export interface RoleChoice {
  label: string;
  detail: string;
  roles: TFile[];
}

export function roleChoices(roles: TFile[]): RoleChoice[] {
  const single = roles.map((role) => ({ label: role.basename, detail: role.path, roles: [role] }));
  if (roles.length < 2) return single;
  return [{ label: `Every role (${roles.length})`, detail: roles.map((role) => role.basename).join(", "), roles }, ...single];
}

export class RolePickerModal extends FuzzySuggestModal<RoleChoice> {
  private readonly choices: RoleChoice[];

  constructor(
    app: App,
    roles: TFile[],
    private readonly onPick: (roles: TFile[]) => void,
    placeholder: string,
  ) {
    super(app);
    this.choices = roleChoices(roles);
    this.setPlaceholder(placeholder);
    this.emptyStateText = "No role note matches.";
  }

  override getItems(): RoleChoice[] {
    return this.choices;
  }

  override getItemText(choice: RoleChoice): string {
    return `${choice.label} ${choice.detail}`;
  }

  override renderSuggestion(match: FuzzyMatch<RoleChoice>, el: HTMLElement): void {
    el.addClass("sop-runtime-picker-item");
    el.createDiv({ cls: "sop-runtime-picker-title", text: match.item.label });
    el.createDiv({ cls: "sop-runtime-picker-path", text: match.item.detail });
  }

  override onChooseItem(choice: RoleChoice): void {
    this.onPick(choice.roles);
  }
}

/** Picks a role note (or every one) and runs it as a reviewer of the waypoint; several checks may run at once. */
export function openRolePicker(app: App, reviews: ReviewController, waypointPath: string): void {
  const roles = reviews.roleNotes();
  if (roles.length === 0) {
    reviews.notifyNoRoles();
    return;
  }
  const check = (names: string[]): void => {
    const controller = new AbortController();
    const progress = progressNotice(`Checking "${noteName(waypointPath)}" with ${names.join(", ")}…`, "Cancel", () => controller.abort());
    void reviews.check(waypointPath, names, controller.signal).finally(() => progress.close());
  };
  new RolePickerModal(app, roles, (picked) => check(picked.map((role) => role.basename)), `Pick a role to check "${noteName(waypointPath)}"`).open();
}
