// The house rules, read from the import statements of src/: the core is pure, hosts do not reach into each
// other, no two files import each other (directly or around a loop), and no two core folders do.
import { readFileSync, readdirSync } from "node:fs";
import { dirname, join, normalize, relative } from "node:path";

const ROOT = join(__dirname, "..", "..");
const SRC = join(ROOT, "src");

function sourceFiles(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith(".ts") ? [path] : [];
  });
}

/** Module specifiers of a file's static imports and re-exports (type-only imports count: they are still arrows). */
function specifiers(text: string): string[] {
  return Array.from(text.matchAll(/^(?:import|export)\s[^;]*?from\s+"([^"]+)"/gms), (m) => m[1]).concat(Array.from(text.matchAll(/^import\s+"([^"]+)"/gm), (m) => m[1]));
}

const files = sourceFiles(SRC).map((path) => relative(ROOT, path));
const graph = new Map<string, { local: string[]; external: string[] }>();
for (const file of files) {
  const text = readFileSync(join(ROOT, file), "utf8");
  const local: string[] = [];
  const external: string[] = [];
  for (const spec of specifiers(text)) {
    if (!spec.startsWith(".")) {
      external.push(spec);
      continue;
    }
    const target = normalize(join(dirname(file), spec));
    local.push(files.includes(`${target}.ts`) ? `${target}.ts` : join(target, "index.ts"));
  }
  graph.set(file, { local, external });
}

/** Strongly connected groups of more than one node (Tarjan): each is an import cycle. */
function cycles(edges: Map<string, Set<string>>): string[][] {
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (node: string): void => {
    index.set(node, counter);
    low.set(node, counter++);
    stack.push(node);
    onStack.add(node);
    for (const next of edges.get(node) ?? []) {
      if (!index.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node)!, low.get(next)!));
      } else if (onStack.has(next)) low.set(node, Math.min(low.get(node)!, index.get(next)!));
    }
    if (low.get(node) === index.get(node)) {
      const group: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        group.push(member);
      } while (member !== node);
      if (group.length > 1) found.push(group.sort());
    }
  };
  for (const node of edges.keys()) if (!index.has(node)) visit(node);
  return found;
}

it("has no import cycle between files", () => {
  const edges = new Map([...graph].map(([file, { local }]) => [file, new Set(local)]));
  expect(cycles(edges)).toEqual([]);
});

it("has no import cycle between the core's folders", () => {
  const folderOf = (file: string): string | null => (file.startsWith("src/core/") ? file.split("/").slice(0, 3).join("/") : null);
  const edges = new Map<string, Set<string>>();
  for (const [file, { local }] of graph) {
    const from = folderOf(file);
    if (!from) continue;
    if (!edges.has(from)) edges.set(from, new Set());
    for (const target of local) {
      const to = folderOf(target);
      if (to && to !== from) edges.get(from)!.add(to);
    }
  }
  expect(cycles(edges)).toEqual([]);
});

it("keeps the core pure: no obsidian, node:, openai or DOM code", () => {
  const impure = [...graph].filter(([file]) => file.startsWith("src/core/")).flatMap(([file, { external }]) => external.filter((spec) => /^(obsidian|openai|node:|fs$|path$|@codemirror)/.test(spec)).map((spec) => `${file} → ${spec}`));
  expect(impure).toEqual([]);
});

it("keeps the hosts apart: the core imports no host, the plugin and the command line do not import each other", () => {
  const host = (file: string): string => file.split("/")[1];
  const allowed: Record<string, string[]> = { core: ["core"], llm: ["core", "llm"], obsidian: ["core", "obsidian"], cli: ["core", "llm", "cli"] };
  const crossings = [...graph].flatMap(([file, { local }]) => local.filter((target) => target.startsWith("src/") && !(allowed[host(file)] ?? []).includes(host(target))).map((target) => `${file} → ${target}`));
  expect(crossings).toEqual([]);
});
