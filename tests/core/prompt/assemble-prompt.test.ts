// Prompt assembly: the cache-friendly order, the context budget's cut marker, and the prefix successive steps share.
import { assemblePrompt } from "../../../src/core/prompt/assemble-prompt";
import { estimateTokens } from "../../../src/core/prompt/estimate";
import { SYSTEM_RULES } from "../../../src/core/prompt/system-rules";
import type { PromptInput } from "../../../src/core/prompt/prompt-types";
import type { ChatMessage } from "../../../src/core/ports";
import type { Step } from "../../../src/core/sop/types";
import { fixture, PROJECT_PATH, value } from "../run/engine-fixture";

function step(index: number, title: string, checks: string[] = []): Step {
  return { index, id: `${index}-${title}`, title, text: `${title}.`, fields: {}, checks };
}

const steps = [step(1, "Outline"), step(2, "Draft", ["plain words", "under 500 words"]), step(3, "Edit")];

function input(overrides: Partial<PromptInput> = {}): PromptInput {
  return {
    procedure: { title: "Docs", preamble: "", steps, settings: { version: 2 }, frontmatter: {}, warnings: [], candidates: [], choice: "" },
    sop: { path: "SOPs/Docs.md", name: "Docs", text: "1. Outline\n2. Draft\n3. Edit\n" },
    sopVersion: 2,
    project: { path: "P.md", name: "P", text: "Project body." },
    context: [{ path: "Glossary.md", name: "Glossary", text: "SSO: single sign-on." }],
    contextBudgetChars: 10000,
    cue: "New hires.",
    earlier: [],
    step: steps[0],
    role: null,
    revision: null,
    ...overrides,
  };
}

/** Characters at the start of `b`'s serialised messages that are identical in `a`'s. */
function sharedPrefix(a: ChatMessage[], b: ChatMessage[]): number {
  const x = a.map((m) => `${m.role}\n${m.content}\n`).join("");
  const y = b.map((m) => `${m.role}\n${m.content}\n`).join("");
  let i = 0;
  while (i < x.length && i < y.length && x[i] === y[i]) i++;
  return i;
}

