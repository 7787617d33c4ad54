// Each trap real procedures set, in a small fixture of its own: the steps a careful reader would count.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parseProcedure } from "../../../src/core/sop/parse-procedure";
import type { Procedure } from "../../../src/core/sop/types";
import { nodeYaml } from "../../../src/cli/yaml-codec";

const traps = join(__dirname, "../../fixtures/sops/traps");

function parseTrap(file: string): Procedure {
  const outcome = parseProcedure(readFileSync(join(traps, `${file}.md`), "utf8"), { name: file, yaml: nodeYaml });
  if (!outcome.ok) throw new Error(`expected ${file} to parse: ${outcome.error}`);
  return outcome.procedure;
}

const expected: Record<string, string[]> = {
  "wrong-numbers": ["Streak cells on a plate", "Pick one colony", "Grow overnight", "Chill on ice", "Spin down", "Resuspend in buffer"],
  "lazy-numbers": ["Pick the version number", "Update the changelog", "Tag the commit"],
  "numbering-across-subheadings": ["Heat the oil", "Add the garlic", "Boil the water", "Cook the pasta", "Toss and serve"],
  "step-headings-change-level": ["Check the release is ready", "Merge the proposal branch", "Update the changelog", "Tag the release"],
  "decimal-sections": ["Weigh the salts", "Dissolve in water", "Adjust the pH"],
  "bold-step-lines": ["Author submits a paper", "Screen the submission", "Find two reviewers", "Start the review"],
  "phase-labels-checklist": ["Before release", "Release", "After release", "Party (only when every box above is ticked)"],
  "phase-headings-checklist": ["Radio is bound", "Battery is charged", "Props are tight", "Arm and disarm", "Spin test"],
  "phases-with-lists": ["Investigate", "Remediate", "Communicate"],
  "prose-and-code-sections": ["Installing the proxy", "Running it on startup", "Configuring the resolver"],
  "code-comment-steps": ["create the new key", "install it on every host", "remove the old key"],
  "mkdocs-admonition": ["Create the root account", "Create the admin user", "Invite the legacy account"],
  "obsidian-callout": ["Close the windows", "Set the alarm", "Lock the door"],
  "details-block": ["Stop the service", "Delete the cache folder", "Start the service"],
  "hugo-shortcodes": ["Set up the new server", "Stop the old server", "Copy the data"],
  "paren-delimiters": ["Back up the files", "Sign out of every account", "Erase the disk", "Reinstall the system"],
  "toc-decoy": ["Set up variables", "Create the branch", "Tag the release"],
  "prerequisites-decoy": ["Stop the application", "Download the latest backup", "Restore the database"],
  "troubleshooting-decoy": ["Run the renewal command", "Reload the web server"],
  "link-list-decoy": ["Create the account", "Send the laptop"],
  "template-in-fence": ["Copy the template below", "Fill in every section"],
  "issue-creator-decoy": ["Read the README", "Join the chat", "Get a laptop", "Get an account"],
};

describe("procedures as people write them", () => {
  it.each(Object.entries(expected))("%s", (file, titles) => {
    expect(parseTrap(file).steps.map((s) => s.title)).toEqual(titles);
  });

  it("a number written twice is a warning; lazy numbering is not", () => {
    expect(parseTrap("wrong-numbers").warnings).toEqual(["Steps 4 and 5 are both numbered 5; they run in the order written."]);
    expect(parseTrap("lazy-numbers").warnings).toEqual([]);
  });

  it("steps keep what belongs to them: a sub-list, a code block inside an admonition, the code after a step comment", () => {
    expect(parseTrap("lazy-numbers").steps[1].checks).toEqual(["Move the unreleased entries", "Add the date"]);
    expect(parseTrap("mkdocs-admonition").steps[1].text).toContain("aws iam create-user");
    expect(parseTrap("code-comment-steps").steps[1].text).toBe("```bash\n# Step 2: install it on every host\n./push-key.sh new_key.pub\n```");
    expect(parseTrap("prose-and-code-sections").steps[1].text).toContain("sudo systemctl enable --now proxy");
    expect(parseTrap("prose-and-code-sections").steps[2].text).not.toContain("proxy update");
  });

  it("the other procedures are listed as candidates with their heading path; the decoy is among them", () => {
    const p = parseTrap("prerequisites-decoy");
    expect(p.candidates[0]).toMatchObject({ chosen: true, path: ["Restore a backup", "Restore"], stepCount: 3, shape: "numbered list" });
    expect(p.choice).toContain("numbered list (3 steps)");
    const phases = parseTrap("phases-with-lists");
    expect(phases.candidates.map((c) => c.path.join(" > "))).toContain("Incident playbook > Playbook: phishing > Resources > Reference: help desk actions");
  });
});

describe("sop_procedure pins the procedure", () => {
  const note = (pin: string) =>
    `---\nsop_procedure: ${pin}\n---\n# Releases\n\n## Minor release\n\n1. Branch\n2. Tag\n3. Publish\n\n## Patch release\n\n1. Cherry-pick\n2. Tag\n`;

  it("a heading's text or a heading path wins over the default choice", () => {
    const parse = (md: string) => {
      const o = parseProcedure(md, { name: "Releases", yaml: nodeYaml });
      if (!o.ok) throw new Error(o.error);
      return o.procedure;
    };
    expect(parse(note("Minor release")).steps.map((s) => s.title)).toEqual(["Branch", "Tag", "Publish"]);
    expect(parse(note("Patch release")).steps.map((s) => s.title)).toEqual(["Cherry-pick", "Tag"]);
    expect(parse(note('"Releases > patch release"')).steps.map((s) => s.title)).toEqual(["Cherry-pick", "Tag"]);
    expect(parse(note("Patch release")).choice).toBe('sop_procedure pins "Patch release"');
    const chosen = parse(note("Patch release")).candidates.map((c) => c.chosen);
    expect(chosen[0]).toBe(true);
    expect(chosen.slice(1)).not.toContain(true);
    expect(chosen.length).toBeGreaterThan(1);
  });

  it("a pin naming no heading warns and runs the default choice", () => {
    const o = parseProcedure(note("Hotfix"), { name: "Releases", yaml: nodeYaml });
    if (!o.ok) throw new Error(o.error);
    expect(o.procedure.steps.map((s) => s.title)).toEqual(["Branch", "Tag", "Publish"]);
    expect(o.procedure.warnings).toEqual(['sop_procedure "Hotfix" names no heading with a procedure under it in "Releases"; running the default choice instead.']);
  });
});
