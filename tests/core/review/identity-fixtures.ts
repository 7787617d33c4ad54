// The essay's identity-platform guide as review fixtures: a drafted waypoint with mistakes the access policy exposes.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Step } from "../../../src/core/sop/types";

const vault = join(__dirname, "../../../examples/vault");

export const accessPolicyPath = "Sources/Access policy.md";
export const accessPolicy = readFileSync(join(vault, accessPolicyPath), "utf8");
export const styleGuidePath = "Sources/Style guide.md";
export const styleGuide = readFileSync(join(vault, styleGuidePath), "utf8");
export const factCheckerInstructions = readFileSync(join(vault, "Roles/Fact-checker.md"), "utf8").replace(/^---[\s\S]*?---\n/, "");

export const draftStep: Step = {
  index: 3,
  id: "3-draft-section-content-in-plain-direct-language",
  title: "Draft section content in plain, direct language",
  text: "Draft section content in plain, direct language\nrole:: Drafter\nreview:: Fact-checker",
  fields: { role: "Drafter", review: "Fact-checker" },
  checks: ["Short sentences, active voice, no internal jargon without a definition", "Each section starts with what the reader can do"],
};

export const waypoint = `## Sign in for the first time

You can sign in to every internal system with one account. Set up multi-factor authentication (MFA) on your first day: SMS is allowed for MFA, and hardware keys are optional.

## Request access

Open the self-service portal and pick the role you need. Your manager approves the request, usually within a day. Roles come from your *team membership*, so moving teams changes what you can open.

## Keep your password current

Passwords must be at least 12 characters and rotate every 180 days.
`;

/** What a good fact-checker answers for the waypoint above, as an OpenAI-compatible endpoint returns it. */
export const factCheckerAnswer = JSON.stringify({
  findings: [
    {
      quote: "SMS is allowed for MFA",
      problem: "The access policy says SMS is not allowed for multi-factor authentication.",
      severity: "high",
      suggestion: "SMS is not allowed for MFA",
      source: "Access policy",
      check: null,
    },
    {
      quote: "at least 12 characters",
      problem: "The access policy requires at least 14 characters.",
      severity: "high",
      suggestion: "at least 14 characters",
      source: "Access policy",
      check: null,
    },
    {
      quote: "hardware keys are optional",
      problem: "The policy prefers hardware keys; calling them optional undersells them.",
      severity: "medium",
      suggestion: "Consider saying that hardware keys are preferred.",
      source: "Access policy",
      check: null,
    },
  ],
});
