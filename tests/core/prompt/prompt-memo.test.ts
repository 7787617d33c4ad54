// A run's prompt memo: step k+1's prompt reuses the turns rendered for step k instead of rendering the whole run again,
// and every prompt is exactly what assembling it from scratch gives, edits to earlier steps included.
import fc from "fast-check";
import { assembleMessages } from "../../../src/core/prompt/assemble-prompt";
import { PromptMemo } from "../../../src/core/prompt/prompt-memo";
import type { EarlierStep, PromptInput, PromptRole } from "../../../src/core/prompt/prompt-types";
import type { Step } from "../../../src/core/sop/types";

const STEPS = 40;

/** Steps whose `text` counts its readings: an instruction is rendered from its step's text, once per rendering. */
function countedSteps(): { steps: Step[]; reads: () => number } {
  let reads = 0;
  const steps = Array.from({ length: STEPS }, (_, i): Step => {
    const index = i + 1;
    const step: Step = { index, id: `${index}-stage`, title: `Stage ${index}`, text: `Stage ${index}\n\n- sub-step a\n- sub-step b`, fields: {}, checks: [`check ${index}`] };
    return new Proxy(step, {
      get(target, property, receiver) {
        if (property === "text") reads++;
        return Reflect.get(target, property, receiver) as unknown;
      },
    });
  });
  return { steps, reads: () => reads };
}

const drafter: PromptRole = { name: "Drafter", note: { path: "Roles/Drafter.md", name: "Drafter", text: "Write plainly." } };
const checker: PromptRole = { name: "Checker", note: null };

function roleOf(index: number): PromptRole | null {
  return index % 3 === 0 ? null : index % 3 === 1 ? drafter : checker;
}

function earlierStep(step: Step, overrides: Partial<EarlierStep> = {}): EarlierStep {
  const index = step.index;
  const base: EarlierStep = { index, step, role: roleOf(index), title: `Stage ${index}`, status: "approved", text: `Output of stage ${index}. `.repeat(5), skipReason: null, path: `Run/${index} Stage.md` };
  if (index % 7 === 0) return { ...base, status: "skipped", text: "", skipReason: "condition not met: region is eu" };
  if (index % 11 === 0) return { ...base, status: "skipped", text: "", skipReason: "Not needed." };
  return { ...base, ...overrides };
}

function input(steps: Step[], earlier: EarlierStep[], overrides: Partial<PromptInput> = {}): PromptInput {
  const step = steps[earlier.length];
  return {
    procedure: { title: "Rollout", preamble: "", steps, settings: { version: 1 }, frontmatter: {}, warnings: [], candidates: [], choice: "" },
    sop: { path: "SOPs/Rollout.md", name: "Rollout", text: "The rollout, step by step." },
    sopVersion: 1,
    project: { path: "Projects/P.md", name: "P", text: "The project." },
    context: [{ path: "Glossary.md", name: "Glossary", text: "SSO: single sign-on." }],
    contextBudgetChars: 1000,
    conversationBudgetChars: undefined,
    cue: "Roll out.",
    earlier,
    step,
    role: roleOf(step.index),
    revision: null,
    ...overrides,
  };
}

describe("a run's prompt memo", () => {
  it("renders only the newly settled step's turn and the current step at each step, however long the run", () => {
    const { steps, reads } = countedSteps();
    const memo = new PromptMemo();
    const earlier: EarlierStep[] = [];
    const renderedPerStep: number[] = [];
    for (let k = 0; k < STEPS; k++) {
      const before = reads();
      const withMemo = assembleMessages(input(steps, earlier), memo);
      renderedPerStep.push(reads() - before);
      // The same prompt as assembling it afresh, byte for byte.
      expect(withMemo).toEqual(assembleMessages(input(steps, earlier)));
      earlier.push(earlierStep(steps[k]));
    }
    // Without the memo step k renders k + 1 instructions (40 at the last step); with it, at most the latest earlier
    // step and the current one.
    expect(Math.max(...renderedPerStep)).toBeLessThanOrEqual(2);
  });

  it("renders an earlier step again when its output is edited between two steps, and sends the edit", () => {
    const { steps, reads } = countedSteps();
    const memo = new PromptMemo();
    const earlier = steps.slice(0, 10).map((step) => earlierStep(step));
    assembleMessages(input(steps, earlier), memo);
    earlier[3] = { ...earlier[3], text: "Audience: support engineers (edited by hand)." };
    const before = reads();
    const edited = assembleMessages(input(steps, earlier), memo);
    expect(reads() - before).toBe(2);
    expect(edited.messages.filter((m) => m.role === "assistant")[3].content).toBe("Audience: support engineers (edited by hand).");
    expect(edited).toEqual(assembleMessages(input(steps, earlier)));
  });

  it("renders the opening and the first turn again when the cue or the SOP changes", () => {
    const { steps } = countedSteps();
    const memo = new PromptMemo();
    const earlier = steps.slice(0, 5).map((step) => earlierStep(step));
    assembleMessages(input(steps, earlier), memo);
    const cue = input(steps, earlier, { cue: "Roll out to the EU first." });
    expect(assembleMessages(cue, memo).messages[1].content).toContain("Roll out to the EU first.");
    const sop = input(steps, earlier, { sop: { path: "SOPs/Rollout.md", name: "Rollout", text: "The rollout, version two." } });
    expect(assembleMessages(sop, memo).messages[1].content).toContain("The rollout, version two.");
    expect(assembleMessages(sop, memo)).toEqual(assembleMessages(sop));
  });
});

