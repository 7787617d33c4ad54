/** @jest-environment jsdom */
// The run view's findings panel over a fake review service: counts, cards, accept, dismiss, send to revision, check with a role.
import { EXAMPLE_PROJECT, EXAMPLE_SOP } from "../../support/example-vault-files";
import { RolePickerModal } from "../../../src/obsidian/ui/role-picker-modal";
import { button, gateAt, lastOpened, loadPlugin, mockOf, openView, read, texts, until } from "../../support/obsidian-run-view";
import type { ViewHarness } from "../../support/obsidian-run-view";
import type { RunView } from "../../../src/obsidian/ui/run-view";
import { stepOf } from "../../support/scripted-model";
import { logNotePath } from "../../../src/core/run/note-names";

afterEach(() => jest.restoreAllMocks());

async function atGateWithView(h: ViewHarness, seed: (waypoint: string) => void): Promise<{ runPath: string; waypoint: string; view: RunView }> {
  const runPath = await h.plugin.runs!.start({ sopPath: EXAMPLE_SOP, projectPath: EXAMPLE_PROJECT, cue: "" });
  if (!runPath) throw new Error(h.notices.join(" | "));
  await gateAt(h, 1);
  const waypoint = h.plugin.runs!.snapshot(runPath)!.gate!.waypointPath;
  seed(waypoint);
  return { runPath, waypoint, view: await openView(h) };
}

function card(view: RunView, problem: string): HTMLElement {
  const found = [...view.contentEl.querySelectorAll<HTMLElement>(".sop-run-view-finding")].find((el) => el.querySelector(".sop-run-view-finding-problem")?.textContent === problem);
  if (!found) throw new Error(`No finding "${problem}"`);
  return found;
}

function counts(view: RunView): string[] {
  return texts(view, ".sop-run-view-counts .sop-run-view-severity");
}

it("lists the waypoint's findings with counts, quotes, detached ones, suggestions and sources", async () => {
  const h = await loadPlugin();
  const { view } = await atGateWithView(h, (w) => {
    h.reviews.add(w, "Editor", [
      { id: "f1", quote: "Output of step 1", problem: "Too vague.", severity: "high", suggestion: "The outline of step 1", source: "Style guide" },
      { id: "f2", quote: "words that were edited away", problem: "Wrong claim.", severity: "medium" },
    ], ["f2"]);
    h.reviews.add(w, "Fact-checker", [{ id: "f1", quote: "call 1", problem: "Unsourced.", severity: "low" }]);
  });
  await until(() => view.contentEl.querySelectorAll(".sop-run-view-finding").length === 3, "three findings");
  expect(counts(view)).toEqual(["1 high", "1 medium", "1 low"]);
  expect(texts(view, ".sop-run-view-review-title")).toEqual(["Editor on revision 1", "Fact-checker on revision 1"]);
  const f1 = card(view, "Too vague.");
  expect(f1.querySelector(".sop-run-view-severity")?.textContent).toBe("high");
  expect(f1.querySelector("blockquote")?.textContent).toBe("Output of step 1");
  expect(f1.querySelector(".sop-run-view-finding-suggestion")?.textContent).toBe("Suggestion: The outline of step 1");
  expect(f1.querySelector(".sop-run-view-finding-source")?.textContent).toBe("Source: Style guide");
  expect(card(view, "Wrong claim.").querySelector(".sop-run-view-finding-detached")?.textContent).toBe("Detached: quote no longer in the text");
  expect(view.containerEl.querySelectorAll("[style]")).toHaveLength(0);
});

it("accepts and dismisses findings one by one through the service and redraws; a refused accept shows its reason", async () => {
  const h = await loadPlugin();
  const { view } = await atGateWithView(h, (w) => {
    h.reviews.add(w, "Editor", [
      { id: "f1", quote: "Output of step 1", problem: "Too vague.", severity: "high", suggestion: "The outline of step 1" },
      { id: "f2", quote: "call 1", problem: "Say which call.", severity: "medium", suggestion: "Add the call's date." },
      { id: "f3", quote: "step", problem: "Jargon.", severity: "low" },
    ]);
  });
  await until(() => view.contentEl.querySelectorAll(".sop-run-view-finding").length === 3, "three findings");

  button(view, "Accept", card(view, "Too vague.")).click();
  await until(() => card(view, "Too vague.").hasClass("is-accepted"), "the accepted finding to redraw");
  expect(h.reviews.calls).toEqual(["accept f1"]);
  expect(card(view, "Too vague.").querySelectorAll("button")).toHaveLength(0);
  expect(counts(view)).toEqual(["0 high", "1 medium", "1 low"]);

  h.reviews.acceptAnswer = { applied: false, reason: "The suggestion reads as advice, not replacement text." };
  button(view, "Accept", card(view, "Say which call.")).click();
  await until(() => card(view, "Say which call.").querySelector(".sop-run-view-finding-message")?.textContent, "the reason");
  expect(card(view, "Say which call.").querySelector(".sop-run-view-finding-message")?.textContent).toBe("The suggestion reads as advice, not replacement text.");
  expect(h.notices).toContain("The suggestion reads as advice, not replacement text.");
  expect(card(view, "Say which call.").hasClass("is-open")).toBe(true);

  button(view, "Dismiss", card(view, "Jargon.")).click();
  await until(() => card(view, "Jargon.").hasClass("is-dismissed"), "the dismissed finding to redraw");
  expect(h.reviews.calls).toEqual(["accept f1", "accept f2", "dismiss f3"]);
  expect(counts(view)).toEqual(["0 high", "1 medium", "0 low"]);
});

