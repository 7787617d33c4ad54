// Procedures as people run them (issue 20): the Due SOPs section of the run view and the typed inputs modal before a run.
import { join } from "node:path";
import { expect, expectIncludes } from "../support/checks.mjs";
import { property, runNotes } from "../support/run-notes.mjs";

const RECURRING = "Weekly on-call handover";

async function shot(page, artifacts, name) {
  await page.evaluate(() => {
    for (const notice of document.querySelectorAll(".notice")) notice.remove();
  });
  await page.screenshot({ path: join(artifacts, `${name}.png`) });
}

export async function duesAndInputs({ tally, page, ui, pageUrl, artifacts }) {
  const view = ui.runView();
  tally.scenario("Issue 20: a recurring SOP that never ran is due; starting it asks for its typed inputs first");

  await tally.check("the run view's Due SOPs section lists the recurring SOP before its first run, with a Start button", async () => {
    await page.goto(pageUrl);
    await page.waitForFunction(() => window.sopHost !== undefined);
    await page.evaluate(() => window.sopHost.ready);
    await ui.runCommand("Open run view");
    await view.waitFor();
    const item = view.locator(".sop-runtime-due-item", { hasText: RECURRING });
    await item.waitFor({ timeout: 10_000 });
    expectIncludes(await ui.text(view.locator(".sop-runtime-due-title")), "Due SOPs", "The section title");
    expect(await item.locator("button", { hasText: "Start" }).isVisible(), "The due SOP should offer Start");
    await shot(page, artifacts, "due-sops");
  });

  await tally.check("Start opens one modal with a typed field per input and the defaults filled", async () => {
    await view.locator(".sop-runtime-due-item", { hasText: RECURRING }).locator("button", { hasText: "Start" }).click();
    const modal = ui.modal();
    await modal.locator(".modal-title", { hasText: `Inputs for ${RECURRING}` }).waitFor({ timeout: 5000 });
    const field = (name) => modal.locator(`.sop-runtime-input-field[data-input="${name}"]`);
    expect((await field("service").locator("input").inputValue()) === "identity platform", "The service field should hold its default");
    expect((await field("severity").locator("select").inputValue()) === "none", "The severity choice should hold its default");
    expect((await field("week_ending").locator("input").getAttribute("type")) === "date", "A date input should be a date field");
    expect((await field("incident").locator("button", { hasText: "Pick…" }).count()) === 1, "A note input should offer a note picker");
    await field("severity").locator("select").selectOption("high");
    await field("customer_impact").locator(".checkbox-container").click();
    await shot(page, artifacts, "inputs-modal");
  });

  await tally.check("Run starts the run with the inputs recorded on the run note and substituted in what the step shows", async () => {
    const modal = ui.modal();
    await modal.locator('.sop-runtime-input-field[data-input="week_ending"] input').fill("2026-11-29");
    await modal.locator("button", { hasText: "Run" }).click();
    await ui.until(async () => (await modal.count()) === 0 || (await ui.text(modal.locator(".sop-runtime-setting-error"))), "the modal to close").catch(async (error) => {
      await shot(page, artifacts, "inputs-debug");
      throw new Error(`${String(error)}; modal: ${await ui.text(modal)}`);
    });
    expect((await modal.count()) === 0, `The modal should close and the run start; it says: ${await ui.text(modal.locator(".sop-runtime-setting-error")).catch(() => "")}`);
    const notes = await ui.until(async () => {
      const read = await runNotes(ui);
      return read.run && read.waypoints.size > 0 ? read : false;
    }, "the handover's run note and first step");
    expect(property(notes.run.text, "input_severity") === "high", `input_severity should be high; it is ${property(notes.run.text, "input_severity")}`);
    expect(property(notes.run.text, "input_service") === "identity platform", `input_service should be the default; it is ${property(notes.run.text, "input_service")}`);
    expect(property(notes.run.text, "input_week_ending") === "2026-11-29", `input_week_ending should be the typed date; it is ${property(notes.run.text, "input_week_ending")}`);
    expect(property(notes.run.text, "input_customer_impact") === "true", `input_customer_impact should be true; it is ${property(notes.run.text, "input_customer_impact")}`);
    expect(!/\{\{\s*\w+\s*\}\}/.test(notes.run.text), "No {{placeholder}} should be left in the run note");
  });
}
