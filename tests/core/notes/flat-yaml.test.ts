// The fast reader of flat properties blocks: whatever it reads, it reads exactly as the YAML parser does; anything
// else it leaves to the parser.
import fc from "fast-check";
import { parseFlatYaml, readFlatYaml, readsDateTimesAsText, stringifyProperties, writeFlatYaml } from "../../../src/core/notes/flat-yaml";
import type { YamlCodec } from "../../../src/core/ports";
import { nodeYaml } from "../../../src/cli/yaml-codec";

it("reads the blocks the engine writes, as the YAML parser does", () => {
  const waypoint = 'sop_run: "[[SOP runs/2026-12-04 Bench — no project/2026-12-04 Bench — no project|Run]]"\nstep: 17\nstep_id: 17-step-number-17\nrole: ""\nwaypoint_status: approved\nrevision: 1\nmodel: bench\ntokens_in: 400\ntokens_out: 300\ncost: 0.00021\ntags:\n  - sop-waypoint\n';
  expect(parseFlatYaml(waypoint)).toEqual(nodeYaml.parse(waypoint));
  expect(parseFlatYaml("tags:\n- a\n- 'b c'\nempty:\nx: ~\n")).toEqual({ tags: ["a", "b c"], empty: null, x: null });
  // An SOP's and a role's tags, as a flow list of words.
  const sop = "tags: [sop, how-to]\nsop_version: 3\n";
  expect(parseFlatYaml(sop)).toEqual({ tags: ["sop", "how-to"], sop_version: 3 });
  expect(parseFlatYaml(sop)).toEqual(nodeYaml.parse(sop));
});

it("leaves to the parser what YAML dialects read differently, comments, and anything not flat", () => {
  for (const block of ["started: 2026-12-04T20:32:10\n", "a: yes\n", "a: On\n", "a: 0x1F\n", "a: 1e5\n", "a: 07\n", "a: b # note\n", "a: 1\na: 2\n", "a:\n  b: 1\n", "a: [1, 2]\n", "a: |\n  text\n", 'a: "\\n"\n', "a: b: c\n", "a: .inf\n", "a: True\n", "a: 1_000\n", "a:  b\n"]) {
    expect(parseFlatYaml(block)).toBeNull();
  }
});

