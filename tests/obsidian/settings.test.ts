/** @jest-environment jsdom */
// Settings: defaults, validation of typed values, and repair of whatever data.json holds.
import { DEFAULT_SETTINGS, settingsFromData, validateRunsFolder, validateTag } from "../../src/obsidian/settings";
import { installObsidianGlobals } from "../support/obsidian-mock-app";

beforeAll(() => installObsidianGlobals());

describe("validateTag", () => {
  it.each([
    ["sop", "sop"],
    ["#sop", "sop"],
    ["  team/sop ", "team/sop"],
    ["sop-role", "sop-role"],
    ["ops_sop/", "ops_sop"],
  ])("accepts %j as %j", (input, tag) => {
    expect(validateTag(input, "SOP tag")).toEqual({ ok: true, value: tag });
  });

  it.each([
    ["", "The SOP tag cannot be empty."],
    ["   ", "The SOP tag cannot be empty."],
    ["#", "The SOP tag cannot be empty."],
    ["my sop", 'The SOP tag "my sop" has a space or punctuation that tags cannot contain.'],
    ["sop,ops", 'The SOP tag "sop,ops" has a space or punctuation that tags cannot contain.'],
    ["2024", "The SOP tag needs at least one letter."],
  ])("refuses %j with one sentence", (input, message) => {
    expect(validateTag(input, "SOP tag")).toEqual({ ok: false, message });
  });
});

describe("validateRunsFolder", () => {
  it("normalizes the folder path", () => {
    expect(validateRunsFolder(" Work//SOP runs/ ")).toEqual({ ok: true, value: "Work/SOP runs" });
  });

  it.each([
    ["", "The runs folder cannot be empty."],
    ["/", "The runs folder cannot be empty."],
    ["Runs?", 'The runs folder "Runs?" contains a character file names cannot hold.'],
    [".hidden/runs", "The runs folder cannot be hidden (a name starting with a dot)."],
  ])("refuses %j", (input, message) => {
    expect(validateRunsFolder(input)).toEqual({ ok: false, message });
  });
});

describe("settingsFromData", () => {
  it("gives the documented defaults when nothing was saved", () => {
    expect(settingsFromData(null)).toEqual({
      sopTag: "sop",
      roleTag: "sop-role",
      runsFolder: "SOP runs",
      linkRunsIntoProjects: true,
      defaultMode: "step",
    });
    expect(settingsFromData(undefined)).toEqual(DEFAULT_SETTINGS);
  });

  it("keeps every valid saved value", () => {
    const saved = { sopTag: "procedure", roleTag: "role", runsFolder: "Ops/Runs", linkRunsIntoProjects: false, defaultMode: "auto" };
    expect(settingsFromData(saved)).toEqual(saved);
  });

  it("replaces only the broken fields with defaults", () => {
    expect(settingsFromData({ sopTag: "", roleTag: 7, runsFolder: "Runs", linkRunsIntoProjects: "yes", defaultMode: "fast" })).toEqual({
      ...DEFAULT_SETTINGS,
      runsFolder: "Runs",
    });
  });

  it("survives data that is not an object", () => {
    expect(settingsFromData("corrupt")).toEqual(DEFAULT_SETTINGS);
    expect(settingsFromData([1, 2])).toEqual(DEFAULT_SETTINGS);
  });
});
