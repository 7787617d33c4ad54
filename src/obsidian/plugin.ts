// The plugin's lifecycle: registration only; everything heavier waits for the layout to be ready.
import { Plugin } from "obsidian";

export default class SopRuntimePlugin extends Plugin {
  override onload(): void {
    this.app.workspace.onLayoutReady(() => undefined);
  }
}
