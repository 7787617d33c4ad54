// A small icon button as the core panes draw them: a Lucide icon, a tooltip and an aria-label, reachable by Tab.
import { setIcon, setTooltip } from "obsidian";

export function iconButton(parent: HTMLElement, icon: string, label: string, cls: string): HTMLButtonElement {
  const button = parent.createEl("button", { cls: ["clickable-icon", cls], attr: { "aria-label": label, type: "button" } });
  setIcon(button, icon);
  setTooltip(button, label);
  return button;
}

/** A text button with a leading icon (the primary action). */
export function labelledButton(parent: HTMLElement, icon: string, label: string, cls: string[]): HTMLButtonElement {
  const button = parent.createEl("button", { cls, attr: { type: "button" } });
  setButtonContent(button, icon, label);
  return button;
}

/** The label's first word always shows; the rest gives way in narrow sidebars (CSS), so the button never wraps or truncates mid-word. */
export function setButtonContent(button: HTMLButtonElement, icon: string, label: string): void {
  button.empty();
  setIcon(button.createSpan({ cls: "sop-run-view-button-icon" }), icon);
  const text = button.createSpan({ cls: "sop-run-view-button-label" });
  const space = label.indexOf(" ");
  text.appendText(space < 0 ? label : label.slice(0, space));
  if (space >= 0) text.createSpan({ cls: "sop-run-view-button-label-rest", text: label.slice(space) });
  button.setAttr("aria-label", label);
}
