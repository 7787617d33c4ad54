// A vault that writes Markdown links ("Use [[Wikilinks]]" off, relative paths): roles, context and the project
// still reach the model, as they do with wikilinks.
import { fixture, value } from "./engine-fixture";

const SOP = `---
tags: [sop]
---
# Weekly report

## Steps

1. Gather the numbers
   role:: [Analyst](../Roles/Analyst.md)
   context:: [Metric definitions](../Reference/Metric%20definitions.md)
2. Write the summary
   role:: [the analyst](<../Roles/Analyst.md>)
`;

it("resolves relative Markdown links in role::, context:: and the project note's links", async () => {
  const { engine, model } = fixture({
    files: {
      "SOPs/Weekly report.md": SOP,
      "Roles/Analyst.md": "---\ntags: [sop-role]\nmodel: analyst-model\n---\nYou read numbers carefully and never round.\n",
      "Reference/Metric definitions.md": "Active user: signed in within 28 days.\n",
      "Projects/Q3.md": "# Q3\n\nSee [the board deck](../Decks/Board%20deck.md).\n",
      "Decks/Board deck.md": "Revenue grew 12% in Q3.\n",
    },
  });
  const runPath = value(await engine.start({ sopPath: "SOPs/Weekly report.md", projectPath: "Projects/Q3.md", mode: "auto" }));
  value(await engine.advance(runPath));
  expect(model.requests).toHaveLength(2);
  expect(model.requests.map((r) => r.model)).toEqual(["analyst-model", "analyst-model"]);
  for (const request of model.requests) {
    const prompt = request.messages.map((m) => m.content).join("\n");
    expect(prompt).toContain("You read numbers carefully and never round.");
    expect(prompt).toContain("Revenue grew 12% in Q3.");
  }
  expect(model.requests[0].messages.map((m) => m.content).join("\n")).toContain("Active user: signed in within 28 days.");
});
