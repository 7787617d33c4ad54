// Benchmark: `sop parse` on a 1 MB SOP beyond the command's start-up, and pathological inline lines, against DESIGN.md §11.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseProcedure } from "../src/core/sop/parse-procedure";
import { nodeYaml } from "../src/cli/yaml-codec";
import { generateSop } from "./generate-sop";

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** A 120 KB step title made of one unit repeated: syntax that opens and never closes. */
function pathological(unit: string[], marker = "1."): string {
  let line = "";
  for (let i = 0; line.length < 120 * 1024; i++) line += unit[i % unit.length];
  return `# P\n\n## Steps\n\n${marker} ${line}\n${marker} Second\n`;
}

const cases: { label: string; unit: string[]; marker?: string }[] = [
  { label: "`[[` `*_` `<a` backticks `![` (issue 18)", unit: ["[[", "*_", "<a", "`", "!["] },
  { label: "`*_` only", unit: ["*_"] },
  { label: "`[a:: ` unclosed fields", unit: ["[a:: "] },
  { label: "backtick runs of 1–3", unit: ["`a", "``b", "```c"] },
  { label: "`*[` after a task item's checkbox (`- [ ] *[*[…`)", unit: ["*["], marker: "- [ ]" },
];

process.stdout.write(`Pathological lines, parseProcedure in process (Node ${process.version}), median of 7\n\n| line | size | median ms | budget | within |\n|---|---|---|---|---|\n`);
for (const c of cases) {
  const markdown = pathological(c.unit, c.marker);
  parseProcedure(markdown, { name: "Bench", yaml: nodeYaml });
  const samples = Array.from({ length: 7 }, () => {
    const start = performance.now();
    parseProcedure(markdown, { name: "Bench", yaml: nodeYaml });
    return performance.now() - start;
  });
  const m = median(samples);
  process.stdout.write(`| ${c.label} | ${(markdown.length / 1024).toFixed(0)} KB | ${m.toFixed(1)} | ≤ 300 ms | ${m <= 300 ? "yes" : "NO"} |\n`);
}

const cli = join(process.cwd(), "dist", "sop.cjs");
if (!existsSync(cli)) {
  process.stdout.write("\n`sop parse` timing skipped: run `npm run build` first (dist/sop.cjs is missing).\n");
} else {
  const dir = mkdtempSync(join(tmpdir(), "sop-parse-bench-"));
  try {
    const big = join(dir, "big.md");
    const small = join(dir, "small.md");
    const patho = join(dir, "patho.md");
    writeFileSync(big, generateSop(1024 * 1024));
    writeFileSync(small, generateSop(512));
    writeFileSync(patho, pathological(cases[0].unit));
    const time = (file: string): number => {
      const start = performance.now();
      const result = spawnSync(process.execPath, [cli, "parse", file], { encoding: "utf8" });
      if (result.status !== 0) throw new Error(result.stderr);
      return performance.now() - start;
    };
    const runs = 9;
    const samples = { small: [] as number[], big: [] as number[], patho: [] as number[] };
    // Interleaved, so a change in the machine's load touches all three alike.
    for (let i = 0; i < runs; i++) {
      samples.small.push(time(small));
      samples.big.push(time(big));
      samples.patho.push(time(patho));
    }
    const base = median(samples.small);
    process.stdout.write(`\n\`sop parse\` end to end (dist/sop.cjs), median of ${runs}, minus the same command on a 512-byte SOP (${base.toFixed(0)} ms: start-up)\n\n| note | beyond start-up ms | budget | within |\n|---|---|---|---|\n`);
    const row = (label: string, xs: number[], budget: number): void => {
      const beyond = median(xs) - base;
      process.stdout.write(`| ${label} | ${beyond.toFixed(0)} | ≤ ${budget} ms | ${beyond <= budget ? "yes" : "NO"} |\n`);
    };
    row("1 MB SOP (bench/generate-sop.ts)", samples.big, 150);
    row("120 KB pathological step title", samples.patho, 300);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
