// Issue 15's run-view defects, one scenario each on the strict host: 5 stop / confirmed cancel / reopen, 6 render children, 7 run listing.
import { join } from "node:path";
import { expect, expectIncludes } from "../support/checks.mjs";
import { bodyOf, property, runNotes } from "../support/run-notes.mjs";
import { SLOW_CUE } from "./model-script.mjs";

const SOP_TITLE = "Drafting internal product docs";
const PROJECT_TITLE = "Identity platform guide";

/** A fresh page (a fresh vault), the run view open, and a run started with `cue`. */
export async function freshRun(page, ui, pageUrl, cue) {
  await page.goto(pageUrl);
  await page.waitForFunction(() => window.sopHost !== undefined);
  await page.evaluate(() => window.sopHost.ready);
  await ui.runCommand("Open run view");
  await ui.runView().waitFor();
  await ui.runCommand("Run an SOP…");
  await ui.pick(SOP_TITLE);
  await ui.pick(PROJECT_TITLE, "identity");
  await ui.answer("What is this run for?", cue, "Run");
  await ui.modal().waitFor({ state: "detached" });
}

export async function primaryLabel(ui) {
  return ui.text(ui.runView().locator(".sop-run-view-primary"));
}

export async function gateOf(ui, step) {
  const view = ui.runView();
  await ui.until(async () => {
    const header = await ui.text(view.locator(".sop-run-view-header"));
    return header.includes(`Step ${step} of 5`) && header.includes("waiting for you") && (await primaryLabel(ui)) === "Approve and continue" && (await ui.gateButton("Approve and continue").isEnabled());
  }, `the run view to show the gate of step ${step}`, 30_000);
}

/** A person clicks notices away before looking (the page keeps their text); then the whole window is captured. */
export async function shot(page, artifacts, name) {
  await page.evaluate(() => {
    for (const notice of document.querySelectorAll(".notice")) notice.remove();
  });
  await page.screenshot({ path: join(artifacts, `${name}.png`) });
}

export async function stopConfirmReopen({ tally, page, ui, pageUrl, mock, artifacts }) {
  const view = ui.runView();
  tally.scenario("Defect 5: stop a generation from the view, confirm before cancelling, reopen an earlier step (view and palette)");

  await tally.check("while a step is written the primary action is Stop generating (also in the palette); it stops the stream and keeps the text", async () => {
    await freshRun(page, ui, pageUrl, `New IT hires. ${SLOW_CUE}`);
    await ui.until(async () => (await primaryLabel(ui)) === "Stop generating" && (await ui.text(view.locator(".sop-run-view-output"))).includes("Audience"), "the step to be streaming with Stop generating offered");
    expect((await ui.paletteCommands()).includes("Stop generating"), "The palette should offer Stop generating while a step is written");
    const requestsBefore = mock.chatRequests().length;
    await view.locator(".sop-run-view-primary").click();
    await ui.until(async () => (await primaryLabel(ui)) === "Resume" && (await ui.text(view.locator(".sop-run-view-header"))).includes("paused"), "the run to pause with Resume offered");
    const notes = await runNotes(ui);
    const kept = [notes.waypoints.get(1)?.text, ...notes.revisions.map((r) => r.text)].map((text) => bodyOf(text ?? "")).filter((body) => body.includes("Audience"));
    expect(kept.length > 0, "The text written before Stop should be kept in a note");
    expect(property(notes.run.text, "run_status") === "paused", `The run note should say paused; it says ${property(notes.run.text, "run_status")}`);
    expect(mock.chatRequests().length === requestsBefore, "Stopping must not send another request");
    await shot(page, artifacts, "defect-5-stopped");
  });

  await tally.check("Reopen an earlier step… in the ⋯ menu puts step 1 back at its gate; the palette offers it too", async () => {
    await view.locator(".sop-run-view-primary").click();
    await gateOf(ui, 1);
    await ui.clickGate("Approve and continue");
    await gateOf(ui, 2);
    expect((await ui.paletteCommands()).includes("Reopen an earlier step…"), "The palette should offer Reopen an earlier step… at a gate");
    await ui.menu("Reopen an earlier step…");
    await ui.pick("Identify the target audience");
    await gateOf(ui, 1);
    expect((await view.locator(".sop-run-view-step-icon").nth(1).getAttribute("aria-label")) === "to redo", "Step 2 should be marked to redo after step 1 is reopened");
    expectIncludes((await runNotes(ui)).log?.text ?? "", "Step 1 reopened", "The run's log");
    await shot(page, artifacts, "defect-5-reopened");
  });

  await tally.check("Cancel run… asks first: keeping the run changes nothing, confirming cancels it", async () => {
    await ui.menu("Cancel run…");
    const modal = ui.modal();
    await modal.locator(".modal-title", { hasText: "Cancel this run?" }).waitFor();
    await shot(page, artifacts, "defect-5-cancel-confirm");
    expect(property((await runNotes(ui)).run.text, "run_status") === "awaiting-review", "Nothing should change before the person confirms");
    await modal.locator("button", { hasText: "Keep the run" }).click();
    await modal.waitFor({ state: "detached" });
    expect(property((await runNotes(ui)).run.text, "run_status") === "awaiting-review", "Keep the run should leave the run as it was");
    await ui.menu("Cancel run…");
    await ui.modal().locator("button", { hasText: "Cancel run" }).click();
    await ui.until(async () => property((await runNotes(ui)).run?.text, "run_status") === "cancelled", "run_status: cancelled");
    await ui.until(async () => (await ui.text(view.locator(".sop-run-view-header .sop-run-view-badge"))) === "cancelled", "the header to say cancelled");
  });
}

