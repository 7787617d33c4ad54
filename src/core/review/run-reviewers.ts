// Runs every reviewer of one waypoint at once; one reviewer failing never costs the others their findings.
import { ModelError, type ChatMessage, type ModelErrorKind, type ModelPort, type ModelResult } from "../ports";
import { FINDINGS_JSON_SCHEMA, FINDINGS_SCHEMA_NAME, type Finding } from "./finding";
import { parseFindings } from "./parse-findings";

export interface ReviewerCall {
  /** The role's name, as shown to the person and written in the review note. */
  reviewer: string;
  model: string;
  messages: ChatMessage[];
  maxTokens?: number;
}

export type ReviewerOutcome =
  | {
      reviewer: string;
      ok: true;
      findings: Finding[];
      result: ModelResult;
      /** Set when the answer could not be read as findings; `result.text` then holds the raw answer to keep. */
      parseError?: string;
    }
  | { reviewer: string; ok: false; error: string; kind: ModelErrorKind | "unknown"; partialText: string };

/** Outcomes come back in the order of `reviewers`, whatever order the calls finish in. */
export async function runReviewers(reviewers: readonly ReviewerCall[], model: ModelPort, signal?: AbortSignal): Promise<ReviewerOutcome[]> {
  const settled = await Promise.allSettled(reviewers.map((call) => runOne(call, model, signal)));
  return settled.map((outcome, i) =>
    outcome.status === "fulfilled" ? outcome.value : failure(reviewers[i].reviewer, outcome.reason),
  );
}

async function runOne(call: ReviewerCall, model: ModelPort, signal: AbortSignal | undefined): Promise<ReviewerOutcome> {
  if (signal?.aborted === true) {
    return { reviewer: call.reviewer, ok: false, error: `The review by ${call.reviewer} was cancelled.`, kind: "cancelled", partialText: "" };
  }
  const result = await model.complete({
    model: call.model,
    messages: call.messages,
    responseFormat: "json",
    responseSchema: { name: FINDINGS_SCHEMA_NAME, schema: FINDINGS_JSON_SCHEMA },
    ...(call.maxTokens !== undefined ? { maxTokens: call.maxTokens } : {}),
    ...(signal !== undefined ? { signal } : {}),
  });
  const parsed = parseFindings(result.text);
  return parsed.error === undefined
    ? { reviewer: call.reviewer, ok: true, findings: parsed.findings, result }
    : { reviewer: call.reviewer, ok: true, findings: parsed.findings, result, parseError: parsed.error };
}

function failure(reviewer: string, reason: unknown): ReviewerOutcome {
  if (reason instanceof ModelError) {
    return { reviewer, ok: false, error: `The review by ${reviewer} failed: ${reason.message}`, kind: reason.kind, partialText: reason.partialText };
  }
  const detail = reason instanceof Error && reason.message !== "" ? reason.message : "an unexpected error";
  return { reviewer, ok: false, error: `The review by ${reviewer} failed: ${detail}`, kind: "unknown", partialText: "" };
}
