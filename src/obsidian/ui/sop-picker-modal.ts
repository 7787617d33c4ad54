// The fuzzy picker of SOP notes: title, step count, path and last run for each.
import { FuzzySuggestModal } from "obsidian";
import type { App, FuzzyMatch } from "obsidian";
import { describeSteps } from "../adapters/sop-catalog";
import type { SopListing } from "../adapters/sop-catalog";
import { describeLastRun } from "../adapters/last-runs";

export class SopPickerModal extends FuzzySuggestModal<SopListing> {
  constructor(
    app: App,
    private readonly listings: SopListing[],
    private readonly onPick: (listing: SopListing) => void,
    placeholder: string,
  ) {
    super(app);
    this.setPlaceholder(placeholder);
  }

  override getItems(): SopListing[] {
    return this.listings;
  }

  /** Matching on the path too lets the person narrow by folder. */
  override getItemText(listing: SopListing): string {
    return `${listing.title} ${listing.path}`;
  }

  override renderSuggestion(match: FuzzyMatch<SopListing>, el: HTMLElement): void {
    const listing = match.item;
    el.addClass("sop-runtime-picker-item");
    const line = el.createDiv({ cls: "sop-runtime-picker-line" });
    line.createSpan({ cls: "sop-runtime-picker-title", text: listing.title });
    line.createSpan({
      cls: listing.stepCount === null ? "sop-runtime-picker-steps is-missing" : "sop-runtime-picker-steps",
      text: describeSteps(listing),
    });
    el.createDiv({ cls: "sop-runtime-picker-path", text: listing.path });
    el.createDiv({ cls: "sop-runtime-picker-last-run", text: describeLastRun(listing.lastRun) });
  }

  override onChooseItem(listing: SopListing): void {
    this.onPick(listing);
  }
}
