// Lucide icons for setIcon (as Obsidian draws them: svg.svg-icon), tooltips as aria-labels, and Menus shown in the page with keyboard use.
import { Menu } from "obsidian-test-mocks/obsidian";

/** Icon name → SVG text, served from lucide-static (the icon set Obsidian ships). */
let icons = {};

export async function loadIcons() {
  icons = await fetch("/icons.json").then((r) => r.json());
}

export function hostSetIcon(parent, iconId) {
  const name = String(iconId).replace(/^lucide-/, "");
  const svgText = icons[name];
  parent.empty();
  if (!svgText) return;
  const svg = new DOMParser().parseFromString(svgText, "image/svg+xml").documentElement;
  svg.setAttribute("class", `svg-icon lucide-${name}`);
  svg.removeAttribute("width");
  svg.removeAttribute("height");
  parent.appendChild(document.importNode(svg, true));
}

/** Obsidian's setTooltip shows the text on hover and names the element for screen readers. */
export function hostSetTooltip(el, tooltip) {
  el.setAttribute("aria-label", tooltip);
}

let closeOpen = null;

/** Shows a Menu at a point: items with icons, separators, greyed and warning items; arrows move, Enter picks, Escape closes. */
function showMenu(menu, x, y) {
  closeOpen?.();
  const returnFocus = document.activeElement;
  const el = document.body.createDiv({ cls: "menu", attr: { role: "menu" } });
  const rows = [];
  const items = menu.menuItems__;
  for (const item of menu.items__) {
    if (!items.includes(item)) {
      el.createDiv({ cls: "menu-separator" });
      continue;
    }
    const cls = ["menu-item"];
    if (item.disabled__) cls.push("is-disabled");
    if (item.warning__) cls.push("is-warning");
    const row = el.createDiv({ cls, attr: { role: "menuitem", tabindex: "-1", "aria-disabled": String(item.disabled__) } });
    const icon = row.createDiv({ cls: "menu-item-icon" });
    if (item.icon__) hostSetIcon(icon, item.icon__);
    row.createDiv({ cls: "menu-item-title", text: item.title__ });
    row.addEventListener("click", (event) => pick(item, event));
    row.addEventListener("mouseenter", () => select(rows.findIndex((r) => r.row === row)));
    rows.push({ row, item });
  }
  const width = 240;
  el.style.left = `${Math.max(4, Math.min(x, window.innerWidth - width - 4))}px`;
  el.style.top = `${y}px`;
  let selected = -1;
  function select(index) {
    rows[selected]?.row.removeClass("selected");
    selected = index;
    rows[selected]?.row.addClass("selected");
    rows[selected]?.row.focus();
  }
  function move(step) {
    for (let i = 1; i <= rows.length; i++) {
      const next = (selected + step * i + rows.length * 2) % rows.length;
      if (!rows[next].item.disabled__) return select(next);
    }
  }
  function pick(item, event) {
    if (item.disabled__) return;
    close(false);
    item.onClick__?.(event);
  }
  function onKey(event) {
    if (event.key === "ArrowDown") move(1);
    else if (event.key === "ArrowUp") move(-1);
    else if (event.key === "Enter" && rows[selected]) pick(rows[selected].item, event);
    else if (event.key === "Escape" || event.key === "Tab") close(true);
    else return;
    event.preventDefault();
    event.stopPropagation();
  }
  function onPointer(event) {
    if (!el.contains(event.target)) close(false);
  }
  function close(refocus) {
    document.removeEventListener("keydown", onKey, true);
    document.removeEventListener("mousedown", onPointer, true);
    el.remove();
    closeOpen = null;
    menu.onHideCallback?.();
    if (refocus && returnFocus instanceof HTMLElement) returnFocus.focus();
  }
  closeOpen = () => close(false);
  document.addEventListener("keydown", onKey, true);
  document.addEventListener("mousedown", onPointer, true);
  move(1);
  return menu;
}

export function installMenus() {
  Menu.prototype.showAtPosition = function showAtPosition(position) {
    return showMenu(this, position.x, position.y);
  };
  Menu.prototype.showAtMouseEvent = function showAtMouseEvent(event) {
    return showMenu(this, event.clientX, event.clientY);
  };
  Menu.prototype.hide = function hide() {
    closeOpen?.();
    return this;
  };
}
