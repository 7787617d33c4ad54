// The cockpit's layout at 300 px, 600 px and 375 px (mobile), light and dark, and a 3-step run done with Tab, Enter and Escape only.
import { join } from "node:path";
import { expect, expectIncludes } from "../support/checks.mjs";
import { property, runNotes } from "../support/run-notes.mjs";

/** What a person sees of the view, measured in the page: overflow, wrapped button rows, where the output starts. */
function measure() {
  const split = document.querySelector(".mod-right-split");
  const content = document.querySelector('.workspace-leaf-content[data-type="sop-run-view"] .view-content');
  const box = content.getBoundingClientRect();
  const overflowing = [];
  for (const el of content.querySelectorAll("*")) {
    const rect = el.getBoundingClientRect();
    if (rect.width === 0 || el.closest("details:not([open]) > :not(summary)")) continue;
    if (rect.right > box.right + 1 || rect.left < box.left - 1) overflowing.push(`${el.tagName.toLowerCase()}.${[...el.classList].join(".")} (${Math.round(rect.left)}–${Math.round(rect.right)} in ${Math.round(box.left)}–${Math.round(box.right)})`);
  }
  const wrapped = [];
  for (const row of content.querySelectorAll(".sop-run-view-actions, .sop-run-view-finding-buttons, .sop-run-view-ask-buttons, .sop-run-view-findings-top")) {
    const buttons = [...row.querySelectorAll(":scope > button")].filter((b) => b.getBoundingClientRect().width > 0);
    const tops = buttons.map((b) => Math.round(b.getBoundingClientRect().top + b.getBoundingClientRect().height / 2));
    if (tops.length > 1 && Math.max(...tops) - Math.min(...tops) > 4) wrapped.push(`${row.className}: ${buttons.map((b) => b.getAttribute("aria-label") ?? b.textContent).join(", ")}`);
  }
  const output = content.querySelector(".sop-run-view-output-section").getBoundingClientRect();
  const visible = split.getBoundingClientRect();
  return {
    overflowing,
    wrapped,
    scrollWidth: content.scrollWidth,
    clientWidth: content.clientWidth,
    outputTop: output.top - visible.top,
    half: Math.min(visible.height, window.innerHeight - visible.top) / 2,
    outputText: content.querySelector(".sop-run-view-output").textContent.trim().length,
  };
}

async function assertLayout(page, what) {
  const m = await page.evaluate(measure);
  expect(m.overflowing.length === 0, `${what}: nothing may overflow the view; overflowing: ${m.overflowing.slice(0, 5).join("; ")}`);
  expect(m.scrollWidth <= m.clientWidth, `${what}: the view should not scroll sideways (${m.scrollWidth} > ${m.clientWidth})`);
  expect(m.wrapped.length === 0, `${what}: no button row may wrap; wrapped: ${m.wrapped.join("; ")}`);
  expect(m.outputText > 0 && m.outputTop < m.half, `${what}: the step output should start in the top half (it starts at ${Math.round(m.outputTop)} px of ${Math.round(m.half * 2)} px)`);
}

async function setSidebar(page, width) {
  await page.evaluate((w) => {
    const split = document.querySelector(".mod-right-split");
    split.style.width = w === null ? "" : `${w}px`;
    split.scrollTop = 0;
  }, width);
}

/** Screenshots of the cockpit mid-run with findings: 300 px and 600 px sidebars in both themes, then a 375 px phone. */
export async function cockpitLayouts({ page, ui, artifacts }) {
  const sidebar = page.locator(".mod-right-split");
  const theme = (name) => page.evaluate((t) => window.sopHost.setTheme(t), name);
  for (const notice of await page.locator(".notice").all()) await notice.click().catch(() => undefined);
  try {
    for (const width of [300, 600]) {
      await setSidebar(page, width);
      for (const name of ["light", "dark"]) {
        await theme(name);
        await assertLayout(page, `${width} px, ${name}`);
        await sidebar.screenshot({ path: join(artifacts, `cockpit-${width}-${name}.png`) });
      }
    }
    await page.setViewportSize({ width: 375, height: 812 });
    await page.evaluate(() => {
      for (const el of document.querySelectorAll(".mod-left-split, .mod-root")) el.classList.add("host-hidden-for-mobile");
      document.body.classList.add("is-mobile");
    });
    await setSidebar(page, 375);
    for (const name of ["light", "dark"]) {
      await theme(name);
      await assertLayout(page, `375 px mobile, ${name}`);
      await page.screenshot({ path: join(artifacts, `cockpit-375-${name}.png`) });
    }
  } finally {
    await page.evaluate(() => {
      for (const el of document.querySelectorAll(".host-hidden-for-mobile")) el.classList.remove("host-hidden-for-mobile");
      document.body.classList.remove("is-mobile");
    });
    await page.setViewportSize({ width: 1440, height: 900 });
    await setSidebar(page, null);
    await theme("light");
  }
}

const KEYBOARD_SOP = `---
tags:
  - sop
sop_version: 1
sop_mode: step
---
# Three-step onboarding note

## Steps

1. Identify the target audience and their common questions
   - Name who the readers are
2. Build a topic outline focused on user workflows
   - Every section answers a question
3. Draft section content in plain, direct language
   - Short sentences
`;