it("sends a finding to revision as feedback: the step runs again with it", async () => {
  const h = await loadPlugin();
  const { view, runPath } = await atGateWithView(h, (w) => {
    h.reviews.add(w, "Editor", [{ id: "f1", quote: "Output", problem: "Name the access policy.", severity: "high" }]);
  });
  await until(() => view.contentEl.querySelectorAll(".sop-run-view-finding").length === 1, "the finding");
  const send = button(view, "Send to revision", card(view, "Name the access policy."));
  expect(send.disabled).toBe(false);
  send.click();
  await until(() => h.layer.model.requests.length === 2, "the revision's model call");
  await gateAt(h, 1);
  expect(h.reviews.calls).toEqual(["feedback f1"]);
  expect(h.layer.model.requests[1].messages.map((m) => m.content).join("\n")).toContain("Fix this: Name the access policy.");
  await until(() => view.contentEl.querySelector(".sop-run-view-step-revisions")?.getAttribute("aria-label") === "Revision 2", "the steps to count the revision");
  expect(await read(h, logNotePath(runPath))).toContain("Name the access policy.");
});

it("checks the waypoint with a role picked from the role notes, from the panel and from the command", async () => {
  const h = await loadPlugin();
  const { view, waypoint } = await atGateWithView(h, () => undefined);
  await until(() => view.contentEl.textContent?.includes("No reviews yet."), "the empty panel");

  button(view, "Check with role…").click();
  const picker = await lastOpened(h, RolePickerModal);
  const labels = picker.getItems().map((choice) => choice.label);
  expect(labels).toEqual(expect.arrayContaining(["Editor", "Fact-checker"]));
  picker.onChooseItem(picker.getItems().find((choice) => choice.label === "Fact-checker")!);
  await until(() => view.contentEl.querySelector(".sop-run-view-finding-problem")?.textContent === "Fact-checker says no", "the new finding");
  expect(h.reviews.calls).toEqual([`review ${waypoint} Fact-checker`]);
  expect(counts(view)).toEqual(["1 high", "0 medium", "0 low"]);

  const command = mockOf(h.plugin).commands__.get("check-with-role")!;
  expect(command.checkCallback?.(true)).toBe(true);
  h.opened.length = 0;
  command.checkCallback?.(false);
  const second = await lastOpened(h, RolePickerModal);
  const every = second.getItems()[0];
  expect(every.label).toBe(`Every role (${every.roles.length})`);
  expect(every.roles.length).toBeGreaterThanOrEqual(3);
  second.onChooseItem(every);
  await until(() => view.contentEl.querySelectorAll(".sop-run-view-review").length === 1 + every.roles.length, "a review from every role");
  expect(h.reviews.calls).toEqual([`review ${waypoint} Fact-checker`, `review ${waypoint} ${every.roles.map((role) => role.basename).join(",")}`]);
});

it("reloads the panel when the engine reports a review of the step (reviewers run after a step)", async () => {
  const h = await loadPlugin();
  const { view, waypoint, runPath } = await atGateWithView(h, () => undefined);
  await until(() => view.contentEl.textContent?.includes("No reviews yet."), "the empty panel");
  h.reviews.add(waypoint, "Editor", [{ id: "f1", quote: "Output", problem: "Too short.", severity: "high" }]);
  const emit = (h.plugin.runs as unknown as { onEvent(run: string, event: unknown): void }).onEvent.bind(h.plugin.runs);
  emit(runPath, { type: "review", step: 1, reviewer: "Editor", findings: { high: 1, medium: 0, low: 0 } });
  await until(() => view.contentEl.querySelector(".sop-run-view-finding-problem")?.textContent === "Too short.", "the engine's review in the panel");
  expect(counts(view)).toEqual(["1 high", "0 medium", "0 low"]);
});

it("with the real review service: a role checks the waypoint, the finding is listed, and Accept rewrites only its span", async () => {
  const answer = JSON.stringify({
    findings: [{ quote: "Output of step 1", problem: "Say who the audience is.", severity: "high", suggestion: "Audience: new IT hires", source: null, check: null }],
  });
  const h = await loadPlugin((request, call) => (request.responseFormat === "json" ? answer : `Output of step ${stepOf(request)}, call ${call + 1}.`), { realReviews: true });
  const runPath = await h.plugin.runs!.start({ sopPath: EXAMPLE_SOP, projectPath: EXAMPLE_PROJECT, cue: "" });
  await gateAt(h, 1);
  const waypoint = h.plugin.runs!.snapshot(runPath)!.gate!.waypointPath;
  const before = await read(h, waypoint);
  const view = await openView(h);

  button(view, "Check with role…").click();
  const picker = await lastOpened(h, RolePickerModal);
  picker.onChooseItem(picker.getItems().find((choice) => choice.label === "Editor")!);
  await until(() => view.contentEl.querySelector(".sop-run-view-finding-problem")?.textContent === "Say who the audience is.", "the real review's finding");
  expect(texts(view, ".sop-run-view-review-title")).toEqual(["Editor on revision 1"]);
  expect(counts(view)).toEqual(["1 high", "0 medium", "0 low"]);

  button(view, "Accept", card(view, "Say who the audience is.")).click();
  await until(() => card(view, "Say who the audience is.").hasClass("is-accepted"), "the accepted finding");
  const after = await read(h, waypoint);
  expect(after).toBe(before.replace("Output of step 1", "Audience: new IT hires"));
  await until(() => view.contentEl.querySelector(".sop-run-view-output")?.textContent?.includes("Audience: new IT hires, call 1."), "the output to show the accepted text");
  expect(counts(view)).toEqual(["0 high", "0 medium", "0 low"]);
});
