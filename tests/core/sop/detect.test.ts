// SOP detection: tags from properties and body text, and the sop tag check (nested counts, look-alikes do not).
import { extractTags, isSopTagged } from "../../../src/core/sop/detect";
import { nodeYaml } from "../../../src/cli/yaml-codec";

describe("extractTags", () => {
  it("reads a tags list, with or without #", () => {
    expect(extractTags("---\ntags: [sop, '#docs']\n---\nbody", nodeYaml)).toEqual(["sop", "docs"]);
  });

  it("reads tags and tag written as a string, comma or space separated", () => {
    expect(extractTags("---\ntags: sop, runbook\n---\n", nodeYaml)).toEqual(["sop", "runbook"]);
    expect(extractTags("---\ntag: \"#sop #ops\"\n---\n", nodeYaml)).toEqual(["sop", "ops"]);
  });

  it("finds inline #tags in text, nested ones included", () => {
    expect(extractTags("# Title\n\nFiled under #sop/release and #ops.", nodeYaml)).toEqual(["sop/release", "ops"]);
  });

  it("ignores # in code, headings markers, URLs and pure numbers", () => {
    const markdown = "# Heading\n\n`#notatag` and https://example.com/#anchor, issue #42\n\n```\n#also-not\n```\n";
    expect(extractTags(markdown, nodeYaml)).toEqual([]);
  });

  it("survives broken frontmatter and still reads body tags", () => {
    expect(extractTags("---\ntags: [sop\n---\n#sop here", nodeYaml)).toEqual(["sop"]);
  });
});

describe("isSopTagged", () => {
  it("matches the tag case-insensitively, with or without #", () => {
    expect(isSopTagged(["Docs", "SOP"], "sop")).toBe(true);
    expect(isSopTagged(["#sop"], "#sop")).toBe(true);
  });

  it("counts nested tags under the SOP tag", () => {
    expect(isSopTagged(["sop/release"], "sop")).toBe(true);
  });

  it("does not count look-alikes", () => {
    expect(isSopTagged(["sop-role"], "sop")).toBe(false);
    expect(isSopTagged(["sops"], "sop")).toBe(false);
    expect(isSopTagged(["team/sop"], "sop")).toBe(false);
  });

  it("uses the configured tag", () => {
    expect(isSopTagged(["playbook/ops"], "playbook")).toBe(true);
    expect(isSopTagged(["sop"], "playbook")).toBe(false);
  });
});