/** The example vault with one 3-step SOP in place of the example's, so every picker's first entry is the one wanted. */
export function keyboardVault(files) {
  const out = {};
  for (const [path, text] of Object.entries(files)) if (!path.startsWith("SOPs/")) out[path] = text;
  out["SOPs/Three-step onboarding note.md"] = KEYBOARD_SOP;
  return out;
}

/** Presses Tab until the focused element matches `selector` (and is enabled); fails after `max` presses. */
async function tabTo(page, selector, what, max = 80) {
  for (let i = 0; i < max; i++) {
    const found = await page.evaluate((s) => {
      const el = document.activeElement;
      return el instanceof HTMLElement && el.matches(s) && !el.matches(":disabled");
    }, selector);
    if (found) return;
    await page.keyboard.press("Tab");
  }
  expect(false, `${max} presses of Tab did not reach ${what}`);
}

export async function keyboardRun({ tally, page, ui, pageUrl, artifacts }) {
  const view = ui.runView();
  tally.scenario("Keyboard only: a 3-step run from the ribbon to done with Tab, Enter and Escape");

  await tally.check("Tab and Enter open the run view from the ribbon and start a run from its empty state", async () => {
    await page.goto(pageUrl);
    await page.waitForFunction(() => window.sopHost !== undefined);
    await page.evaluate(() => window.sopHost.ready);
    await page.locator("body").focus();
    await tabTo(page, '.host-ribbon button[aria-label="Open run view"]', "the ribbon's Open run view");
    await page.keyboard.press("Enter");
    await view.waitFor();
    await tabTo(page, ".sop-run-view-empty button", "the empty view's Run an SOP…");
    await page.keyboard.press("Enter");
    await ui.modal().locator(".suggestion-item", { hasText: "Three-step onboarding note" }).waitFor();
    await inputFocused(page, "the SOP picker");
    await page.keyboard.press("Enter");
    await ui.modal().locator(".prompt-input").waitFor();
    await ui.until(() => ui.modal().locator(".suggestion-item").count().then((n) => n > 0), "the project picker's entries");
    // A person types where the cursor is: Enter goes to the picker once its input has the focus (the closing SOP
    // picker hands the focus back first).
    await inputFocused(page, "the project picker");
    await page.keyboard.press("Enter");
    await ui.modal().locator(".modal-title", { hasText: "What is this run for?" }).waitFor();
    await tabTo(page, ".modal button.mod-cta", "the cue's Run button");
    await page.keyboard.press("Enter");
    await ui.modal().waitFor({ state: "detached" });
  });

  for (const step of [1, 2, 3]) {
    await tally.check(`step ${step}: Tab reaches Approve and continue${step === 2 ? " (after Escape closes the revise box)" : ""} and Enter approves`, async () => {
      await ui.until(async () => (await ui.text(view.locator(".sop-run-view-header"))).includes(`Step ${step} of 3`) && (await ui.gateButton("Approve and continue").isEnabled()), `the gate of step ${step}`, 20_000);
      if (step === 2) {
        await tabTo(page, '.sop-run-view-actions button[aria-label="Revise with feedback"]', "Revise with feedback");
        await page.keyboard.press("Enter");
        await ui.until(() => page.evaluate(() => document.activeElement?.matches(".sop-run-view-ask textarea")), "the revise box to take the focus");
        await page.keyboard.press("Escape");
        await ui.until(() => view.locator(".sop-run-view-ask").evaluate((el) => el.classList.contains("is-hidden")), "Escape to close the revise box");
        expect(await page.evaluate(() => document.activeElement?.getAttribute("aria-label") === "Revise with feedback"), "Escape should give the focus back to the revise button");
      }
      await tabTo(page, '.sop-run-view-actions button[aria-label="Approve and continue"]', "Approve and continue");
      if (step === 3) await page.screenshot({ path: join(artifacts, "keyboard-focus.png") });
      await page.keyboard.press("Enter");
    });
  }

  await tally.check("the run is done: the view and the run note say so", async () => {
    await ui.until(async () => property((await runNotes(ui)).run?.text, "run_status") === "done", "run_status: done");
    await ui.until(async () => (await ui.text(view.locator(".sop-run-view-header"))).includes("3 of 3 steps settled"), "the header to say every step is settled");
    const notes = await runNotes(ui);
    for (let step = 1; step <= 3; step++) expect(property(notes.waypoints.get(step).text, "waypoint_status") === "approved", `Step ${step} should be approved`);
    expectIncludes(await ui.text(view.locator(".sop-run-view-header .sop-run-view-badge")), "done", "The view's status badge");
    await page.screenshot({ path: join(artifacts, "keyboard-done.png") });
  });
}

/** Waits until the topmost picker's input has the keyboard focus. */
async function inputFocused(page, what) {
  await page.waitForFunction(() => {
    const modals = [...document.querySelectorAll(".modal-container:not(.host-palette) .modal")];
    const input = modals[modals.length - 1]?.querySelector(".prompt-input");
    return input !== undefined && input !== null && document.activeElement === input;
  }, undefined, { timeout: 10_000 }).catch(() => {
    throw new Error(`${what}'s input never took the keyboard focus`);
  });
}