it("on random blocks of keys, scalars, lists and YAML's special characters, never reads a value the parser reads otherwise", () => {
  const piece = fc.oneof(
    fc.constantFrom("true", "false", "null", "~", "yes", "No", "0", "-0", "07", "1.5", "1e3", "0x1F", ".nan", "2026-12-04", "12:30", "a-b", "17-step-x", '"q\\"x"', "'it''s'", "#c", "&a", "*a", "!t", "[1]", "{a: 1}", "|", ">", "- x", "  - y", "\t", " ", "[sop]", "[sop, x]", "[a,b]", "[]", "[ a ]", "[a b, c]", "[yes]", "[a,]", "[,a]", "[a, [b]]", "[a]x", "[a,  b]", "[a , b]", "[x.y/z, N]", "[a: b]", "[#a]"),
    fc.stringMatching(/^[A-Za-z0-9 _.:\/#'"\\-]{0,12}$/),
  );
  const line = fc.oneof(fc.tuple(fc.constantFrom("a", "b", "tags", "x_y", "__proto__", "k-1"), piece).map(([k, v]) => `${k}: ${v}`), fc.constantFrom("tags:", "a:"), piece.map((v) => `  - ${v}`), piece.map((v) => `- ${v}`));
  fc.assert(
    fc.property(fc.array(line, { maxLength: 6 }), (lines) => {
      const block = lines.join("\n") + "\n";
      const fast = parseFlatYaml(block);
      if (fast === null) return;
      let parsed: unknown;
      try {
        parsed = nodeYaml.parse(block);
      } catch {
        throw new Error(`The fast reader read a block the parser refuses: ${JSON.stringify(block)}`);
      }
      expect(fast).toEqual(parsed ?? {});
    }),
    { numRuns: 3000 },
  );
});

it("reads a run note's date-times as text for a codec that reads them so, and leaves them to a codec that makes dates", () => {
  const runNote = 'sop: "[[SOPs/Bench|Bench]]"\nrun_status: awaiting-review\ncurrent_step: 2\nstarted: 2026-12-05T07:00:28\nfinished: ""\ntags:\n  - sop-run\n';
  expect(readsDateTimesAsText(nodeYaml)).toBe(true);
  expect(readFlatYaml(runNote, nodeYaml)).toEqual(nodeYaml.parse(runNote));
  expect(readFlatYaml(runNote, nodeYaml)?.started).toBe("2026-12-05T07:00:28");
  // A YAML 1.1 reader (as js-yaml) makes the same text a Date: the block goes to that reader.
  const dating: YamlCodec = {
    parse: (text) => {
      const parsed = nodeYaml.parse(text) as Record<string, unknown>;
      for (const [key, value] of Object.entries(parsed)) if (typeof value === "string" && /^\d{4}-\d\d-\d\dT/.test(value)) parsed[key] = new Date(`${value}Z`);
      return parsed;
    },
    stringify: (value) => nodeYaml.stringify(value),
  };
  expect(readsDateTimesAsText(dating)).toBe(false);
  expect(readFlatYaml(runNote, dating)).toBeNull();
  // Only the engine's own shape: a date alone, a zone or a space are still the parser's.
  for (const value of ["2026-12-05", "2026-12-05T07:00:28Z", "2026-12-05 07:00:28", "2026-12-05T07:00:28.5", "2026-12-05T7:00:28"]) {
    expect(readFlatYaml(`started: ${value}\n`, nodeYaml)).toBeNull();
  }
});

it("on random blocks with the engine's date-times, reads what it reads exactly as the command line's parser", () => {
  const value = fc.oneof(
    fc.constantFrom("2026-12-05T07:00:28", "2026-12-05", "1999-01-01T00:00:00", "2026-12-05T07:00:28Z", '"2026-12-05T07:00:28"', "x", "0"),
    fc.stringMatching(/^[0-9T:.Z -]{0,20}$/),
  );
  fc.assert(
    fc.property(fc.array(fc.tuple(fc.constantFrom("started", "finished", "due", "a"), value), { maxLength: 4 }), (pairs) => {
      const block = pairs.map(([k, v]) => `${k}: ${v}`).join("\n") + "\n";
      const fast = readFlatYaml(block, nodeYaml);
      if (fast === null) return;
      expect(fast).toEqual(nodeYaml.parse(block) ?? {});
    }),
    { numRuns: 3000 },
  );
});

it("writes the properties the engine writes byte for byte as the command line's YAML writer does", () => {
  const waypoint = { sop_run: "[[SOP runs/2026-12-05 Bench — no project/2026-12-05 Bench — no project|2026-12-05 Bench — no project]]", step: 17, step_id: "17-step-number-17", role: "", waypoint_status: "approved", revision: 1, model: "gpt-4.1-mini", tokens_in: 400, tokens_out: 300, cost: 0.00021, tags: ["sop-waypoint"] };
  expect(writeFlatYaml(waypoint)).toBe(nodeYaml.stringify(waypoint));
  const runNote = { sop: "[[SOPs/Bench|Bench]]", sop_version: 1, sop_procedure: "", run_status: "awaiting-review", current_step: 2, cost: null, started: "2026-12-05T07:00:28", finished: "", tags: ["sop-run"] };
  expect(writeFlatYaml(runNote)).toBe(nodeYaml.stringify(runNote));
  expect(stringifyProperties(runNote, nodeYaml)).toBe(nodeYaml.stringify(runNote));
  // What only the codec knows how to write: nested values, dates, an empty list, text to escape.
  for (const odd of [{ a: { b: 1 } }, { a: new Date(0) }, { a: [] }, { a: 'say "hi"' }, { a: "[x]\n" }, { a: "yes" }, { a: "two  spaces" }, { "a-b": 1 }, { a: undefined }, {}]) {
    expect(writeFlatYaml(odd)).toBeNull();
    expect(stringifyProperties(odd, nodeYaml)).toBe(nodeYaml.stringify(odd));
  }
  // A codec that writes otherwise (js-yaml quotes with ' ') keeps writing every block itself.
  const other: YamlCodec = { parse: (text) => nodeYaml.parse(text), stringify: (value) => nodeYaml.stringify(value).replace(/""/g, "''") };
  expect(stringifyProperties({ role: "", step: 1 }, other)).toBe("role: ''\nstep: 1\n");
});

it("on random flat properties, whatever it writes is what the command line's YAML writer writes", () => {
  const text = fc.oneof(
    fc.constantFrom("", "a", "yes", "Null", "TRUE", "n", "awaiting-review", "gpt-4.1", "x y", "x  y", "x ", "[[a|b]]", "[[a — b]]", "[x] y: z # w", "[it's]", '[say "x"]', "[a\\b]", "[\u2028]", "[\u00a0]", "[\u0085]", "[é]", "17-step-x", "1-e5", "2026-12-05", "2026-12-05T07:00:28", "2026-12-05T07:00:28Z", "[\ud83d\ude00]", "1e3", "0x1F", "-", "#x", "a: b", "a #b"),
    fc.stringMatching(/^[A-Za-z0-9 _.:\/#'"\[\]\\|-]{0,10}$/),
    fc.string({ maxLength: 8 }).map((s) => `[${s}`),
    fc.stringMatching(/^[0-9]{1,3}(-[a-z0-9eE.]{1,4}){1,3}$/),
  );
  const value = fc.oneof(text, fc.integer(), fc.double(), fc.constantFrom(0.1 + 0.2, -0, 1e21, 1e-7, true, false, null), fc.array(text, { maxLength: 3 }));
  const key = fc.constantFrom("a", "b", "tags", "x_y", "null", "y", "true", "k1", "_k", "k-1", "K");
  fc.assert(
    fc.property(fc.dictionary(key, value, { maxKeys: 6 }), (properties) => {
      const written = writeFlatYaml(properties);
      if (written === null) return;
      expect(written).toBe(nodeYaml.stringify(properties));
    }),
    { numRuns: 5000 },
  );
});