describe("assemblePrompt", () => {
  it("opens with the rules, then one user turn with the SOP, project and context, cue and the first step; earlier outputs answer as the assistant", () => {
    const prompt = assemblePrompt(
      input({
        step: steps[1],
        earlier: [{ index: 1, step: steps[0], role: null, title: "Outline", status: "approved", text: "The outline.", skipReason: null, path: "Run/01 Outline.md" }],
        role: { name: "Drafter", note: { path: "Roles/Drafter.md", name: "Drafter", text: "Write plainly." } },
        revision: { previousText: "Old draft.", feedback: "Shorter." },
      }),
    );
    expect(prompt.messages.map((m) => [m.role, m.content.split("\n")[0]])).toEqual([
      ["system", SYSTEM_RULES.split("\n")[0]],
      ["user", "# Standard operating procedure: Docs (version 2)"],
      ["assistant", "The outline."],
      ["user", "# Current step: 2 of 3: Draft"],
      ["assistant", "Old draft."],
      ["user", "# Current step: 2 of 3: Draft (revision requested)"],
    ]);
    const first = prompt.messages[1].content;
    expect(first.indexOf("# Project and context notes")).toBeGreaterThan(0);
    expect(first.indexOf("# Cue")).toBeGreaterThan(first.indexOf("# Project and context notes"));
    expect(first.indexOf("# Current step: 1 of 3: Outline")).toBeGreaterThan(first.indexOf("# Cue"));
    const current = prompt.messages[3].content;
    expect(current).toContain("## Checks (what good looks like)\n\n- plain words\n- under 500 words");
    expect(current).toContain("## Your role: Drafter\n\nWrite plainly.");
    expect(prompt.messages[5].content).toContain("Shorter.");
    expect(prompt.included.map((n) => [n.path, n.role])).toEqual([
      ["SOPs/Docs.md", "sop"],
      ["P.md", "project"],
      ["Glossary.md", "context"],
      ["Run/01 Outline.md", "waypoint"],
      ["Roles/Drafter.md", "role"],
    ]);
    expect(prompt.estimatedTokens).toBe(prompt.messages.reduce((n, m) => n + estimateTokens(m.content) + 4, 0));
  });

  it("cuts context over the budget with a visible marker and says so in the included list", () => {
    const prompt = assemblePrompt(input({ project: { path: "P.md", name: "P", text: "x".repeat(30) }, contextBudgetChars: 20 }));
    const context = prompt.messages[1].content;
    expect(context).toContain(`${"x".repeat(20)}\n\n[… cut: 10 characters omitted from P]`);
    expect(context).toContain("[… cut: 20 characters omitted from Glossary]");
    expect(prompt.included.filter((n) => n.cut > 0).map((n) => [n.path, n.chars, n.cut])).toEqual([
      ["P.md", 20, 10],
      ["Glossary.md", 0, 20],
    ]);
  });

  it("sends a role's note once, with the first step worked as that role, and names the role after that", () => {
    const drafter = { name: "Drafter", note: { path: "Roles/Drafter.md", name: "Drafter", text: "Write plainly." } };
    const editor = { name: "Editor", note: { path: "Roles/Editor.md", name: "Editor", text: "Keep the meaning." } };
    const earlier = [
      { index: 1, step: steps[0], role: drafter, title: "Outline", status: "approved" as const, text: "The outline.", skipReason: null, path: "Run/01.md" },
      { index: 2, step: steps[1], role: editor, title: "Draft", status: "approved" as const, text: "The draft.", skipReason: null, path: "Run/02.md" },
    ];
    const prompt = assemblePrompt(input({ step: steps[2], earlier, role: drafter }));
    const all = prompt.messages.map((m) => m.content).join("\n");
    expect(all.split("Write plainly.")).toHaveLength(2);
    expect(all.split("Keep the meaning.")).toHaveLength(2);
    expect(prompt.messages[prompt.messages.length - 1].content).toContain("## Your role: Drafter (as described above)");
    expect(prompt.messages[1].content).toContain("## Your role: Drafter\n\nWrite plainly.");
    expect(prompt.included.filter((n) => n.role === "role").map((n) => n.path)).toEqual(["Roles/Drafter.md", "Roles/Editor.md"]);
  });

  it("repeats from the step's text only what its title, fields and checks do not already say", () => {
    const detailed: Step = {
      index: 1,
      id: "1-deploy",
      title: "Deploy",
      text: "Deploy\nrole:: Operator\n- the dashboard is green\n\n```bash\n./deploy --dry-run\n```",
      fields: { role: "Operator" },
      checks: ["the dashboard is green"],
    };
    const plain = assemblePrompt(input()).messages[1].content;
    expect(plain).toContain("# Current step: 1 of 3: Outline\n\nThe step is written in the SOP above.\n\nWrite the output of step 1 now.");
    const current = assemblePrompt(input({ step: detailed })).messages[1].content;
    const instruction = current.slice(current.indexOf("# Current step:"));
    expect(instruction).toBe("# Current step: 1 of 3: Deploy\n\nThe step as the SOP writes it:\n\n```bash\n./deploy --dry-run\n```\n\n## Checks (what good looks like)\n\n- the dashboard is green\n\nWrite the output of step 1 now.");
  });

  it("gives a step its condition skipped one line, without its instruction or its role's note", () => {
    const drafter = { name: "Drafter", note: { path: "Roles/Drafter.md", name: "Drafter", text: "Write plainly." } };
    const earlier = [{ index: 1, step: steps[0], role: drafter, title: "Outline", status: "skipped" as const, text: "", skipReason: "condition not met: severity == high", path: "x" }];
    const prompt = assemblePrompt(input({ step: steps[1], earlier, role: drafter }));
    expect(prompt.messages[1].content.endsWith("# Cue\n\nNew hires.\n\n# Step 1 of 3: Outline (not run)")).toBe(true);
    expect(prompt.messages[2]).toEqual({ role: "assistant", content: "(Step 1 was not run: condition not met: severity == high.)" });
    // The role's note comes with the first step that is worked as that role.
    expect(prompt.messages[3].content).toContain("## Your role: Drafter\n\nWrite plainly.");
  });

  it("marks skipped earlier steps with their reason", () => {
    const prompt = assemblePrompt(input({ step: steps[1], earlier: [{ index: 1, step: steps[0], role: null, title: "Outline", status: "skipped", text: "", skipReason: "Have one.", path: "x" }] }));
    expect(prompt.messages[2]).toEqual({ role: "assistant", content: "(Step 1 was skipped by the person. Reason: Have one.)" });
  });
});

