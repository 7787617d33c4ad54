// What a person does in the host page, as Playwright actions: palette, pickers, text prompts, reading notes back.
import { expect } from "./checks.mjs";

export class HostUi {
  constructor(page) {
    this.page = page;
  }

  /** Command names (without the plugin prefix) the palette lists right now. */
  async paletteCommands() {
    await this.page.click(".host-open-palette");
    const names = await this.page.locator(".host-palette .suggestion-title").allTextContents();
    await this.page.keyboard.press("Escape");
    await this.page.locator(".host-palette").waitFor({ state: "detached" });
    return names;
  }

  /** Opens the palette, types the command's name and clicks it (fails if the palette does not offer it). */
  async runCommand(name) {
    await this.page.click(".host-open-palette");
    await this.page.fill(".host-palette .prompt-input", name);
    const item = this.page.locator(".host-palette .suggestion-item", { has: this.page.locator(".suggestion-title", { hasText: name }) });
    const count = await item.count();
    if (count === 0) {
      const offered = await this.page.locator(".host-palette .suggestion-title").allTextContents();
      await this.page.keyboard.press("Escape");
      expect(false, `The palette should offer "${name}", but offered ${JSON.stringify(offered)}`);
    }
    await item.first().click();
  }

  /** The open modal (the topmost one). */
  modal() {
    return this.page.locator(".modal-container:not(.host-palette) .modal").last();
  }

  /** In an open picker: types a query and clicks the suggestion that shows `text`. */
  async pick(text, query = "") {
    const modal = this.modal();
    await modal.locator(".prompt-input").waitFor();
    if (query) await modal.locator(".prompt-input").fill(query);
    const item = modal.locator(".suggestion-item", { hasText: text });
    await item.first().waitFor({ timeout: 5000 });
    await item.first().click();
  }

  /** In an open text prompt with `title`: types the text and presses the button named `submit`. */
  async answer(title, text, submit) {
    const modal = this.modal();
    await modal.locator(".modal-title", { hasText: title }).waitFor({ timeout: 5000 });
    await modal.locator("textarea").fill(text);
    await modal.locator("button", { hasText: submit }).click();
  }

  async statusBar() {
    return (await this.page.locator(".status-bar-item.sop-runtime-status").textContent()) ?? "";
  }

  /** The note shown in the center pane: its path and the editor's text. */
  async openNote() {
    return {
      path: (await this.page.locator(".host-note-title").getAttribute("data-path")) ?? "",
      text: (await this.page.locator(".host-root-leaf.mod-active .host-editor .cm-line").allTextContents()).join("\n"),
    };
  }

  /** The run view in the right sidebar. */
  runView() {
    return this.page.locator('.mod-right-split .workspace-leaf-content[data-type="sop-run-view"]');
  }

  /** An action button of the run view, by its name (the aria-label that icon buttons carry and text buttons repeat). */
  gateButton(name) {
    return this.runView().locator(`.sop-run-view-gate button[aria-label="${name}"]`);
  }

  /** Opens the run view's ⋯ menu and clicks its entry `title`. */
  async menu(title) {
    await this.runView().locator('button[aria-label="More actions"]').click();
    const item = this.page.locator(".menu .menu-item", { hasText: title });
    await item.waitFor();
    await item.click();
  }

  /** Clicks a gate button once it is enabled (it is greyed while the run works). */
  async clickGate(name) {
    const button = this.gateButton(name);
    await this.until(() => button.isEnabled(), `"${name}" to be enabled in the run view`);
    await button.click();
  }

  async text(locator) {
    return ((await locator.textContent()) ?? "").replace(/\s+/g, " ").trim();
  }

  readNote(path) {
    return this.page.evaluate((p) => window.sopHost.readNote(p), path);
  }

  notePaths() {
    return this.page.evaluate(() => window.sopHost.notePaths());
  }

  notices() {
    return this.page.evaluate(() => [...window.sopHost.notices]);
  }

  /** Clicks the header's theme button until the body carries `theme-<name>`. */
  async theme(name) {
    for (let i = 0; i < 2 && !(await this.page.evaluate((n) => document.body.classList.contains(`theme-${n}`), name)); i++) {
      await this.page.click(".host-toggle-theme");
    }
  }

  /** Polls `read` until it returns something truthy. */
  async until(read, what, timeoutMs = 15000) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = await read();
      if (value) return value;
      if (Date.now() > deadline) expect(false, `Timed out after ${timeoutMs} ms waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 40));
    }
  }
}
