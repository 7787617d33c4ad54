// Issue 17: the run view names the procedure of the SOP that runs (and why), and Switch… starts a new run with another.
import { join } from "node:path";
import { expect, expectIncludes } from "../support/checks.mjs";

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
