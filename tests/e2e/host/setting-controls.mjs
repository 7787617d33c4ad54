// Makes the mocks' setting controls behave as the app's do: a button's onClick fires on a real click, a toggle is a
// clickable `checkbox-container` switch, typing and choosing fire onChange (obsidian.d.ts: ButtonComponent.onClick,
// ToggleComponent.toggleEl/onChange, AbstractTextComponent.onChange, DropdownComponent.onChange).
import { AbstractTextComponent, ButtonComponent, DropdownComponent, ToggleComponent } from "obsidian-test-mocks/obsidian";

/** Elements already listening; WeakSets, because the mocks' strict proxies throw on unknown properties. */
const wiredButtons = new WeakSet();
const wiredToggles = new WeakSet();
const wiredInputs = new WeakSet();

export function installSettingControls() {
  ButtonComponent.prototype.onClick = function onClick(callback) {
    this.clickHandler = callback;
    if (!wiredButtons.has(this.buttonEl)) {
      wiredButtons.add(this.buttonEl);
      this.buttonEl.addEventListener("click", (event) => this.clickHandler?.(event));
    }
    return this;
  };

  const textOnChange = AbstractTextComponent.prototype.onChange;
  AbstractTextComponent.prototype.onChange = function hostTextOnChange(callback) {
    if (!wiredInputs.has(this.inputEl)) {
      wiredInputs.add(this.inputEl);
      this.inputEl.addEventListener("input", () => {
        this.value = this.inputEl.value;
        this.onChanged();
      });
    }
    return textOnChange.call(this, callback);
  };

  const dropdownOnChange = DropdownComponent.prototype.onChange;
  DropdownComponent.prototype.onChange = function hostDropdownOnChange(callback) {
    if (!wiredInputs.has(this.selectEl)) {
      wiredInputs.add(this.selectEl);
      this.selectEl.addEventListener("change", () => this.simulateChange__());
    }
    return dropdownOnChange.call(this, callback);
  };

  const setValue = ToggleComponent.prototype.setValue;
  ToggleComponent.prototype.setValue = function hostSetValue(value) {
    wireToggle(this);
    this.toggleEl.toggleClass("is-enabled", Boolean(value));
    return setValue.call(this, value);
  };
  const onChange = ToggleComponent.prototype.onChange;
  ToggleComponent.prototype.onChange = function hostOnChange(callback) {
    wireToggle(this);
    return onChange.call(this, callback);
  };
}

function wireToggle(toggle) {
  const el = toggle.toggleEl;
  if (wiredToggles.has(el)) return;
  wiredToggles.add(el);
  el.addClass("checkbox-container");
  el.setAttribute("role", "switch");
  el.tabIndex = 0;
  const flip = () => {
    toggle.onClick();
    el.toggleClass("is-enabled", toggle.getValue());
  };
  el.addEventListener("click", flip);
  el.addEventListener("keydown", (event) => {
    if (event.key === " " || event.key === "Enter") {
      event.preventDefault();
      flip();
    }
  });
}