/** One change between two prompts of a run, as the engine may see it. */
type Change =
  | { kind: "settle" }
  | { kind: "edit"; at: number; text: string }
  | { kind: "role-note"; text: string }
  | { kind: "budget"; chars: number | undefined }
  | { kind: "reopen"; at: number }
  | { kind: "cue"; text: string }
  | { kind: "revision"; feedback: string }
  | { kind: "new-call" }
  | { kind: "preview"; at: number }
  | { kind: "scribble" };

const change: fc.Arbitrary<Change> = fc.oneof(
  { weight: 5, arbitrary: fc.constant<Change>({ kind: "settle" }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("edit" as const), at: fc.nat(), text: fc.string({ maxLength: 400 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("role-note" as const), text: fc.string({ maxLength: 40 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("budget" as const), chars: fc.option(fc.integer({ min: 500, max: 6000 }), { nil: undefined }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("reopen" as const), at: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("cue" as const), text: fc.string({ maxLength: 40 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("revision" as const), feedback: fc.string({ minLength: 1, maxLength: 40 }) }) },
  // The engine's next call reads the run again: the same earlier steps, as new objects.
  { weight: 1, arbitrary: fc.constant<Change>({ kind: "new-call" }) },
  // A preview of an earlier step's prompt between two steps.
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("preview" as const), at: fc.nat() }) },
  // A caller changes the arrays it was given (the memo's must not change with them).
  { weight: 1, arbitrary: fc.constant<Change>({ kind: "scribble" }) },
);

describe("a run's prompt memo under any sequence of changes", () => {
  it("gives every prompt exactly as assembling it afresh does (long-run references, role notes and edits included)", () => {
    fc.assert(
      fc.property(fc.array(change, { maxLength: 60 }), (changes) => {
        const { steps } = countedSteps();
        const memo = new PromptMemo();
        let earlier: EarlierStep[] = [];
        let budget: number | undefined;
        let roleNote = "Write plainly.";
        let cue = "Roll out.";
        // Each earlier step with the role note of the moment, made once, so that the steps nothing changed are the
        // same objects from prompt to prompt, as the engine passes them within a call.
        let noted = new Map<EarlierStep, EarlierStep>();
        const withNote = (e: EarlierStep): EarlierStep => {
          let made = noted.get(e);
          if (!made) {
            made = e.role?.note ? { ...e, role: { ...e.role, note: { ...e.role.note, text: roleNote } } } : e;
            noted.set(e, made);
          }
          return made;
        };
        for (const next of changes) {
          let revision: PromptInput["revision"] = null;
          if (next.kind === "settle" && earlier.length < STEPS - 1) earlier = [...earlier, earlierStep(steps[earlier.length])];
          if (next.kind === "edit" && earlier.length > 0) {
            const at = next.at % earlier.length;
            earlier = earlier.map((e, i) => (i === at ? { ...e, text: next.text } : e));
          }
          if (next.kind === "reopen" && earlier.length > 0) earlier = earlier.slice(0, next.at % earlier.length);
          if (next.kind === "budget") budget = next.chars;
          if (next.kind === "cue") cue = next.text;
          if (next.kind === "revision") revision = { previousText: "The output the person asked to change.", feedback: next.feedback };
          // The engine's next call reads the run again: the same earlier steps, as new objects.
          if (next.kind === "new-call") earlier = earlier.map((e) => ({ ...e }));
          if (next.kind === "role-note") {
            roleNote = next.text;
            noted = new Map();
          }
          if (next.kind === "preview") {
            const preview = input(steps, earlier.slice(0, next.at % (earlier.length + 1)).map(withNote), { conversationBudgetChars: budget, cue });
            expect(assembleMessages(preview, memo)).toEqual(assembleMessages(preview));
          }
          const prompt = input(steps, earlier.map(withNote), { conversationBudgetChars: budget, cue, revision });
          const assembled = assembleMessages(prompt, memo);
          expect(assembled).toEqual(assembleMessages(prompt));
          if (next.kind === "scribble") {
            assembled.messages.splice(1, 1, { role: "user", content: "scribbled" });
            assembled.messages.push({ role: "assistant", content: "scribbled" });
            assembled.included.length = 0;
          }
        }
      }),
      { numRuns: 120 },
    );
  });
});
