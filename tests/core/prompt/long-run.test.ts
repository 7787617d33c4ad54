// A long run stays inside the model's context by the stated policy: the oldest approved outputs go in as references
// to their notes, a block at a time, the latest always whole; nothing is cut without saying so.
import { assemblePrompt } from "../../../src/core/prompt/assemble-prompt";
import { outputReference, REFERENCE_BLOCK, withCommas } from "../../../src/core/prompt/long-run";
import type { EarlierStep, PromptInput } from "../../../src/core/prompt/prompt-types";
import type { ChatMessage } from "../../../src/core/ports";
import type { Step } from "../../../src/core/sop/types";
import { fixture, value } from "../run/engine-fixture";

function step(index: number): Step {
  return { index, id: `${index}-stage`, title: `Stage ${index}`, text: `Stage ${index}`, fields: {}, checks: [] };
}

const output = (index: number, chars: number): string => `${`Output ${index}: ${"the stage went well and the dashboard stayed green ".repeat(Math.ceil(chars / 51))}`.slice(0, chars - 1)}.`;

function input(earlierCount: number, budget: number | undefined): PromptInput {
  const steps = Array.from({ length: earlierCount + 1 }, (_, i) => step(i + 1));
  const earlier: EarlierStep[] = steps.slice(0, -1).map((s) => ({ index: s.index, step: s, role: null, title: s.title, status: "approved", text: output(s.index, 2000), skipReason: null, path: `Run/${String(s.index).padStart(2, "0")} Stage ${s.index}.md` }));
  return {
    procedure: { title: "Rollout", preamble: "", steps, settings: { version: 1 }, frontmatter: {}, warnings: [], candidates: [], choice: "" },
    sop: { path: "SOPs/Rollout.md", name: "Rollout", text: "The rollout." },
    sopVersion: 1,
    project: null,
    context: [],
    contextBudgetChars: 1000,
    conversationBudgetChars: budget,
    cue: "",
    earlier,
    step: steps[steps.length - 1],
    role: null,
    revision: null,
  };
}

const chars = (messages: ChatMessage[]) => messages.reduce((sum, m) => sum + m.content.length, 0);

describe("the long-run policy in one prompt", () => {
  it("sends every output whole while the conversation fits its budget", () => {
    const prompt = assemblePrompt(input(12, 1_000_000));
    expect(prompt.messages.filter((m) => m.role === "assistant").map((m) => m.content)).toEqual(Array.from({ length: 12 }, (_, i) => output(i + 1, 2000)));
    expect(prompt.included.every((note) => note.cut === 0)).toBe(true);
  });

  it("past the budget, references the oldest outputs a block at a time, keeps the others whole, and says where each one is", () => {
    const whole = chars(assemblePrompt(input(12, undefined)).messages);
    const prompt = assemblePrompt(input(12, whole - 1000));
    const answers = prompt.messages.filter((m) => m.role === "assistant").map((m) => m.content);
    for (let i = 0; i < REFERENCE_BLOCK; i++) {
      expect(answers[i]).toMatch(new RegExp(`^\\(The approved output of step ${i + 1}, "Stage ${i + 1}", 2,000 characters, is not repeated here: .* It is kept whole in the note "${String(i + 1).padStart(2, "0")} Stage ${i + 1}"\\. It begins:\\)\\n\\nOutput ${i + 1}: the stage went well`));
    }
    expect(answers.slice(REFERENCE_BLOCK)).toEqual(Array.from({ length: 12 - REFERENCE_BLOCK }, (_, i) => output(REFERENCE_BLOCK + i + 1, 2000)));
    const waypoints = prompt.included.filter((note) => note.role === "waypoint");
    expect(waypoints.slice(0, REFERENCE_BLOCK).every((note) => note.cut > 0 && note.chars + note.cut === 2000)).toBe(true);
    expect(waypoints.slice(REFERENCE_BLOCK).every((note) => note.cut === 0)).toBe(true);
    expect(chars(prompt.messages)).toBeLessThanOrEqual(whole - 1000);
  });

  it("keeps the latest output whole even when nothing else would make the conversation fit", () => {
    const prompt = assemblePrompt(input(3, 10));
    const answers = prompt.messages.filter((m) => m.role === "assistant").map((m) => m.content);
    expect(answers[0]).toMatch(/^\(The approved output of step 1,/);
    expect(answers[1]).toMatch(/^\(The approved output of step 2,/);
    expect(answers[2]).toBe(output(3, 2000));
  });
});

describe("the long-run policy across a run", () => {
  it("keeps every prompt within the budget, extends the prompt before it except where a block of outputs becomes references, and never drops an output", async () => {
    const steps = 24;
    const sop = `---\ntags: [sop]\n---\n# Rollout\n\n## Steps\n\n${Array.from({ length: steps }, (_, i) => `${i + 1}. Stage ${i + 1}`).join("\n")}\n`;
    const budget = 30_000;
    const { engine, model } = fixture({
      files: { "SOPs/Rollout.md": sop },
      settings: { conversationBudgetChars: budget },
      script: (request) => output(Number(/# Current step: (\d+)/.exec(request.messages[request.messages.length - 1].content)?.[1]), 3000),
    });
    const runPath = value(await engine.start({ sopPath: "SOPs/Rollout.md", projectPath: null, cue: "", mode: "auto" }));
    expect(value(await engine.advance(runPath)).status).toBe("done");
    const prompts = model.requests.map((r) => r.messages);
    expect(prompts).toHaveLength(steps);
    const referencedIn = (messages: ChatMessage[]) => messages.filter((m) => m.role === "assistant" && m.content.startsWith("(The approved output of step ")).length;
    let breaks = 0;
    prompts.forEach((messages, k) => {
      expect(chars(messages)).toBeLessThanOrEqual(budget);
      // Every earlier output is there, whole or as a reference that names it; the latest is always whole.
      const answers = messages.filter((m) => m.role === "assistant").map((m) => m.content);
      expect(answers).toHaveLength(k);
      answers.forEach((text, i) => expect(text === output(i + 1, 3000) || text.startsWith(`(The approved output of step ${i + 1}, "Stage ${i + 1}"`)).toBe(true));
      if (k > 0) expect(answers[k - 1]).toBe(output(k, 3000));
      if (k === 0) return;
      const before = prompts[k - 1];
      if (referencedIn(messages) === referencedIn(before)) expect(messages.slice(0, before.length)).toEqual(before);
      else {
        breaks++;
        expect(referencedIn(messages)).toBeGreaterThan(referencedIn(before));
      }
    });
    // Without the policy the last prompt would hold 23 outputs of 3,000 characters (over twice the budget); with it
    // the prefix changes only when a block of outputs becomes references: 5 times in 24 steps at this tight budget.
    expect(referencedIn(prompts[steps - 1])).toBeGreaterThan(REFERENCE_BLOCK);
    expect(breaks).toBeGreaterThan(0);
    expect(breaks).toBeLessThan(steps / 4);
  });
});

it("writes a referenced output's size as en-US does, without asking the platform's locale", () => {
  for (const count of [0, 7, 999, 1000, 12_345, 999_999, 1_000_000, 1_234_567]) expect(withCommas(count)).toBe(count.toLocaleString("en-US"));
  expect(outputReference({ index: 3, title: "Stage 3", path: "", text: "x".repeat(12_345) }).content).toMatch(/^\(The approved output of step 3, "Stage 3", 12,345 characters, is not repeated here: /);
});
