// Benchmark: wall time of three reviewers run in parallel through runReviewers against the slowest reviewer alone.
import type { ModelPort, ModelRequest, ModelResult } from "../src/core/ports";
import { runReviewers, type ReviewerCall } from "../src/core/review/run-reviewers";
import { cells, machineLine, met, sleep, summarize, write } from "./bench-report";

const BUDGET_RATIO = 1.2;
const RUNS = 15;
const LATENCY_MS: Record<string, number> = { "Fact-checker": 150, Editor: 250, "Security reviewer": 400 };

/** Answers each reviewer after its fixed latency with one finding, as an endpoint would. */
const slowModel: ModelPort = {
  async complete(request: ModelRequest): Promise<ModelResult> {
    const reviewer = request.model;
    await sleep(LATENCY_MS[reviewer] ?? 0);
    const text = JSON.stringify({ findings: [{ quote: "the portal", problem: `Checked by ${reviewer}.`, suggestion: "Name the page.", severity: "minor", source: "", check: "" }] });
    return { text, finishReason: "stop", usage: { promptTokens: 800, completionTokens: 40, estimated: true }, model: reviewer };
  },
};

function call(reviewer: string): ReviewerCall {
  // The reviewer's name doubles as the model name so the fake endpoint knows whose latency to apply.
  return { reviewer, model: reviewer, messages: [{ role: "system", content: "Review the waypoint." }, { role: "user", content: "The waypoint text." }] };
}

async function wall(reviewers: string[]): Promise<number> {
  const start = performance.now();
  const outcomes = await runReviewers(reviewers.map(call), slowModel);
  const elapsed = performance.now() - start;
  if (outcomes.some((outcome) => !outcome.ok || outcome.parseError !== undefined || outcome.findings.length !== 1)) throw new Error("A reviewer failed or its findings were not read.");
  return elapsed;
}

async function main(): Promise<void> {
  const machine = machineLine();
  const all = Object.keys(LATENCY_MS);
  const slowest = all.reduce((a, b) => (LATENCY_MS[a] >= LATENCY_MS[b] ? a : b));
  await wall(all); // warm-up
  const parallel: number[] = [];
  const alone: number[] = [];
  // Interleaved, so that load from other jobs on the machine hits both alike.
  for (let i = 0; i < RUNS; i++) {
    parallel.push(await wall(all));
    alone.push(await wall([slowest]));
  }
  const p = summarize(parallel);
  const a = summarize(alone);
  const ratio = p.median / a.median;
  write([
    "### Reviewers in parallel against the slowest alone",
    "",
    machine,
    "",
    "| Measure | Budget | Median ms | Min–max ms | Met? |",
    "|---|---:|---:|---:|---|",
    `| Three reviewers in parallel (${all.map((r) => `${LATENCY_MS[r]} ms`).join(", ")}) | — | ${cells(p, 1)} | — |`,
    `| The slowest (${LATENCY_MS[slowest]} ms) alone | — | ${cells(a, 1)} | — |`,
    `| Ratio parallel / slowest alone (medians) | ≤ ${BUDGET_RATIO}× | ${ratio.toFixed(3)}× | — | ${met(ratio <= BUDGET_RATIO)} |`,
    "",
    `${RUNS} runs each, interleaved. runReviewers (src/core/review/run-reviewers.ts) with a ModelPort that answers each reviewer`,
    "after a fixed delay with one finding in JSON; the findings are parsed as in a real review.",
    "",
  ]);
}

void main().catch((error: unknown) => {
  process.stderr.write(`reviewers benchmark failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
