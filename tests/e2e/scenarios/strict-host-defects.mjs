// Issue 15's defects that only the strict host shows, one scenario each: 1 approve what is seen, 2 links in
// properties, 4 the person's tab kept, 9 interrupted runs offered once.
import { expect, expectIncludes, expectMatch } from "../support/checks.mjs";
import { property, runNotes } from "../support/run-notes.mjs";
import { SLOW_CUE } from "./model-script.mjs";
import { freshRun, gateOf, primaryLabel, shot } from "./run-view-defects.mjs";

const SOP_PATH = "SOPs/Drafting internal product docs.md";
const PROJECT_PATH = "Projects/Identity platform guide.md";
const TYPED = "Typed just now: contractors count as new hires too.";
const TYPED_BEFORE_REVISE = "Typed a moment before asking for a revision: keep the glossary.";

const tabs = (page) => page.evaluate(() => window.sopHost.tabs());

export async function approveWhatIsSeen({ tally, page, ui, pageUrl, mock, artifacts }) {
  tally.scenario("Defect 1: a gate action saves the open note first: what is approved and carried forward is what the person sees");

  await tally.check("typing into step 1's waypoint and approving at once approves the typed text, and step 2's prompt carries it", async () => {
    await freshRun(page, ui, pageUrl, "New IT hires.");
    await gateOf(ui, 1);
    const path = (await runNotes(ui)).waypoints.get(1).path;
    await ui.until(async () => (await ui.openNote()).path === path, "step 1's waypoint in the center");
    await page.locator(".host-root-leaf.mod-active .host-editor .cm-content").click();
    await page.keyboard.press("Control+End");
    await page.keyboard.press("Enter");
    await page.keyboard.type(TYPED);
    // The editor saves 2 s after the last keystroke: the note on disk does not have the typing yet.
    expect(!(await ui.readNote(path)).includes(TYPED), "The waypoint on disk should not have the typing before the editor saves");
    await shot(page, artifacts, "defect-1-typed-unsaved");
    const before = mock.chatRequests().length;
    await ui.clickGate("Approve and continue");
    await gateOf(ui, 2);
    const approved = await ui.readNote(path);
    expectIncludes(approved, TYPED, "Step 1's approved waypoint");
    expect(property(approved, "waypoint_status") === "approved", `Step 1 should be approved; it is ${property(approved, "waypoint_status")}`);
    const prompt = mock.chatRequests().slice(before).map((r) => r.body.messages.map((m) => m.content).join("\n")).join("\n");
    expectIncludes(prompt, TYPED, "Step 2's prompt (step 1's approved output carried forward)");
  });
  await tally.check("typing into step 2's waypoint and asking for a revision at once keeps the typed text in the revision kept as r1", async () => {
    const path = (await runNotes(ui)).waypoints.get(2).path;
    await ui.until(async () => (await ui.openNote()).path === path, "step 2's waypoint in the center");
    await page.locator(".host-root-leaf.mod-active .host-editor .cm-content").click();
    await page.keyboard.press("Control+End");
    await page.keyboard.press("Enter");
    await page.keyboard.type(TYPED_BEFORE_REVISE);
    expect(!(await ui.readNote(path)).includes(TYPED_BEFORE_REVISE), "The waypoint on disk should not have the typing before the editor saves");
    const view = ui.runView();
    await ui.clickGate("Revise with feedback");
    await view.locator(".sop-run-view-ask textarea").fill("Shorter, please.");
    await view.locator(".sop-run-view-ask button", { hasText: "Revise" }).click();
    // The revision is under way or done: the kept r1 is the text the person saw when they asked, their typing included.
    const kept = await ui.until(async () => (await runNotes(ui)).revisions.find((r) => r.path === path.replace(/\.md$/, " (r1).md")), "step 2's first answer kept as r1");
    await shot(page, artifacts, "defect-1-revision-kept");
    expectIncludes(kept.text, TYPED_BEFORE_REVISE, "Step 2's kept revision r1");
    await gateOf(ui, 2);
  });
}

export async function propertyLinks({ tally, page, ui }) {
  tally.scenario("Defect 2: sop, project and sop_run stay links in properties when the vault prefers Markdown links");

  await tally.check("the run note's sop and project and the waypoint's sop_run are \"[[…]]\" links the metadata cache resolves; the body uses the vault's Markdown links", async () => {
    const { run, log, waypoints } = await runNotes(ui);
    const waypoint = waypoints.get(1);
    for (const [text, key] of [[run.text, "sop"], [run.text, "project"], [waypoint.text, "sop_run"]]) {
      expectMatch(/^---\n([\s\S]*?)\n---/.exec(text)?.[1] ?? "", new RegExp(`^${key}: "\\[\\[[^\\]]+\\]\\]"$`, "m"), `The ${key} property`);
    }
    const runLinks = await page.evaluate((p) => window.sopHost.frontmatterLinks(p), run.path);
    const waypointLinks = await page.evaluate((p) => window.sopHost.frontmatterLinks(p), waypoint.path);
    expect(runLinks.sop?.replace(/\|.*$/, "") === SOP_PATH.replace(/\.md$/, "") && runLinks.project?.replace(/\|.*$/, "") === PROJECT_PATH.replace(/\.md$/, ""), `The metadata cache should see sop and project as links; it sees ${JSON.stringify(runLinks)}`);
    expect(waypointLinks.sop_run?.replace(/\|.*$/, "") === run.path.replace(/\.md$/, ""), `The metadata cache should see sop_run as a link; it sees ${JSON.stringify(waypointLinks)}`);
    expectMatch(log?.text ?? "", /Run created from \[Drafting internal product docs\]\(\.\.\/\.\.\/SOPs\/Drafting%20internal%20product%20docs\.md\)/, "The run note's log (the vault's relative Markdown link)");
  });
}

