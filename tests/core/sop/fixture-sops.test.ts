// Every fixture SOP parses to the steps a reader of the note would count; expectations written from the notes themselves.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parseProcedure } from "../../../src/core/sop/parse-procedure";
import type { Procedure } from "../../../src/core/sop/types";
import { nodeYaml } from "../../../src/cli/yaml-codec";

const fixtures = join(__dirname, "../../fixtures/sops");

function parseFixture(file: string, name = file): Procedure {
  const outcome = parseProcedure(readFileSync(join(fixtures, `${file}.md`), "utf8"), { name, yaml: nodeYaml });
  if (!outcome.ok) throw new Error(`expected ${file} to parse: ${outcome.error}`);
  return outcome.procedure;
}

const titlesOf = (p: Procedure) => p.steps.map((s) => s.title);

describe("fixture SOPs written in the shapes teams use", () => {
  it("the essay's SOP: five steps with roles, reviews, context and checks", () => {
    const p = parseFixture("drafting-internal-product-docs");
    expect(p.title).toBe("Drafting internal product docs");
    expect(titlesOf(p)).toEqual([
      "Identify the target audience and their common questions",
      "Build a topic outline focused on user workflows",
      "Draft section content in plain, direct language",
      "Apply tone/style guide and format for readability",
      "Spot-check accuracy using examples or config snippets",
    ]);
    expect(p.steps.map((s) => s.fields)).toEqual([
      { role: "Drafter" },
      { role: "Drafter", review: "Editor" },
      { role: "Drafter", context: "[[Identity platform guide]]" },
      { role: "Editor", sources: "[[Style guide]]" },
      { role: "Fact-checker", gate: "review" },
    ]);
    expect(p.steps[0].checks).toEqual([
      "Names the audience and where they are in their first 90 days",
      "Prompt for common confusions around lifecycle events (e.g. team transfers, departures) that affect access",
    ]);
    expect(p.steps[4].checks).toHaveLength(2);
    expect(p.steps.map((s) => s.index)).toEqual([1, 2, 3, 4, 5]);
    expect(p.steps[0].id).toBe("1-identify-the-target-audience-and-their-common-qu");
    expect(p.settings).toEqual({ version: 3, mode: "step" });
    expect(p.preamble).toContain("Our standard operating procedure");
    expect(p.preamble).not.toContain("# Drafting");
    expect(p.steps[4].text).not.toContain("Changelog");
  });

  it("a task-list release checklist under a Checklist heading, sub-tasks as checks", () => {
    const p = parseFixture("release-checklist");
    expect(titlesOf(p)).toEqual([
      "Cut the release branch release/x.y from main",
      "Bump the version in app.json and the build number",
      "Freeze translations",
      "Run the smoke test suite on both platforms",
      "Upload builds and submit for review",
      "Announce the release in #general",
    ]);
    expect(p.steps[1].checks).toEqual([
      "iOS build number is higher than the last TestFlight build",
      "Android versionCode is higher than the last Play build",
    ]);
    expect(p.steps[0].text).toBe("Cut the release branch `release/x.y` from `main`");
  });

  it("an incident runbook with numbered headings, code and a sub-heading inside a step", () => {
    const p = parseFixture("incident-runbook");
    expect(titlesOf(p)).toEqual(["Acknowledge the page", "Confirm the primary is down", "Promote the replica", "Repoint the application"]);
    expect(p.steps[1].checks).toEqual(["The command reports no response", "Replication lag on the replica is under 30 s"]);
    expect(p.steps[2].fields).toEqual({ worker: "human", gate: "review" });
    expect(p.steps[2].text).toContain("### If promotion hangs");
    expect(p.steps[2].text).toContain("pg_ctl promote");
    expect(p.steps[3].text).not.toContain("Escalation");
    expect(p.preamble).toContain("automatic failover did not happen");
  });

  it("a lab protocol: Procedure section wins over Materials, tables and callouts stay in their step", () => {
    const p = parseFixture("lab-protocol");
    expect(p.title).toBe("Bacterial transformation (heat shock)");
    expect(p.steps).toHaveLength(7);
    expect(p.steps[0].title).toBe("Thaw competent cells on ice for 10 min");
    expect(p.steps[3].title).toBe("Heat shock at 42 °C for exactly 45 s");
    expect(p.steps[1].text).toContain("| Control  | 0        | 50         |");
    expect(p.steps[3].text).toContain("> [!warning] Timing matters");
    expect(p.preamble).toContain("Competent cells (DH5α)");
  });

  it("an onboarding list that is just a task list", () => {
    const p = parseFixture("onboarding-list");
    expect(p.steps).toHaveLength(5);
    expect(p.steps[2].title).toBe("Read Engineering handbook");
    expect(p.steps[2].text).toBe("Read [[Engineering handbook]]");
    expect(p.preamble).toContain("Welcome!");
  });

  it("Phase N headings", () => {
    const p = parseFixture("phase-headings");
    expect(titlesOf(p)).toEqual(["Intake", "Questionnaire", "Risk rating", "Decision"]);
    expect(p.steps[0].fields).toEqual({ role: "Requester" });
    expect(p.steps[2].fields).toEqual({ role: "Security analyst", review: "Security lead" });
    expect(p.steps[1].checks).toHaveLength(2);
    expect(p.steps[3].text).not.toContain("Vendor register");
  });

  it("lazy 1. 1. 1. numbering", () => {
    const p = parseFixture("lazy-numbering");
    expect(titlesOf(p)).toEqual([
      "Pick a random backup from the last seven days",
      "Restore it to the scratch server",
      "Run the row-count comparison script",
      "Record the result in the backup log",
    ]);
  });

  it("numbering from 0 still gives steps 1..n", () => {
    const p = parseFixture("numbered-from-zero");
    expect(p.steps.map((s) => [s.index, s.title])).toEqual([
      [1, "Back up anything personal you want to keep"],
      [2, "Sign out of all accounts"],
      [3, "Wipe the disk with the IT tool"],
      [4, "Hand the laptop to IT and get a receipt"],
    ]);
  });

  it("a list interrupted by a code fence and an embed, then resumed, is one procedure", () => {
    const p = parseFixture("interrupted-list");
    expect(titlesOf(p)).toEqual([
      "Pull the latest main",
      "Build the site",
      "Check the build output for broken links",
      "Compare the new navigation with the current one",
      "Publish with npm run deploy",
      "Purge the CDN cache",
    ]);
    expect(p.steps[1].text).toContain("npm run build");
    expect(p.steps[3].text).toContain("![[navigation-diagram.png]]");
    expect(p.steps[2].text).not.toContain("npm ci");
  });

  it("callouts inside items under an Instructions heading", () => {
    const p = parseFixture("callouts-in-items");
    expect(p.steps).toHaveLength(4);
    expect(p.steps[0].title).toBe("Generate a new key pair in the key vault");
    expect(p.steps[0].text).toContain("> [!note]");
    expect(p.steps[1].text).toContain("Tokens signed with it stay valid for 24 hours.");
  });

  it("setext headings", () => {
    const p = parseFixture("setext-headings");
    expect(p.title).toBe("Office closing procedure");
    expect(p.steps).toHaveLength(4);
    expect(p.steps[3].title).toBe("Lock the front door and check it twice");
    expect(p.preamble).toContain("For whoever leaves last");
  });

  it("prose around: the longest ordered list is the procedure, the short one stays preamble", () => {
    const p = parseFixture("prose-around");
    expect(p.steps).toHaveLength(5);
    expect(p.steps[0].title).toBe("Open the access export and filter to your team");
    expect(p.preamble).toContain("Your team roster");
    expect(p.steps[4].text).not.toContain("compliance team follows up");
  });

  it("inline fields: own-line, [bracketed] and (parenthesised); never inside code", () => {
    const p = parseFixture("inline-fields-steps");
    expect(titlesOf(p)).toEqual(["Write the first draft", "Fact-check every claim", "Edit for voice and length", "Schedule the post"]);
    expect(p.steps[0].fields).toEqual({ role: "Writer", model: "gpt-4o" });
    expect(p.steps[0].checks).toEqual(["Hook in the first two sentences"]);
    expect(p.steps[1].fields).toEqual({ worker: "human", sources: "[[Editorial policy]], [[Brand claims]]" });
    expect(p.steps[2].fields).toEqual({ role: "Editor", gate: "review" });
    expect(p.steps[3].fields).toEqual({});
    expect(p.steps[0].text).toContain("[role:: Writer]");
    expect(p.settings).toEqual({ version: 1, model: "gpt-4o-mini", runsFolder: "Runs/Blog" });
  });

  it("HTML blocks inside an item", () => {
    const p = parseFixture("html-in-items");
    expect(p.steps).toHaveLength(4);
    expect(p.steps[1].title).toBe("Open the admin console and find the account");
    expect(p.steps[1].text).toContain("<summary>Where is the admin console?</summary>");
  });

  it("Step N – headings", () => {
    const p = parseFixture("step-word-headings");
    expect(titlesOf(p)).toEqual(["Export billable hours", "Reconcile with contracts", "Create invoices", "Send and record"]);
    expect(p.steps[0].id).toBe("1-export-billable-hours");
  });

  it("a plain bullet list counts inside an Instructions section", () => {
    const p = parseFixture("instructions-bullets");
    expect(titlesOf(p)).toEqual(["Confirm the fix with the customer", "Add the resolution category", "Link any related bug report", "Close the ticket with a short summary"]);
  });

  it("a note without a procedure is one sentence naming it and saying how", () => {
    const outcome = parseProcedure(readFileSync(join(fixtures, "no-procedure.md"), "utf8"), { name: "Team meeting notes", yaml: nodeYaml });
    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
    expect(outcome.error).toContain('"Team meeting notes"');
    expect(outcome.error).toContain("## Steps");
    expect(outcome.error).not.toContain("\n");
  });

  it("broken frontmatter names the note and a line", () => {
    const outcome = parseProcedure(readFileSync(join(fixtures, "broken-frontmatter.md"), "utf8"), { name: "Broken", yaml: nodeYaml });
    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
    expect(outcome.error).toMatch(/"Broken".*line [2-4]\b/);
    expect(outcome.error).not.toContain("\n");
  });
});

