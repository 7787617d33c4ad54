// Every request of a run is a strictly alternating conversation (system, then user/assistant, ending with the
// user), as chat templates like Llama 2's, Mistral's and Gemma's demand, and each step's prompt extends the last.
import type { ChatMessage } from "../../../src/core/ports";
import { fixture, PROJECT_PATH, SOP_PATH, value } from "../run/engine-fixture";

function alternates(messages: ChatMessage[]): boolean {
  if (messages[0]?.role !== "system" || messages.length < 2) return false;
  return messages.slice(1).every((m, i) => m.role === (i % 2 === 0 ? "user" : "assistant")) && messages[messages.length - 1].role === "user";
}

describe("the conversation a run sends", () => {
  it("alternates user and assistant in every request, with revisions, skipped and human steps, and extends the prefix", async () => {
    const { engine, model } = fixture();
    const runPath = value(await engine.start({ sopPath: SOP_PATH, projectPath: PROJECT_PATH, cue: "New hires.", mode: "step" }));
    await engine.advance(runPath); // step 1 at its gate
    value(await engine.revise(runPath, "Add a section on passwords."));
    await engine.advance(runPath); // step 1, revision 2
    value(await engine.approve(runPath));
    await engine.advance(runPath); // step 2
    value(await engine.skip(runPath, "Drafted elsewhere."));
    await engine.advance(runPath); // step 3
    value(await engine.approve(runPath));
    await engine.advance(runPath); // step 4 is the person's
    value(await engine.approve(runPath));

    const prompts = model.requests.map((r) => r.messages);
    expect(prompts).toHaveLength(4);
    for (const messages of prompts) expect([messages.map((m) => m.role).join(" "), alternates(messages)]).toEqual([expect.any(String), true]);
    const [first, revision, second, third] = prompts;
    // The revision branches from step 1's prompt: the replaced output as the assistant, the feedback as the user.
    expect(revision.slice(0, first.length)).toEqual(first);
    expect(revision.slice(first.length).map((m) => m.role)).toEqual(["assistant", "user"]);
    expect(revision[revision.length - 1].content).toContain("Add a section on passwords.");
    // Step 2 extends step 1's prompt with the approved output; step 3 extends step 2's with the skip.
    expect(second.slice(0, first.length)).toEqual(first);
    expect(second[first.length].role).toBe("assistant");
    expect(third.slice(0, second.length)).toEqual(second);
    expect(third[second.length].content).toBe("(Step 2 was skipped by the person. Reason: Drafted elsewhere.)");
  });

  it("stays alternating after a human step is approved with the person's text", async () => {
    const sop = "---\ntags: [sop]\n---\n# Two\n\n## Steps\n\n1. Collect the facts\n   worker:: human\n2. Write it up\n";
    const { engine, model, vault } = fixture({ files: { "SOPs/Two.md": sop } });
    const runPath = value(await engine.start({ sopPath: "SOPs/Two.md", projectPath: null, cue: "", mode: "step" }));
    const gate = value(await engine.advance(runPath)).gate;
    await vault.process(gate?.waypointPath ?? "", (text) => text.replace("Collect the facts", "The person's facts."));
    value(await engine.approve(runPath));
    await engine.advance(runPath);
    const [messages] = model.requests.map((r) => r.messages);
    expect(alternates(messages)).toBe(true);
    expect(messages[2]).toMatchObject({ role: "assistant" });
    expect(messages[2].content).toContain("The person's facts.");
  });
});