export async function ownTab({ tally, page, ui, pageUrl, artifacts }) {
  tally.scenario("Defect 4: a run's notes open in their own tab and never replace the note the person is reading");

  await tally.check("with the project note open, step 1's waypoint opens in a new tab; step 2's reuses the run's tab; the project note's tab stays", async () => {
    await page.goto(pageUrl);
    await page.waitForFunction(() => window.sopHost !== undefined);
    await page.evaluate(() => window.sopHost.ready);
    await page.locator(`.nav-file-title[data-path="${PROJECT_PATH}"]`).click();
    await ui.until(async () => (await ui.openNote()).path === PROJECT_PATH, "the project note in the center");
    await ui.runCommand("Open run view");
    await ui.runView().waitFor();
    await ui.runCommand("Run an SOP…");
    await ui.pick("Drafting internal product docs");
    await ui.pick("Identity platform guide", "identity");
    await ui.answer("What is this run for?", "New IT hires.", "Run");
    await gateOf(ui, 1);
    const first = (await runNotes(ui)).waypoints.get(1).path;
    await ui.until(async () => (await tabs(page)).some((t) => t.path === first && t.active), "step 1's waypoint in an active tab");
    let open = await tabs(page);
    expect(open.some((t) => t.path === PROJECT_PATH), `The project note's tab should stay open; the tabs show ${JSON.stringify(open)}`);
    await ui.clickGate("Approve and continue");
    await gateOf(ui, 2);
    const second = (await runNotes(ui)).waypoints.get(2).path;
    await ui.until(async () => (await tabs(page)).some((t) => t.path === second && t.active), "step 2's waypoint in an active tab");
    open = await tabs(page);
    expect(open.length === 2 && open[0].path === PROJECT_PATH, `Two tabs, the project note's first: the run's tab moved on to step 2; the tabs show ${JSON.stringify(open)}`);
    await shot(page, artifacts, "defect-4-own-tab");
  });
}

export async function interruptedRuns({ tally, page, ui, pageUrl, serve, artifacts }) {
  tally.scenario("Defect 9: a run interrupted by quitting is offered once at startup, in a notice that stays and whose buttons work");
  let restartUrl = null;
  let runPath = null;

  await tally.check("the app closed while step 1 streamed: the next start offers the run in a notice that stays until clicked", async () => {
    await freshRun(page, ui, pageUrl, `New IT hires. ${SLOW_CUE}`);
    await ui.until(async () => (await primaryLabel(ui)) === "Stop generating", "step 1 to be streaming");
    // What the disk holds at that moment is what the app finds when it starts again.
    const files = {};
    for (const path of await ui.notePaths()) files[path] = await ui.readNote(path);
    runPath = (await runNotes(ui)).run.path;
    expect(property(files[runPath], "run_status") === "running", `The run note should say running while a step streams; it says ${property(files[runPath], "run_status")}`);
    restartUrl = `${await serve(files)}?persist=1`;
    await page.goto(restartUrl);
    await page.evaluate(() => window.sopHost.ready);
    const notice = page.locator(".notice", { hasText: "stopped mid-step" });
    await notice.waitFor();
    await page.evaluate(() => window.sopHost.expireNotices());
    expect((await notice.count()) === 1, "The notice offering the run should stay after timed notices fade");
    await page.screenshot({ path: `${artifacts}/defect-9-interrupted-offer.png` });
    await notice.locator("button", { hasText: "Open run note" }).click();
    await notice.waitFor({ state: "detached" });
    await ui.until(async () => (await ui.openNote()).path === runPath, "the run note open in the center");
  });

  await tally.check("starting again does not offer the same run a second time", async () => {
    await page.goto(restartUrl);
    await page.evaluate(() => window.sopHost.ready);
    const offered = (await ui.notices()).filter((text) => text.includes("stopped mid-step"));
    expect(offered.length === 0, `The run was offered again: ${JSON.stringify(offered)}`);
    await page.evaluate(() => localStorage.clear());
  });
}

export async function backgroundWrites({ tally, page, ui, pageUrl, artifacts }) {
  tally.scenario("Defect 3: a background write into a note open in an editor goes through the editor and keeps the person's unsaved typing");
  const note = "My note, typed just now: ask Dana whether contractors count.";

  await tally.check("typing into the open run note, then cancelling the run: the status is written and the typing stays, on screen and on disk", async () => {
    await freshRun(page, ui, pageUrl, "New IT hires.");
    await gateOf(ui, 1);
    const runPath = (await runNotes(ui)).run.path;
    await ui.menu("Open run note");
    await ui.until(async () => (await ui.openNote()).path === runPath, "the run note in the center");
    await page.locator(".host-root-leaf.mod-active .host-editor .cm-content").click();
    await page.keyboard.press("Control+End");
    await page.keyboard.press("Enter");
    await page.keyboard.type(note);
    expect(!(await ui.readNote(runPath)).includes(note), "The run note on disk should not have the typing before the editor saves");
    await ui.menu("Cancel run…");
    await ui.modal().locator("button", { hasText: "Cancel run" }).click();
    await ui.until(async () => property(await ui.readNote(runPath), "run_status") === "cancelled", "run_status: cancelled on disk");
    expectIncludes((await ui.openNote()).text, note, "The run note in the editor");
    expectIncludes(await ui.readNote(runPath), note, "The run note on disk");
    await shot(page, artifacts, "defect-3-typing-kept");
  });
}
