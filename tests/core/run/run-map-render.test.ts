import { escapeMermaidLabel, renderRunMap } from "../../../src/core/run/run-map";

describe("renderRunMap", () => {
  const steps = [
    { index: 1, title: "Identify the target audience", status: "approved", revisions: 2 },
    { index: 2, title: "Build a topic outline", status: "awaiting-review", revisions: 1 },
    { index: 3, title: "Draft section content", status: "pending", revisions: 0 },
  ];

  it("is a Mermaid flowchart block with one node per step, in order", () => {
    const map = renderRunMap(steps);
    const lines = map.split("\n");
    expect(lines[0]).toBe("```mermaid");
    expect(lines[1]).toBe("flowchart TD");
    expect(lines[lines.length - 1]).toBe("```");
    expect(lines.filter((l) => /^ {2}s\d+\[/.test(l))).toEqual([
      '  s1["1. Identify the target audience<br/>approved · 2 revisions"]:::approved',
      '  s2["2. Build a topic outline<br/>awaiting review · 1 revision"]:::awaitingReview',
      '  s3["3. Draft section content<br/>pending · 0 revisions"]:::pending',
    ]);
    expect(lines).toContain("  s1 --> s2");
    expect(lines).toContain("  s2 --> s3");
  });

  it("defines a class for every status it uses", () => {
    const map = renderRunMap([...steps, { index: 4, title: "Skip me", status: "skipped", revisions: 1 }, { index: 5, title: "Old", status: "stale", revisions: 1 }]);
    for (const used of map.matchAll(/:::(\w+)/g)) expect(map).toContain(`classDef ${used[1]} `);
  });

  it("escapes quotes, brackets, pipes and markup in titles so the node cannot break", () => {
    const title = 'Check "MFA" [policy] | (v2) {draft} <b>&</b> `code`; #1';
    const label = escapeMermaidLabel(title);
    expect(label.replace(/#\w+;/g, "")).not.toMatch(/["[\]|(){}<>`;#]/);
    expect(label).toBe("Check #quot;MFA#quot; #91;policy#93; #124; #40;v2#41; #123;draft#125; #lt;b#gt;#amp;#lt;/b#gt; #96;code#96;#59; #35;1");
    const node = renderRunMap([{ index: 1, title, status: "approved", revisions: 1 }]).split("\n")[2];
    expect(node).toBe(`  s1["1. ${label}<br/>approved · 1 revision"]:::approved`);
    expect(node.match(/"/g)).toHaveLength(2);
  });

  it("folds line breaks in a title into spaces", () => {
    expect(escapeMermaidLabel("two\nlines")).toBe("two lines");
  });

  it("falls back to the pending style for a status it does not know", () => {
    expect(renderRunMap([{ index: 1, title: "x", status: "mystery", revisions: 0 }])).toContain(":::pending");
  });

  it("shows a placeholder for a run with no steps", () => {
    expect(renderRunMap([])).toContain('empty["No steps"]');
  });
});
