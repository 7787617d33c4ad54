// Shared setup for review tests: the example vault's roles and sources, an SOP whose step cites the access policy, a run at its gate.
import { RunEngine } from "../../../src/core/run/engine";
import { DEFAULT_ENGINE_SETTINGS } from "../../../src/core/run/engine-types";
import type { ModelRequest } from "../../../src/core/ports";
import { ReviewService } from "../../../src/core/review/review-service";
import { nodeYaml } from "../../../src/cli/yaml-codec";
import { exampleVaultFiles } from "../../support/example-vault-files";
import { MemoryVault } from "../../support/memory-vault";
import { ScriptedModel, type ScriptedReply } from "../../support/scripted-model";

export const SOP_PATH = "SOPs/Access guide.md";

/** `review` is the step's `review::` line (empty: no reviewers declared). */
export function sopText(review = ""): string {
  return `---
tags: [sop]
sop_version: 1
---
# Access guide

## Steps

1. Draft the MFA section
   role:: Drafter
   sources:: [[Access policy]]${review ? `\n   review:: ${review}` : ""}
   - Every claim about MFA matches the access policy
2. Publish the guide
   role:: Editor
`;
}

export const DRAFT = `# Sign in safely

Every account uses multi-factor authentication. SMS is allowed for MFA. Hardware keys are preferred.

Passwords have at least 14 characters and rotate every 180 days.
`;

export const SMS_FINDING = {
  quote: "SMS is allowed for MFA.",
  problem: "The access policy says SMS is not allowed for multi-factor authentication.",
  severity: "high",
  suggestion: "SMS is not allowed for MFA.",
  source: "Access policy",
  check: "Every claim about MFA matches the access policy",
};

export const LOW_FINDING = {
  quote: "Hardware keys are preferred.",
  problem: "Could say how to get a hardware key.",
  severity: "low",
  suggestion: "Consider linking the page that explains how to order a hardware key.",
  source: null,
  check: null,
};

export function findingsJson(...findings: object[]): string {
  return JSON.stringify({ findings });
}

/** Reviewer requests ask for JSON; step requests do not. */
export function isReview(request: ModelRequest): boolean {
  return request.responseFormat === "json";
}

/** The role a review request is for: the last message names it in a run's review (it branches from the step), the system message otherwise. */
export function reviewerOf(request: ModelRequest): string {
  const named = (content: string | undefined) => /^Your role: (.+)$/m.exec(content ?? "")?.[1]?.trim() ?? "";
  return named(request.messages[request.messages.length - 1]?.content) || named(request.messages[0]?.content);
}

export interface ReviewFixture {
  vault: MemoryVault;
  model: ScriptedModel;
  engine: RunEngine;
  service: ReviewService;
}

export function reviewFixture(options: { review?: string; reviewer?: (request: ModelRequest) => ScriptedReply | string; draft?: string; mode?: "step" | "auto"; files?: Record<string, string> } = {}): ReviewFixture {
  const files = exampleVaultFiles();
  const vault = new MemoryVault({
    "Roles/Fact-checker.md": files["Roles/Fact-checker.md"],
    "Roles/Editor.md": files["Roles/Editor.md"],
    "Roles/Drafter.md": files["Roles/Drafter.md"],
    "Sources/Access policy.md": files["Sources/Access policy.md"],
    [SOP_PATH]: sopText(options.review),
    ...options.files,
  });
  const reviewer = options.reviewer ?? (() => findingsJson(SMS_FINDING, LOW_FINDING));
  const model = new ScriptedModel((request) => (isReview(request) ? reviewer(request) : { text: options.draft ?? DRAFT }));
  let time = new Date(2026, 10, 24, 9, 30).getTime();
  const clock = { now: () => new Date((time += 1000)) };
  const settings = { ...DEFAULT_ENGINE_SETTINGS, defaultModel: "run-model" };
  const engine = new RunEngine({ vault, yaml: nodeYaml, clock, model, settings });
  const service = new ReviewService({ vault, yaml: nodeYaml, clock, model, settings: { roleTag: "sop-role", defaultModel: "review-model" } });
  return { vault, model, engine, service };
}

/** Starts a run of the SOP and advances it once; resolves to the run path and the first step's waypoint. */
export async function runToFirstGate(fx: ReviewFixture, mode: "step" | "auto" = "step", projectPath: string | null = null): Promise<{ runPath: string; waypointPath: string }> {
  const started = await fx.engine.start({ sopPath: SOP_PATH, mode, projectPath });
  if (!started.ok) throw new Error(started.error);
  const advanced = await fx.engine.advance(started.value);
  if (!advanced.ok) throw new Error(advanced.error);
  const waypointPath = [...fx.vault.files.keys()].find((path) => /\/01 Draft the MFA section\.md$/.test(path));
  if (waypointPath === undefined) throw new Error("The first waypoint was not written.");
  return { runPath: started.value, waypointPath };
}

export function value<T>(result: { ok: true; value: T } | { ok: false; error: string }): T {
  if (!result.ok) throw new Error(result.error);
  return result.value;
}