describe("estimateTokens", () => {
  it("counts about four ASCII characters per token and more for other scripts", () => {
    expect(estimateTokens("")).toBe(0);
    expect(estimateTokens("abcdefgh")).toBe(2);
    expect(estimateTokens("日本語です")).toBeGreaterThan(estimateTokens("abcde"));
  });
});

describe("prompts across a run", () => {
  it("carry the cue, the project note and every earlier approved output, and share a long stable prefix", async () => {
    const sop = "---\ntags: [sop]\n---\n# Five\n\nA longer SOP preamble that explains the purpose of the procedure in some detail.\n\n## Steps\n\n1. One\n2. Two\n3. Three\n4. Four\n5. Five\n";
    const outputs = (i: number) => `Approved output of step ${i}: ${"content ".repeat(60)}`;
    const { engine, model } = fixture({ files: { "SOPs/Five.md": sop }, script: (request) => outputs(Number(/# Current step: (\d+)/.exec(request.messages[request.messages.length - 1].content)?.[1])) });
    const runPath = value(await engine.start({ sopPath: "SOPs/Five.md", projectPath: PROJECT_PATH, cue: "Quarterly IT hires.", mode: "auto" }));
    expect(value(await engine.advance(runPath)).status).toBe("done");
    const prompts = model.requests.map((r) => r.messages);
    expect(prompts).toHaveLength(5);
    prompts.forEach((messages, k) => {
      const text = messages.map((m) => m.content).join("\n");
      expect(text).toContain("Quarterly IT hires.");
      expect(text).toContain("For IT hires. See [[Glossary]].");
      expect(text).toContain("SSO: single sign-on.");
      for (let i = 1; i <= k; i++) expect(text).toContain(outputs(i).trim());
    });
    // Each prompt extends the one before byte for byte: all it adds is the newly approved output and the new step.
    const serialised = (messages: ChatMessage[]) => messages.map((m) => `${m.role}\n${m.content}\n`).join("").length;
    const shares: number[] = [];
    for (let k = 1; k < prompts.length; k++) {
      expect(prompts[k].slice(0, prompts[k - 1].length)).toEqual(prompts[k - 1]);
      expect(prompts[k].length).toBe(prompts[k - 1].length + 2);
      const shared = sharedPrefix(prompts[k - 1], prompts[k]);
      expect(shared).toBeGreaterThanOrEqual(serialised(prompts[k].slice(0, -2)));
      shares.push(shared / serialised(prompts[k]));
    }
    // The share grows as the run carries more approved work forward.
    expect(shares).toEqual([...shares].sort((a, b) => a - b));
    expect(shares[shares.length - 1]).toBeGreaterThan(0.75);
  });

  it("previews the exact messages a step will send and which notes they include", async () => {
    const { engine, model } = fixture();
    const preview = value(await engine.preview({ sopPath: "SOPs/Drafting internal docs.md", projectPath: PROJECT_PATH, cue: "Hi." }));
    expect(preview).toMatchObject({ step: 1, title: "Outline the document", model: "drafter-model" });
    expect(preview.included.map((n) => n.role)).toEqual(["sop", "project", "context", "context", "role"]);
    expect(model.requests).toHaveLength(0);
    const runPath = value(await engine.start({ sopPath: "SOPs/Drafting internal docs.md", projectPath: PROJECT_PATH, cue: "Hi." }));
    await engine.advance(runPath);
    expect(model.requests[0].messages).toEqual(preview.messages);
  });
});
