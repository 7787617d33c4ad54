// Issue 17: the run view names the procedure of the SOP that runs (and why), and Switch… starts a new run with another.
import { join } from "node:path";
import { expect, expectIncludes } from "../support/checks.mjs";
import { RUNBOOK } from "./model-script.mjs";

const SOP = "SOPs/Releases.md";
const RELEASES = "---\ntags: [sop]\n---\n# Releases\n\n## Minor release\n\n1. Branch\n2. Tag\n3. Publish\n\n## Patch release\n\n1. Cherry-pick\n2. Tag the patch\n";

async function shot(page, artifacts, name) {
  await page.evaluate(() => {
    for (const notice of document.querySelectorAll(".notice")) notice.remove();
  });
  await page.screenshot({ path: join(artifacts, `${name}.png`) });
}

export async function procedureLine({ tally, page, ui, pageUrl, artifacts }) {
  const view = ui.runView();
  const line = view.locator(".sop-run-view-procedure");
  tally.scenario("Issue 17: the run view names the procedure that runs, and Switch… runs another in a new run");

  await tally.check("a run of an SOP with two procedures shows 'Procedure: Releases › Minor release', chosen by the rules, with Switch…", async () => {
    await page.goto(pageUrl);
    await page.waitForFunction(() => window.sopHost !== undefined);
    await page.evaluate(() => window.sopHost.ready);
    await page.evaluate(([path, text]) => window.sopHost.writeNote(path, text), [SOP, RELEASES]);
    await ui.runCommand("Open run view");
    await view.waitFor();
    await ui.runCommand("Run an SOP…");
    await ui.pick("Releases");
    await ui.pick("No project");
    await ui.answer("What is this run for?", "Ship 2.4", "Run");
    await ui.modal().waitFor({ state: "detached" });
    await ui.until(async () => (await ui.text(line)).includes("Minor release"), "the procedure line");
    expectIncludes(await ui.text(line), "Procedure: Releases › Minor release", "The procedure line");
    expectIncludes(await ui.text(line), "chosen by the rules", "The procedure line");
    expect(await line.locator("button", { hasText: "Switch…" }).isVisible(), "The line should offer Switch…");
    await shot(page, artifacts, "procedure-line");
  });

  await tally.check("Switch… lists the SOP's procedures; picking the patch release pins it and a new run runs it", async () => {
    await line.locator("button", { hasText: "Switch…" }).click();
    await ui.pick("Releases > Patch release: numbered list");
    await ui.until(async () => (await ui.text(line)).includes("Patch release"), "the new run's procedure line").catch(async (error) => {
      await shot(page, artifacts, "procedure-debug");
      throw new Error(`${String(error)}; notices: ${JSON.stringify(await ui.notices())}; line: ${await ui.text(line)}`);
    });
    expectIncludes(await ui.text(line), "pinned by sop_procedure", "The procedure line after the switch");
    expectIncludes(await ui.text(view.locator(".sop-run-view-header")), "of 2", "The new run's header");
    expectIncludes((await ui.readNote(SOP)) ?? "", "sop_procedure: Releases > Patch release", "The SOP's properties");
    await shot(page, artifacts, "procedure-switched");
  });
}

export async function makeRunnable({ tally, page, ui, pageUrl, artifacts }) {
  const path = "Runbooks/Rotate the API key.md";
  tally.scenario("Issue 17: Make this note runnable… with a model: progress with Cancel, the proposal as a diff, applied as an amendment");

  await tally.check("the model's runnable version streams with a cancellable progress notice, then opens as a diff", async () => {
    await page.goto(pageUrl);
    await page.waitForFunction(() => window.sopHost !== undefined);
    await page.evaluate(() => window.sopHost.ready);
    await page.evaluate(([p, text]) => window.sopHost.writeNote(p, text), [path, RUNBOOK]);
    await page.locator(`.nav-file-title[data-path="${path}"]`).click();
    await ui.until(async () => (await ui.openNote()).path === path, "the runbook to open");
    await ui.runCommand("Make this note runnable…");
    const notice = page.locator(".notice", { hasText: "characters so far" });
    await notice.first().waitFor({ timeout: 10_000 });
    expect(await notice.first().locator("button", { hasText: "Cancel" }).isVisible(), "The progress notice should offer Cancel");
    const modal = ui.modal();
    await modal.locator(".sop-diff-hunk").first().waitFor({ timeout: 15_000 });
    expectIncludes(await ui.text(modal.locator(".sop-diff-version")), "Version 1 → 2", "The diff's version line");
    expectIncludes(await ui.text(modal.locator(".sop-diff-changelog")), "Made runnable", "The diff's Changelog line");
    expectIncludes(await ui.text(modal), "+## Steps", "The diff");
    await shot(page, artifacts, "make-runnable-diff");
  });

  await tally.check("Apply selected writes the runnable note: sop_version 2, numbered steps, the code kept, 'Made runnable' in the Changelog", async () => {
    await ui.modal().locator("button", { hasText: "Apply selected" }).click();
    const text = await ui.until(async () => {
      const note = (await ui.readNote(path)) ?? "";
      return note.includes("## Steps") ? note : false;
    }, "the runnable note");
    expectIncludes(text, "sop_version: 2", "The note's properties");
    expectIncludes(text, "1. Create a new key in the console.", "The note's steps");
    expectIncludes(text, "   kubectl rollout restart deploy/api", "The note's code, under its step");
    expect(/## Changelog\n\n- \d{4}-\d{2}-\d{2} — v2: Made runnable\n/.test(text), `The Changelog should say Made runnable; the note reads:\n${text}`);
  });
}
