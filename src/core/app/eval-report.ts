// Run-to-run consistency of an SOP: per step, how often reviewers passed it over k runs, pass^k, and how much outputs vary.

/** One step of one evaluation run, as the run left it. */
export interface EvalStepRun {
  index: number;
  status: string;
  text: string;
  /** Findings the step's reviewers raised, by severity; null when the step has no reviewer. */
  findings: { high: number; medium: number; low: number } | null;
  /** A reviewer that could not review (the model failed), which counts as not passed. */
  reviewError: boolean;
}

export interface EvalStepReport {
  index: number;
  title: string;
  reviewed: boolean;
  /** Runs in which the step ran (a false `when::` skips it). */
  ran: number;
  /** Runs in which it ran and no reviewer raised a high or medium finding. */
  passed: number;
  /** Passed in every one of the k runs. */
  passAll: boolean;
  findings: { high: number; medium: number; low: number };
  /** Mean pairwise distance between the outputs' word sets: 0 identical, 1 nothing shared; null with fewer than two outputs. */
  variation: number | null;
}

export interface EvalReport {
  k: number;
  steps: EvalStepReport[];
  /** pass^k as in τ-bench: the share of steps that passed in all k runs. */
  passK: number;
}

export function summarizeEval(steps: { index: number; title: string }[], runs: EvalStepRun[][]): EvalReport {
  const reports = steps.map((step): EvalStepReport => {
    const mine = runs.map((run) => run.find((s) => s.index === step.index)).filter((s): s is EvalStepRun => s !== undefined);
    const ran = mine.filter((s) => s.status === "approved");
    const passed = ran.filter((s) => !s.reviewError && (s.findings === null || (s.findings.high === 0 && s.findings.medium === 0)));
    const findings = { high: 0, medium: 0, low: 0 };
    for (const s of mine) {
      findings.high += s.findings?.high ?? 0;
      findings.medium += s.findings?.medium ?? 0;
      findings.low += s.findings?.low ?? 0;
    }
    return {
      index: step.index,
      title: step.title,
      reviewed: mine.some((s) => s.findings !== null || s.reviewError),
      ran: ran.length,
      passed: passed.length,
      // A run whose condition skipped the step asks nothing of it; any other run must have passed.
      passAll: mine.length === runs.length && mine.every((s) => s.status === "skipped" || passed.includes(s)),
      findings,
      variation: variation(ran.map((s) => s.text)),
    };
  });
  const passK = reports.length ? reports.filter((r) => r.passAll).length / reports.length : 0;
  return { k: runs.length, steps: reports, passK };
}

function words(text: string): Set<string> {
  return new Set(text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []);
}

/** Mean over every pair of outputs of 1 − |A ∩ B| / |A ∪ B| on their word sets. */
export function variation(texts: string[]): number | null {
  if (texts.length < 2) return null;
  const sets = texts.map(words);
  let total = 0;
  let pairs = 0;
  for (let i = 0; i < sets.length; i++) {
    for (let j = i + 1; j < sets.length; j++) {
      const union = new Set([...sets[i], ...sets[j]]);
      let shared = 0;
      for (const word of sets[i]) if (sets[j].has(word)) shared++;
      total += union.size === 0 ? 0 : 1 - shared / union.size;
      pairs++;
    }
  }
  return total / pairs;
}

const percent = (share: number) => `${Math.round(share * 100)}%`;

/** The evaluation note's body: a summary line, a table with one row per step, and links to the k runs. */
export function evalNoteBody(title: string, report: EvalReport, runLinks: string[], model: string): string {
  const rows = report.steps.map((s) => {
    const review = s.reviewed ? `${s.findings.high} / ${s.findings.medium} / ${s.findings.low}` : "no reviewer";
    const vary = s.variation === null ? "–" : s.variation.toFixed(2);
    return `| ${s.index}. ${s.title.replace(/\|/g, "\\|")} | ${s.ran} of ${report.k} | ${s.passed} of ${s.ran} | ${s.passAll ? "yes" : "no"} | ${review} | ${vary} |`;
  });
  return [
    `# ${title}: consistency over ${report.k} runs`,
    "",
    `pass^${report.k}: **${percent(report.passK)}** of steps passed review in all ${report.k} runs (model ${model || "the endpoint's default"}).`,
    "",
    "| Step | Ran | Passed review | Passed in all runs | Findings (high / medium / low) | Output variation |",
    "| --- | --- | --- | --- | --- | --- |",
    ...rows,
    "",
    "A step passes a run when it ran and no reviewer raised a high or medium finding; a step with no reviewer passes whenever it ran. Output variation is the mean pairwise distance between the runs' outputs (0: the same words, 1: no word in common).",
    "",
    "## Runs",
    "",
    ...runLinks.map((link) => `- ${link}`),
    "",
  ].join("\n");
}
