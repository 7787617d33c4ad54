import { buildAmendMessages } from "../../../src/core/learn/amend-prompt";
import { ESSAY_SOP } from "./essay-sop";

const INSTRUCTION = "Insert this line into Step 1: 'Prompt for common confusions around lifecycle events (e.g. team transfers, departures) that affect access.'";

describe("buildAmendMessages", () => {
  it("asks for the whole revised SOP in Markdown, changed only where the instruction says", () => {
    const messages = buildAmendMessages({ sopText: ESSAY_SOP, instruction: INSTRUCTION });
    expect(messages.map((m) => m.role)).toEqual(["system", "user"]);
    expect(messages[0].content).toMatch(/complete revised SOP/);
    expect(messages[0].content).toMatch(/Change only what the instruction requires/);
    expect(messages[0].content).toMatch(/Do not add frontmatter/);
    expect(messages[1].content).toContain(`Instruction: ${INSTRUCTION}`);
    expect(messages[1].content).toContain("1. Identify the target audience and their common questions");
  });

  it("never shows the model the SOP's frontmatter", () => {
    const user = buildAmendMessages({ sopText: ESSAY_SOP, instruction: INSTRUCTION })[1].content;
    expect(user).not.toContain("sop_version");
    expect(user).not.toContain("sop_mode");
  });

  it("includes lessons from a run as the reason for the change", () => {
    const user = buildAmendMessages({ sopText: "# SOP\n\n1. One\n", instruction: "Fold the lessons in.", lessons: ["Step 1 — feedback: Add departures", "  "] })[1].content;
    expect(user).toContain("- Step 1 — feedback: Add departures");
    expect(user.match(/^- /gm)).toHaveLength(1);
  });
});
