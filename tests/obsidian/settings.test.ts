/** @jest-environment jsdom */
// Settings: defaults, validation of typed values, and repair of whatever data.json holds.
import { DEFAULT_SETTINGS, parseBudget, parsePrices, settingsFromData, validateRunsFolder, validateTag } from "../../src/obsidian/settings";
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
      provider: "",
      baseUrl: "",
      apiKeySecret: "",
      defaultModel: "",
      prices: null,
      budgetUsd: 0,
      timeoutSeconds: 120,
      retries: 3,
      contextTokens: 0,
      bufferedEndpoints: [],
      openNotesIn: "run-tab",
      offeredInterruptedRuns: [],
    });
    expect(settingsFromData(undefined)).toEqual(DEFAULT_SETTINGS);
  });

  it("keeps every valid saved value", () => {
    const saved = {
      sopTag: "procedure",
      roleTag: "role",
      runsFolder: "Ops/Runs",
      linkRunsIntoProjects: false,
      defaultMode: "auto",
      provider: "ollama",
      baseUrl: "http://localhost:11434/v1",
      apiKeySecret: "openrouter-key",
      defaultModel: "llama3.2",
      prices: { "llama3.2": { input: 0, output: 0 }, "gpt-4o": { input: 2.5, output: 10 } },
      budgetUsd: 1.5,
      timeoutSeconds: 300,
      retries: 5,
      contextTokens: 32768,
      bufferedEndpoints: ["http://localhost:11434/v1"],
      openNotesIn: "new-tab",
      offeredInterruptedRuns: ["SOP runs/Run/Run.md"],
    };
    expect(settingsFromData(JSON.parse(JSON.stringify(saved)))).toEqual(saved);
  });

  it("replaces only the broken fields with defaults", () => {
    expect(settingsFromData({ sopTag: "", roleTag: 7, runsFolder: "Runs", linkRunsIntoProjects: "yes", defaultMode: "fast" })).toEqual({
      ...DEFAULT_SETTINGS,
      runsFolder: "Runs",
    });
  });

  it("drops a broken price table, a negative budget and a secret name Obsidian would refuse", () => {
    const settings = settingsFromData({ prices: { "gpt-4o": { input: "cheap" } }, budgetUsd: -2, apiKeySecret: "My Key!", bufferedEndpoints: ["http://a/v1", 3] });
    expect(settings.prices).toBeNull();
    expect(settings.budgetUsd).toBe(0);
    expect(settings.apiKeySecret).toBe("");
    expect(settings.bufferedEndpoints).toEqual(["http://a/v1"]);
  });

  it("drops a time-out or retries out of bounds (a hand-edited data.json), keeping the defaults", () => {
    expect(settingsFromData({ timeoutSeconds: 0, retries: -1 })).toMatchObject({ timeoutSeconds: 120, retries: 3 });
    expect(settingsFromData({ timeoutSeconds: 86_400, retries: 2.5 })).toMatchObject({ timeoutSeconds: 120, retries: 3 });
    expect(settingsFromData({ timeoutSeconds: "300", retries: "5" })).toMatchObject({ timeoutSeconds: 120, retries: 3 });
  });

  it("survives data that is not an object", () => {
    expect(settingsFromData("corrupt")).toEqual(DEFAULT_SETTINGS);
    expect(settingsFromData([1, 2])).toEqual(DEFAULT_SETTINGS);
  });
});

describe("parsePrices and parseBudget", () => {
  it("reads a price table typed as JSON, and an empty field as the built-in table", () => {
    expect(parsePrices('{"gpt-4o-mini": {"input": 0.15, "output": 0.6}}')).toEqual({ ok: true, value: { "gpt-4o-mini": { input: 0.15, output: 0.6 } } });
    expect(parsePrices("  ")).toEqual({ ok: true, value: null });
  });

  it("refuses what is not a price table with one sentence", () => {
    expect(parsePrices("{gpt: 1}")).toEqual({ ok: false, message: "The price table is not valid JSON." });
    expect(parsePrices("[1]")).toMatchObject({ ok: false, message: expect.stringContaining("must be an object") as unknown });
    expect(parsePrices('{"gpt-4o": {"input": 1}}')).toEqual({
      ok: false,
      message: 'The price of "gpt-4o" needs "input" and "output" as numbers of USD per million tokens.',
    });
  });

  it("reads a budget in USD, with or without $, and refuses a negative one", () => {
    expect(parseBudget("$2.50")).toEqual({ ok: true, value: 2.5 });
    expect(parseBudget("")).toEqual({ ok: true, value: 0 });
    expect(parseBudget("-1")).toEqual({ ok: false, message: 'The budget "-1" is not an amount of USD (0 for none).' });
  });
});