export async function renderChildren({ tally, page, ui, pageUrl, artifacts }) {
  const view = ui.runView();
  tally.scenario("Defect 6: the live output's Markdown renders are throttled and each one's children are unloaded before the next");

  await tally.check("while step 1 streams, renders stay under 4 a second and at most one render's children stay loaded", async () => {
    const started = Date.now();
    await freshRun(page, ui, pageUrl, `New IT hires. ${SLOW_CUE}`);
    let maxLive = 0;
    let streamed = 0;
    await ui.until(async () => {
      const { live } = await page.evaluate(() => window.sopHost.renders());
      maxLive = Math.max(maxLive, live);
      if ((await primaryLabel(ui)) === "Stop generating") streamed = Date.now();
      return (await primaryLabel(ui)) === "Approve and continue" && (await ui.gateButton("Approve and continue").isEnabled());
    }, "the gate of step 1", 30_000);
    const after = await page.evaluate(() => window.sopHost.renders());
    // A fresh page counts from zero: every render is this run's.
    const rendered = after.count;
    const seconds = (Date.now() - started) / 1000;
    expect(streamed > 0, "The step should have been seen streaming");
    expect(rendered >= 5, `The streaming output should have been rendered several times; it was rendered ${rendered} times`);
    expect(rendered <= Math.ceil(seconds * 4) + 4, `At most 4 renders a second: ${rendered} renders in ${seconds.toFixed(1)} s`);
    expect(maxLive <= 2, `At most the shown render and the one replacing it may hold children; up to ${maxLive} were loaded`);
    expect(after.live === 1, `Once the step waits, one render's children should be loaded; ${after.live} are`);
    expectIncludes(await ui.text(view.locator(".sop-run-view-output")), "What do I do when MFA locks me out?", "The rendered output");
    await shot(page, artifacts, "defect-6-render-children");
  });
}

export async function runListing({ tally, page, ui, artifacts }) {
  const view = ui.runView();
  tally.scenario("Defect 7: the run listing comes from the metadata cache and follows its events");

  await tally.check("focusing the run picker reads no run note from disk; a run note written elsewhere appears in it by itself", async () => {
    const { run } = await runNotes(ui);
    const picker = view.locator(".sop-run-view-picker select");
    const other = run.path.replace(/\.md$/, " (copy).md");
    const name = other.split("/").pop().replace(/\.md$/, "");
    await page.evaluate(() => window.sopHost.resetReads());
    for (let i = 0; i < 3; i++) {
      await picker.focus();
      await view.locator(".sop-run-view-primary").focus();
    }
    await page.evaluate(([path, text]) => window.sopHost.writeNote(path, text), [other, run.text.replace(/run_status: \S+/, "run_status: paused")]);
    await ui.until(async () => (await picker.locator("option").allTextContents()).some((text) => text.startsWith(`${name} · paused`)), "the new run in the picker, paused");
    // By the time the new note is listed, whatever the focusing started has run too.
    const reads = await page.evaluate(() => window.sopHost.reads());
    expect(!(run.path in reads) && !(other in reads), `Listing runs should read no run note; reads: ${JSON.stringify(reads)}`);
  });

  await tally.check("the picker follows a listed run's status as its properties change, with no focus or click", async () => {
    const { run } = await runNotes(ui);
    const other = run.path.endsWith(" (copy).md") ? run.path : run.path.replace(/\.md$/, " (copy).md");
    const name = other.split("/").pop().replace(/\.md$/, "");
    const text = await ui.readNote(other);
    await page.evaluate(([path, t]) => window.sopHost.writeNote(path, t), [other, text.replace(/run_status: \S+/, "run_status: done")]);
    const picker = view.locator(".sop-run-view-picker select");
    await ui.until(async () => (await picker.locator("option").allTextContents()).some((t) => t.startsWith(`${name} · done`)), "the picker to follow the new status");
    // The picker drawn open and the sidebar wide enough to read each run's status, for the screenshot.
    await page.evaluate(() => {
      const select = document.querySelector(".sop-run-view-picker select");
      select.size = Math.min(select.options.length, 4);
      document.querySelector(".mod-right-split").style.width = "640px";
    });
    await shot(page, artifacts, "defect-7-run-listing");
    await page.evaluate(() => {
      document.querySelector(".sop-run-view-picker select").size = 0;
      document.querySelector(".mod-right-split").style.width = "";
    });
  });
}
