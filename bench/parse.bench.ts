// Benchmark: parse time of generated 4 KB, 40 KB and 1 MB SOP notes against the budgets in DESIGN.md §11.
import { parseProcedure } from "../src/core/sop/parse-procedure";
import { nodeYaml } from "../src/cli/yaml-codec";
import { generateSop } from "./generate-sop";

interface Case {
  label: string;
  bytes: number;
  budgetMs: number | null;
  iterations: number;
}

const cases: Case[] = [
  { label: "4 KB", bytes: 4 * 1024, budgetMs: null, iterations: 200 },
  { label: "40 KB", bytes: 40 * 1024, budgetMs: 2, iterations: 50 },
  { label: "1 MB", bytes: 1024 * 1024, budgetMs: 100, iterations: 20 },
];

function time(markdown: string): number {
  const start = performance.now();
  const outcome = parseProcedure(markdown, { name: "Bench", yaml: nodeYaml });
  const elapsed = performance.now() - start;
  if (!outcome.ok) throw new Error(outcome.error);
  return elapsed;
}

// Rows are printed as each size finishes: the 1 MB case can take minutes where the parser misses its budget.
process.stdout.write(`parseProcedure (Node ${process.version})\n\n| size | steps | median ms | min–max ms | budget | within |\n|---|---|---|---|---|---|\n`);
for (const c of cases) {
  const markdown = generateSop(c.bytes);
  const check = parseProcedure(markdown, { name: "Bench", yaml: nodeYaml });
  const steps = check.ok ? check.procedure.steps.length : 0;
  for (let i = 0; i < 3; i++) time(markdown);
  const samples = Array.from({ length: c.iterations }, () => time(markdown)).sort((a, b) => a - b);
  const median = samples[Math.floor(samples.length / 2)];
  const budget = c.budgetMs === null ? "—" : `≤ ${c.budgetMs} ms`;
  const within = c.budgetMs === null ? "—" : median <= c.budgetMs ? "yes" : "NO";
  process.stdout.write(`| ${c.label} (${markdown.length} chars) | ${steps} | ${median.toFixed(2)} | ${samples[0].toFixed(2)}–${samples[samples.length - 1].toFixed(2)} | ${budget} | ${within} |\n`);
}
