import { parseReviewNote } from "../../../src/core/review/review-note";
import { ReviewService } from "../../../src/core/review/review-service";
import { nodeYaml } from "../../../src/cli/yaml-codec";
import { DRAFT, findingsJson, LOW_FINDING, reviewerOf, reviewFixture, runToFirstGate, SMS_FINDING, value } from "./review-fixture";

describe("ReviewService.review", () => {
  it("gives the Fact-checker the access policy as evidence and keeps its high finding in a review note beside the waypoint", async () => {
    const fx = reviewFixture();
    const { waypointPath } = await runToFirstGate(fx);
    const [view] = value(await fx.service.review(waypointPath, ["Fact-checker"]));

    const request = fx.model.requests[fx.model.requests.length - 1];
    expect(request.responseFormat).toBe("json");
    expect(request.model).toBe("review-model");
    expect(request.messages[0].content).toContain("You check claims against the sources you are given");
    expect(request.messages[1].content).toContain("### Source: Access policy");
    expect(request.messages[1].content).toContain("Hardware keys are preferred; SMS is not allowed.");
    expect(request.messages[1].content).toContain("Every claim about MFA matches the access policy");
    expect(request.messages[1].content).toContain("SMS is allowed for MFA.");

    expect(view.error).toBeUndefined();
    expect(view.reviewer).toBe("Fact-checker");
    expect(view.revision).toBe(1);
    expect(view.path).toBe(waypointPath.replace(/\.md$/, " — review by Fact-checker (r1).md"));
    const high = view.findings[0];
    expect(high.finding).toMatchObject({ severity: "high", quote: "SMS is allowed for MFA.", source: "Access policy", state: "open" });
    const noteText = fx.vault.files.get(waypointPath) ?? "";
    expect(high.span && noteText.slice(high.span.from, high.span.to)).toBe("SMS is allowed for MFA.");

    const stored = parseReviewNote(fx.vault.files.get(view.path) ?? "", nodeYaml);
    expect(stored.findings.map((f) => f.quote)).toEqual(["SMS is allowed for MFA.", "Hardware keys are preferred."]);
    expect(fx.vault.resolveLink(String(stored.reviewOf).replace(/^\[\[|\]\]$/g, ""), view.path)).toBe(waypointPath);
    expect(fx.vault.properties(view.path)).toMatchObject({ findings_high: 1, findings_low: 1, findings_open: 2, reviewer: "Fact-checker", revision: 1 });
  });

  it("gives the run's project note as evidence too, and the step's and role's sources once each", async () => {
    const fx = reviewFixture({
      files: {
        "Projects/Identity guide.md": "# Identity guide\n\nThe guide covers sign-in for staff laptops only.\n",
        "Roles/Policy checker.md": '---\ntags: [sop-role]\nsources:\n  - "[[Access policy]]"\n---\nYou check policy claims.\n',
      },
    });
    const { waypointPath } = await runToFirstGate(fx, "step", "Projects/Identity guide.md");
    value(await fx.service.review(waypointPath, ["Policy checker"]));
    const user = fx.model.requests[fx.model.requests.length - 1].messages[1].content;
    expect(user).toContain("### Source: Identity guide");
    expect(user).toContain("sign-in for staff laptops only");
    expect(user.match(/### Source: Access policy/g)).toHaveLength(1);
  });

  it("runs reviewers at the same time; a garbled answer becomes an error view with the answer kept, the others still count", async () => {
    let inFlight = 0;
    let most = 0;
    const fx = reviewFixture({
      reviewer: (request) => {
        inFlight++;
        most = Math.max(most, inFlight);
        const release = () => void (inFlight -= 1);
        setTimeout(release, 30);
        const role = reviewerOf(request);
        if (role === "Fact-checker") return { text: findingsJson(SMS_FINDING), delayMs: 30, chunk: 1000 };
        if (role === "Editor") return { text: "Here you go:\n```json\n" + findingsJson(LOW_FINDING) + "\n```\n", delayMs: 30, chunk: 1000 };
        return { text: "I think it reads well overall!", delayMs: 30, chunk: 1000 };
      },
      files: { "Roles/Security lead.md": "---\ntags: [sop-role]\nmodel: security-model\n---\nYou look for security risks.\n" },
    });
    const { waypointPath } = await runToFirstGate(fx);
    const views = value(await fx.service.review(waypointPath, ["Fact-checker", "[[Editor]]", "Security lead"]));

    expect(most).toBe(3);
    expect(views.map((v) => v.reviewer)).toEqual(["Fact-checker", "Editor", "Security lead"]);
    expect(views[0].findings.map((f) => f.finding.severity)).toEqual(["high"]);
    expect(views[1].findings.map((f) => f.finding.quote)).toEqual(["Hardware keys are preferred."]);
    expect(views[2].findings).toEqual([]);
    expect(views[2].error).toMatch(/not in the expected form/);
    expect(fx.model.requests.find((r) => reviewerOf(r) === "Security lead")?.model).toBe("security-model");
    expect(parseReviewNote(fx.vault.files.get(views[2].path) ?? "").unparsedAnswer).toBe("I think it reads well overall!");
  });

  it("a reviewer whose call fails gets its sentence; the other reviewer's findings are written", async () => {
    const fx = reviewFixture({
      reviewer: (request) => (reviewerOf(request) === "Editor" ? { error: { kind: "server", message: "The server had an error." } } : findingsJson(SMS_FINDING)),
    });
    const { waypointPath } = await runToFirstGate(fx);
    const views = value(await fx.service.review(waypointPath, ["Fact-checker", "Editor"]));
    expect(views[0].findings).toHaveLength(1);
    expect(views[1]).toMatchObject({ reviewer: "Editor", path: "", findings: [], error: "The review by Editor failed: The server had an error." });
  });

  it("refuses clearly: no role by that name, no such waypoint, no model", async () => {
    const fx = reviewFixture();
    const { waypointPath } = await runToFirstGate(fx);
    expect(await fx.service.review(waypointPath, ["Nobody"])).toEqual({ ok: false, error: expect.stringMatching(/No role note "Nobody"/) as string });
    expect(await fx.service.review("nowhere.md", ["Fact-checker"])).toEqual({ ok: false, error: 'The waypoint "nowhere.md" does not exist.' });
    const offline = new ReviewService({ vault: fx.vault, yaml: nodeYaml, clock: { now: () => new Date() }, model: null, settings: { roleTag: "sop-role", defaultModel: "" } });
    expect((await offline.review(waypointPath, ["Fact-checker"])).ok).toBe(false);
    const partly = value(await fx.service.review(waypointPath, ["Nobody", "Fact-checker"]));
    expect(partly.map((v) => v.reviewer)).toEqual(["Nobody", "Fact-checker"]);
    expect(partly[0]).toMatchObject({ path: "", findings: [], error: expect.stringMatching(/No role note "Nobody"/) as string });
    expect(partly[1].findings).toHaveLength(2);
  });

  it("previewReview shows exactly what a review would send, and sends nothing", async () => {
    const fx = reviewFixture();
    const { waypointPath } = await runToFirstGate(fx);
    const before = fx.model.requests.length;
    const [call] = value(await fx.service.previewReview(waypointPath, ["Fact-checker"]));
    expect(fx.model.requests).toHaveLength(before);
    value(await fx.service.review(waypointPath, ["Fact-checker"]));
    const sent = fx.model.requests[fx.model.requests.length - 1];
    expect(call).toEqual({ reviewer: "Fact-checker", model: sent.model, messages: sent.messages });
  });

  it("reviewing again reuses the undecided note; once a finding is decided the new review gets its own note", async () => {
    const fx = reviewFixture();
    const { waypointPath } = await runToFirstGate(fx);
    const first = value(await fx.service.review(waypointPath, ["Fact-checker"]))[0];
    const again = value(await fx.service.review(waypointPath, ["Fact-checker"]))[0];
    expect(again.path).toBe(first.path);
    value(await fx.service.dismiss(first.path, again.findings[1].finding.id));
    const third = value(await fx.service.review(waypointPath, ["Fact-checker"]))[0];
    expect(third.path).toBe(first.path.replace(/\.md$/, " 2.md"));
    expect(parseReviewNote(fx.vault.files.get(first.path) ?? "").findings[1].state).toBe("dismissed");
    expect(value(await fx.service.reviewsOf(waypointPath)).map((v) => v.path)).toEqual([first.path, third.path]);
  });
});

describe("accept, dismiss and send to revision", () => {
  it("accept replaces only the quoted span and marks the finding accepted", async () => {
    const fx = reviewFixture();
    const { waypointPath } = await runToFirstGate(fx);
    const [view] = value(await fx.service.review(waypointPath, ["Fact-checker"]));
    const before = fx.vault.files.get(waypointPath) ?? "";
    const span = view.findings[0].span as { from: number; to: number };

    expect(value(await fx.service.accept(view.path, view.findings[0].finding.id))).toEqual({ applied: true });
    expect(fx.vault.files.get(waypointPath)).toBe(before.slice(0, span.from) + "SMS is not allowed for MFA." + before.slice(span.to));
    expect(fx.vault.body(waypointPath)).toContain("authentication. SMS is not allowed for MFA. Hardware keys");
    const states = parseReviewNote(fx.vault.files.get(view.path) ?? "").findings.map((f) => f.state);
    expect(states).toEqual(["accepted", "open"]);
    expect(fx.vault.properties(view.path)).toMatchObject({ findings_open: 1, findings_high: 1 });
    expect(value(await fx.service.accept(view.path, view.findings[0].finding.id))).toEqual({ applied: false, reason: expect.stringMatching(/already accepted/) as string });
  });

  it("accept refuses advice and a quote that is gone, leaving the waypoint and the finding as they were", async () => {
    const fx = reviewFixture();
    const { waypointPath } = await runToFirstGate(fx);
    const [view] = value(await fx.service.review(waypointPath, ["Fact-checker"]));
    const before = fx.vault.files.get(waypointPath);
    const advice = value(await fx.service.accept(view.path, view.findings[1].finding.id));
    expect(advice.applied).toBe(false);
    expect(advice.reason).toMatch(/advice/);
    await fx.vault.process(waypointPath, (text) => text.replace("SMS is allowed for MFA. ", ""));
    const edited = fx.vault.files.get(waypointPath);
    const gone = value(await fx.service.accept(view.path, view.findings[0].finding.id));
    expect(gone.applied).toBe(false);
    expect(gone.reason).toMatch(/no longer in the waypoint/);
    expect(fx.vault.files.get(waypointPath)).toBe(edited);
    expect(edited).not.toBe(before);
    expect(parseReviewNote(fx.vault.files.get(view.path) ?? "").findings.map((f) => f.state)).toEqual(["open", "open"]);
  });

  it("accept leaves an approved waypoint alone and says to reopen the step", async () => {
    const fx = reviewFixture();
    const { runPath, waypointPath } = await runToFirstGate(fx);
    const [view] = value(await fx.service.review(waypointPath, ["Fact-checker"]));
    value(await fx.engine.approve(runPath));
    const before = fx.vault.files.get(waypointPath);
    const refused = value(await fx.service.accept(view.path, view.findings[0].finding.id));
    expect(refused).toEqual({ applied: false, reason: expect.stringMatching(/approved.*reopen its step/) as string });
    expect(fx.vault.files.get(waypointPath)).toBe(before);
    value(await fx.engine.reopen(runPath, 1));
    expect(value(await fx.service.accept(view.path, view.findings[0].finding.id)).applied).toBe(true);
  });

  it("dismiss marks the finding and changes no text", async () => {
    const fx = reviewFixture();
    const { waypointPath } = await runToFirstGate(fx);
    const [view] = value(await fx.service.review(waypointPath, ["Fact-checker"]));
    const before = fx.vault.files.get(waypointPath);
    value(await fx.service.dismiss(view.path, view.findings[1].finding.id));
    expect(fx.vault.files.get(waypointPath)).toBe(before);
    expect(parseReviewNote(fx.vault.files.get(view.path) ?? "").findings.map((f) => f.state)).toEqual(["open", "dismissed"]);
    expect(fx.vault.properties(view.path)).toMatchObject({ findings_open: 1 });
    expect(await fx.service.dismiss(view.path, "f9")).toEqual({ ok: false, error: expect.stringMatching(/no finding f9/) as string });
  });

  it("feedbackFor words the chosen findings for the revision and marks them accepted; the engine revises with it", async () => {
    const fx = reviewFixture();
    const { runPath, waypointPath } = await runToFirstGate(fx);
    const [view] = value(await fx.service.review(waypointPath, ["Fact-checker"]));
    const feedback = value(await fx.service.feedbackFor(view.path, [view.findings[0].finding.id]));
    expect(feedback).toContain("Fact-checker (high) on “SMS is allowed for MFA.”");
    expect(feedback).toContain("(source: Access policy)");
    expect(parseReviewNote(fx.vault.files.get(view.path) ?? "").findings.map((f) => f.state)).toEqual(["accepted", "open"]);
    const revised = value(await fx.engine.revise(runPath, feedback));
    expect(revised.status).toBe("running");
    expect(await fx.service.feedbackFor(view.path, [])).toEqual({ ok: false, error: expect.any(String) as string });
  });
});

describe("reviewsOf", () => {
  it("re-anchors findings to the edited waypoint and shows a finding whose quote is gone as detached", async () => {
    const fx = reviewFixture();
    const { waypointPath } = await runToFirstGate(fx);
    value(await fx.service.review(waypointPath, ["Fact-checker"]));
    await fx.vault.process(waypointPath, (text) => text.replace("# Sign in safely\n", "# Sign in safely\n\nRead this first, it is short.\n"));
    const moved = value(await fx.service.reviewsOf(waypointPath))[0];
    const text = fx.vault.files.get(waypointPath) ?? "";
    expect(moved.findings.map((f) => f.span && text.slice(f.span.from, f.span.to))).toEqual(["SMS is allowed for MFA.", "Hardware keys are preferred."]);

    await fx.vault.process(waypointPath, (current) => current.replace("SMS is allowed for MFA.", "Use an authenticator app."));
    const after = value(await fx.service.reviewsOf(waypointPath))[0];
    expect(after.findings).toHaveLength(2);
    expect(after.findings[0]).toMatchObject({ detached: true, span: null, finding: { quote: "SMS is allowed for MFA." } });
    expect(after.findings[1].detached).toBe(false);
    expect(DRAFT).toContain("SMS is allowed for MFA.");
  });

  it("shows only reviews of the current revision", async () => {
    const fx = reviewFixture();
    const { runPath, waypointPath } = await runToFirstGate(fx);
    value(await fx.service.review(waypointPath, ["Fact-checker"]));
    expect(value(await fx.service.reviewsOf(waypointPath))).toHaveLength(1);
    value(await fx.engine.revise(runPath, "Fix the SMS claim."));
    value(await fx.engine.advance(runPath));
    expect(fx.vault.properties(waypointPath).revision).toBe(2);
    expect(value(await fx.service.reviewsOf(waypointPath))).toEqual([]);
  });
});
