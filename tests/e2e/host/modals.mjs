// Makes the mocks' modals real: attached to the page while open (the mocks close them at once), suggestions rendered and clickable.
import { FuzzySuggestModal, Modal, SuggestModal } from "obsidian-test-mocks/obsidian";

/** Every modal open right now, oldest first (the runner reads titles from the DOM, this is for Escape). */
const openModals = [];
/** Per suggest modal: the values shown now. WeakMaps, because the mocks' strict proxies throw on unknown properties. */
const shownValues = new WeakMap();
const wired = new WeakSet();
/** Where keyboard focus was when each modal opened. */
const focusBefore = new WeakMap();

export function installModals() {
  Modal.prototype.open = function open() {
    if (openModals.includes(this)) return;
    const container = this.containerEl;
    container.addClass("modal-container");
    if (!container.querySelector(":scope > .modal-bg")) {
      const bg = createDiv({ cls: "modal-bg" });
      bg.addEventListener("click", () => this.close());
      container.prepend(bg);
    }
    this.modalEl.addClass("modal");
    this.titleEl.addClass("modal-title");
    this.contentEl.addClass("modal-content");
    // The mocks create the content before the title; Obsidian shows the title first.
    this.modalEl.prepend(this.titleEl);
    if (!this.modalEl.querySelector(":scope > .modal-close-button")) {
      const close = this.modalEl.createEl("button", { cls: "modal-close-button", text: "✕", attr: { "aria-label": "Close" } });
      close.addEventListener("click", () => this.close());
    }
    document.body.appendChild(container);
    openModals.push(this);
    focusBefore.set(this, document.activeElement);
    if (this instanceof SuggestModal) prepareSuggestions(this);
    this.onOpen();
    // Keyboard focus moves into the modal (onto what the modal focused itself, else the modal), so Tab and Escape act
    // on it and not on the note behind it; it goes back where it was when the modal closes.
    this.modalEl.setAttr("tabindex", "-1");
    if (!this.modalEl.contains(document.activeElement)) this.modalEl.focus();
  };

  Modal.prototype.close = function close() {
    const at = openModals.indexOf(this);
    if (at === -1) return;
    openModals.splice(at, 1);
    this.containerEl.remove();
    this.onClose();
    this.closeCallback?.();
    const before = focusBefore.get(this);
    if (before instanceof HTMLElement && before.isConnected && !document.querySelector(".modal-container")?.contains(document.activeElement)) before.focus();
  };

  SuggestModal.prototype.selectSuggestion = function selectSuggestion(value, evt) {
    // Obsidian closes the picker before it hands over the choice, so the next modal opens on top of nothing.
    this.close();
    this.onChooseSuggestion(value, evt);
  };

  FuzzySuggestModal.prototype.getSuggestions = function getSuggestions(query) {
    const items = this.getItems();
    const q = query.trim().toLowerCase();
    if (q === "") return items.map((item) => ({ item, match: { score: 0, matches: [] } }));
    const matched = [];
    for (const item of items) {
      const score = fuzzyScore(q, this.getItemText(item).toLowerCase());
      if (score !== null) matched.push({ item, match: { score, matches: [] } });
    }
    return matched.sort((a, b) => b.match.score - a.match.score);
  };

  FuzzySuggestModal.prototype.renderSuggestion = function renderSuggestion(match, el) {
    el.setText(this.getItemText(match.item));
  };

  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && openModals.length > 0) openModals[openModals.length - 1].close();
  });
}

/** Subsequence match: every query character in order; earlier and tighter matches score higher. */
function fuzzyScore(query, text) {
  let at = -1;
  let score = 0;
  for (const ch of query) {
    const next = text.indexOf(ch, at + 1);
    if (next === -1) return null;
    score -= next - at - 1;
    at = next;
  }
  return score;
}

function prepareSuggestions(modal) {
  modal.modalEl.addClass("prompt");
  modal.inputEl.addClass("prompt-input");
  modal.resultContainerEl.addClass("prompt-results");
  modal.modalEl.prepend(modal.inputEl);
  modal.inputEl.after(modal.resultContainerEl);
  if (!wired.has(modal)) {
    wired.add(modal);
    modal.inputEl.addEventListener("input", () => void renderSuggestions(modal));
    modal.inputEl.addEventListener("keydown", (event) => {
      if (event.key !== "Enter") return;
      const first = shownValues.get(modal)?.[0];
      if (first !== undefined) modal.selectSuggestion(first, event);
    });
  }
  void renderSuggestions(modal);
  setTimeout(() => modal.inputEl.focus(), 0);
}

async function renderSuggestions(modal) {
  const values = await modal.getSuggestions(modal.inputEl.value);
  const shown = values.slice(0, modal.limit);
  shownValues.set(modal, shown);
  modal.resultContainerEl.empty();
  if (shown.length === 0) {
    modal.resultContainerEl.createDiv({ cls: "suggestion-empty", text: modal.emptyStateText });
    return;
  }
  shown.forEach((value, i) => {
    const el = modal.resultContainerEl.createDiv({ cls: i === 0 ? "suggestion-item is-selected" : "suggestion-item" });
    modal.renderSuggestion(value, el);
    el.addEventListener("click", (event) => modal.selectSuggestion(value, event));
  });
}
