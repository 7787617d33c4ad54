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

export function setButtonContent(button: HTMLButtonElement, icon: string, label: string): void {
  button.empty();
  setIcon(button.createSpan({ cls: "sop-run-view-button-icon" }), icon);
  button.createSpan({ cls: "sop-run-view-button-label", text: label });
  button.setAttr("aria-label", label);
}
