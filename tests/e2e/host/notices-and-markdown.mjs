// Notices that appear in the page (buttons in them keep working) and a Markdown renderer for MarkdownRenderer.render.
import MarkdownIt from "markdown-it";
import { MarkdownRenderChild, MarkdownRenderer, Notice } from "obsidian-test-mocks/obsidian";

/** Notices that hide by themselves, with their timers: `expireNotices()` lets their time pass at once. */
const timedNotices = new Map();

/** What the person sees after every timed notice has faded: only notices shown with duration 0 stay. */
export function expireNotices() {
  for (const [el, timer] of timedNotices) {
    clearTimeout(timer);
    el.remove();
  }
  timedNotices.clear();
}

/** Every notice's text in order, for the runner to assert on after they fade. */
export const noticeLog = [];

/** A Notice that shows in `.notice-container`; the mocks keep it off the page and clone fragments, which drops listeners. */
export class HostNotice extends Notice {
  constructor(message, duration) {
    super(message, duration);
    const el = createDiv({ cls: "notice" });
    if (typeof message === "string") el.setText(message);
    else el.appendChild(message);
    noticeLog.push(el.textContent ?? "");
    document.querySelector(".notice-container")?.appendChild(el);
    // As the app's: a click anywhere on the notice, a button in it included (after the button's own handler), hides it.
    el.addEventListener("click", () => el.remove());
    // obsidian.d.ts, Notice: "If this is 0, the Notice will stay visible until the user manually dismisses it."
    const ms = duration ?? 5000;
    if (ms > 0) {
      const timer = setTimeout(() => el.remove(), ms);
      timedNotices.set(el, timer);
    }
    this.hostEl = el;
  }

  /** A notice that stays (progress) shows its new message in place, buttons working, as the app's does. */
  setMessage(message) {
    this.hostEl.empty();
    if (typeof message === "string") this.hostEl.setText(message);
    else this.hostEl.appendChild(message);
    return this;
  }

  hide() {
    this.hostEl.remove();
  }
}

const markdown = new MarkdownIt({ html: false, linkify: false });

/** Strips properties and turns [[links]] into internal links, as Obsidian's reading view shows them. */
function renderInto(source, el) {
  const body = source.replace(/^---\n[\s\S]*?\n---\n?/, "");
  const withLinks = body.replace(/\[\[([^\]|]+)(?:\|([^\]]+))?\]\]/g, (_all, target, alias) => `[${alias ?? target}](#internal:${encodeURIComponent(target)})`);
  const holder = createDiv();
  holder.innerHTML = markdown.render(withLinks);
  for (const a of holder.querySelectorAll('a[href^="#internal:"]')) {
    a.addClass("internal-link");
    a.setAttr("data-href", decodeURIComponent(a.getAttribute("href").slice("#internal:".length)));
  }
  el.append(...holder.childNodes);
}

/** Renders so far, and the render children still loaded (a child lives until the component it was given unloads it). */
export const renders = { count: 0, live: new Set() };

/** What Obsidian's post-processors attach for links, embeds and code blocks: a child of the component the caller passes. */
class HostRenderChild extends MarkdownRenderChild {
  onload() {
    renders.live.add(this);
  }

  onunload() {
    renders.live.delete(this);
  }
}

export function installMarkdownRenderer() {
  MarkdownRenderer.render = async (_app, source, el, _sourcePath, component) => {
    renderInto(source, el);
    renders.count += 1;
    component.addChild(new HostRenderChild(el));
  };
  MarkdownRenderer.renderMarkdown = async (source, el) => renderInto(source, el);
}
