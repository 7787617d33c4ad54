// Test support: finds the rows a settings tab rendered, by name, with the control a person would use.
import { Setting } from "obsidian-test-mocks/obsidian";

export interface RenderedRow {
  name: string;
  desc: string;
  heading: boolean;
  setting: Setting;
}

/** Records every Setting row that gets a name while `render` runs (display() or the declarative renderer). */
export function captureRows(render: () => void): RenderedRow[] {
  const named: Setting[] = [];
  const original = Object.getOwnPropertyDescriptor(Setting.prototype, "setName")?.value as Setting["setName"];
  const spy = jest.spyOn(Setting.prototype, "setName").mockImplementation(function (this: Setting, name) {
    named.push(this);
    return original.call(this, name);
  });
  try {
    render();
  } finally {
    spy.mockRestore();
  }
  return named.map((setting) => ({
    name: setting.nameEl.textContent ?? "",
    desc: setting.descEl.textContent ?? "",
    heading: setting.settingEl.classList.contains("setting-item-heading"),
    setting,
  }));
}

export function rowNamed(rows: RenderedRow[], name: string): RenderedRow {
  const row = rows.find((candidate) => candidate.name === name && !candidate.heading);
  if (!row) throw new Error(`No setting named "${name}"; rendered: ${rows.map((r) => r.name).join(", ")}`);
  return row;
}
