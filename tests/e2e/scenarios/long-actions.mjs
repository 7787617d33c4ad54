// Issue 15 defect 8: a long action from the palette shows its progress and can be cancelled (amend an SOP).
import { expect } from "../support/checks.mjs";

const SOP_PATH = "SOPs/Drafting internal product docs.md";
const SOP_TITLE = "Drafting internal product docs";

export async function amendProgress({ tally, page, ui, pageUrl, artifacts }) {
  tally.scenario("Defect 8: Amend an SOP… shows the model's progress in a notice with Cancel, and Cancel leaves the SOP as it was");

  await tally.check("the progress notice counts what the model has written; Cancel stops it, says so, and opens no diff", async () => {
    await page.goto(pageUrl);
    await page.waitForFunction(() => window.sopHost !== undefined);
    await page.evaluate(() => window.sopHost.ready);
    const before = await ui.readNote(SOP_PATH);
    await ui.runCommand("Amend an SOP…");
    await ui.pick(SOP_TITLE);
    await ui.answer(`Amend "${SOP_TITLE}"`, "Add a line about contractors to step 1.", "Propose");
    const progress = page.locator(".notice", { hasText: `Asking the model to amend "${SOP_TITLE}"` });
    await ui.until(async () => /[\d,]+ characters so far/.test((await progress.textContent().catch(() => "")) ?? ""), "the progress notice to count characters", 20_000);
    await page.evaluate(() => window.sopHost.expireNotices());
    expect((await progress.count()) === 1, "The progress notice should stay while the model writes");
    await page.screenshot({ path: `${artifacts}/defect-8-amend-progress.png` });
    await progress.locator("button", { hasText: "Cancel" }).click();
    await progress.waitFor({ state: "detached" });
    await ui.until(async () => (await ui.notices()).includes(`Cancelled: "${SOP_TITLE}" is unchanged.`), "the cancelled notice");
    expect((await page.locator(".modal-container .modal").count()) === 0, "No diff should open after Cancel");
    expect((await ui.readNote(SOP_PATH)) === before, "The SOP should be unchanged");
  });
}
