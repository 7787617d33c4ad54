import { nodeYaml } from "../../../src/cli/yaml-codec";
import { noteWithVersion, readSopVersion, setSopVersion } from "../../../src/core/learn/sop-version";

describe("sop_version", () => {
  it("reads the version, counting absent or unreadable as 1", () => {
    expect(readSopVersion("---\nsop_version: 4\n---\nbody", nodeYaml)).toBe(4);
    expect(readSopVersion("---\nsop_version: '3'\n---\nbody", nodeYaml)).toBe(3);
    expect(readSopVersion("---\ntags: [sop]\n---\nbody", nodeYaml)).toBe(1);
    expect(readSopVersion("---\nsop_version: zero\n---\nbody", nodeYaml)).toBe(1);
    expect(readSopVersion("no frontmatter", nodeYaml)).toBe(1);
  });

  it("edits only the sop_version line, keeping comments and order", () => {
    const yaml = "tags:\n  - sop\nsop_version: 1 # bumped by amendments\nsop_mode: step\n";
    expect(setSopVersion(yaml, 2, nodeYaml)).toEqual({ ok: true, yamlText: "tags:\n  - sop\nsop_version: 2 # bumped by amendments\nsop_mode: step\n" });
  });

  it("adds the property when it is absent", () => {
    expect(setSopVersion("tags: [sop]\n", 2, nodeYaml)).toEqual({ ok: true, yamlText: "tags: [sop]\nsop_version: 2\n" });
    expect(noteWithVersion("#sop\n# Title\n", "#sop\n# Title\n", 2, nodeYaml)).toEqual({ ok: true, text: "---\nsop_version: 2\n---\n#sop\n# Title\n" });
  });

  it("refuses to bump a version in properties it cannot read", () => {
    const result = setSopVersion("tags: [sop\n", 2, nodeYaml);
    expect(result.ok).toBe(false);
  });
});