describe("documents shaped like public material", () => {
  it("an open-source RELEASING.md: the numbered list under 'Making a release'", () => {
    const p = parseFixture("public-release-process");
    expect(titlesOf(p)).toEqual([
      "Make sure main is green on CI",
      "Update CHANGELOG.md",
      "Bump the version",
      "Push the commit and the tag",
      "Publish to npm: npm publish",
      "Create a GitHub release from the tag and paste the changelog section",
    ]);
    expect(p.steps[1].checks).toEqual(["Move the entries under Unreleased to a new version heading.", "Add the release date."]);
    expect(p.steps[2].text).toContain('npm version minor -m "Release %s"');
  });

  it("a pull-request template: the Checklist section, not the 'Type of change' boxes", () => {
    const p = parseFixture("public-pr-template-checklist", "PR template");
    expect(p.title).toBe("PR template");
    expect(p.steps).toHaveLength(6);
    expect(p.steps[0].title).toBe("My code follows the style guidelines of this project");
  });

  it("a protocol whose numbering carries on across sub-headings", () => {
    const p = parseFixture("public-lab-protocol");
    expect(p.steps).toHaveLength(8);
    expect(p.steps[3].title).toBe("Add 0.2 mL chloroform per 1 mL TRIzol and shake vigorously for 15 s");
    expect(p.steps[2].text).not.toContain("Phase separation");
  });

  it("an SRE runbook: the Resolution list, commands inside steps", () => {
    const p = parseFixture("public-sre-runbook");
    expect(p.steps).toHaveLength(5);
    expect(p.steps[2].title).toBe("If a deploy happened in the last hour, roll it back");
    expect(p.steps[2].text).toContain("kubectl rollout undo");
  });
});
