// The parser as the builds bundle it (markdown-it slimmed, its dependencies replaced) reads notes as full markdown-it does.
import { mkdtempSync, readFileSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { build, type BuildOptions } from "esbuild";

const ROOT = join(__dirname, "..", "..");
const { leanBundle } = jest.requireActual<{ leanBundle: (root: string) => Pick<BuildOptions, "alias" | "plugins"> }>("../../scripts/esbuild/lean-bundle.mjs");
const shim = jest.requireActual<{ decodeHTMLStrict(text: string): string; knownNames(): string[] }>("../../scripts/esbuild/shims/entities.mjs");
const ucShim = jest.requireActual<Record<string, RegExp>>("../../scripts/esbuild/shims/uc-micro.mjs");
const out = mkdtempSync(join(tmpdir(), "sop-lean-parser-"));

/** `source` (TypeScript, paths from the repository root) bundled by esbuild for Node and loaded. */
async function bundled<T extends object>(name: string, source: string, options: Pick<BuildOptions, "alias" | "plugins"> = {}): Promise<T> {
  const outfile = join(out, `${name}.cjs`);
  await build({ stdin: { contents: source, resolveDir: ROOT, loader: "ts" }, bundle: true, platform: "node", format: "cjs", target: "node20", outfile, logLevel: "silent", ...options });
  return jest.requireActual<T>(outfile);
}

interface Step {
  title: string;
  text: string;
  checks: string[];
}
type Parse = (markdown: string, options: { name: string; yaml: unknown }) => { ok: true; procedure: { steps: Step[] } } | { ok: false; error: string };
interface Parser {
  parseProcedure: Parse;
  nodeYaml: unknown;
}

const PARSER = 'export { parseProcedure } from "./src/core/sop/parse-procedure";\nexport { nodeYaml } from "./src/cli/yaml-codec";';

/** The parser with the builds' lean options, and with markdown-it and its dependencies as published. */
let lean: Parser;
let full: Parser;
/** The packages the stand-ins replace, as published (jest maps their bare names to the stand-ins). */
let published: { decodeHTMLStrict(text: string): string; uc: Record<string, RegExp> };
beforeAll(async () => {
  [lean, full, published] = await Promise.all([
    bundled<Parser>("lean", PARSER, leanBundle(ROOT)),
    bundled<Parser>("full", PARSER),
    bundled<typeof published>("published", 'export { decodeHTMLStrict } from "./node_modules/markdown-it/node_modules/entities/dist/decode.js";\nexport * as uc from "./node_modules/uc.micro/build/index.mjs";'),
  ]);
}, 60_000);

function steps(parser: Parser, markdown: string): Step[] {
  const outcome = parser.parseProcedure(markdown, { name: "Note", yaml: parser.nodeYaml });
  if (!outcome.ok) throw new Error(outcome.error);
  return outcome.procedure.steps.map(({ title, text, checks }) => ({ title, text, checks }));
}

function sopNotes(): [string, string][] {
  const notes: [string, string][] = [];
  const fixtures = join(ROOT, "tests", "fixtures", "sops");
  for (const file of readdirSync(fixtures, { recursive: true, encoding: "utf8" })) {
    if (file.endsWith(".md")) notes.push([file, readFileSync(join(fixtures, file), "utf8")]);
  }
  const examples = join(ROOT, "examples", "vault", "SOPs");
  for (const file of readdirSync(examples)) notes.push([file, readFileSync(join(examples, file), "utf8")]);
  return notes;
}

it("parses every fixture and example SOP exactly as with markdown-it as published", () => {
  for (const [file, markdown] of sopNotes()) {
    const fullOutcome = full.parseProcedure(markdown, { name: file, yaml: full.nodeYaml });
    expect([file, lean.parseProcedure(markdown, { name: file, yaml: lean.nodeYaml })]).toEqual([file, fullOutcome]);
  }
});

it("reads titles with links, bare URLs, typographic marks, Unicode punctuation and common entities as markdown-it does", () => {
  const note = [
    "## Steps",
    "",
    "1. Open [the wiki](https://bücher.example/a%20b?q=1#top) and <https://münchen.example/x>, not www.example.com",
    "2. Keep (c) -- ... and 'quotes' as typed",
    "3. Emphasis beside punctuation: «*word*», _¡hola!_ and **—dash—**",
    "4. Entities: &amp; &lt;tag&gt; &copy; &eacute;t&eacute; &mdash; &hellip; &nbsp;x &#x1F600; &#169; &rarr;",
    "5. Image ![alt text](pic.png \"Title\") and [ref link][r]",
    "",
    "[r]: https://example.com",
  ].join("\n");
  const read = steps(lean, note);
  expect(read).toEqual(steps(full, note));
  expect(read[3].title).toBe("Entities: & <tag> © été — … x 😀 © →");
  expect(read[2].title).toBe("Emphasis beside punctuation: «word», ¡hola! and —dash—");
});

it("keeps an entity it does not know as written, where markdown-it as published decodes it", () => {
  const note = "## Steps\n\n1. Fraktur &Afr; stays\n";
  expect(steps(lean, note)[0].title).toBe("Fraktur &Afr; stays");
  expect(steps(full, note)[0].title).toBe("Fraktur 𝔄 stays");
});

it("decodes each name in the entities stand-in as the entities package does", () => {
  const names = shim.knownNames();
  expect(names.length).toBeGreaterThan(150);
  for (const name of names) expect([name, shim.decodeHTMLStrict(`&${name};`)]).toEqual([name, published.decodeHTMLStrict(`&${name};`)]);
  expect(shim.decodeHTMLStrict("&nosuchname;")).toBe("&nosuchname;");
});

it("the uc.micro stand-in puts every code point in the same categories as uc.micro", () => {
  const { uc } = published;
  let all = "";
  for (let code = 0; code < 0x110000; code++) if (code < 0xd800 || code >= 0xe000) all += String.fromCodePoint(code);
  const members = (pattern: RegExp, flags: string) => [...all.matchAll(new RegExp(pattern.source, flags))].map((match) => match[0]);
  for (const category of ["P", "S", "Z", "Cc", "Cf"]) {
    const theirs = members(uc[category], "g");
    expect(theirs.length).toBeGreaterThan(0);
    expect([category, members(ucShim[category], "gu")]).toEqual([category, theirs]);
  }
});
