// Lessons from a run: the person's feedback and accepted review findings, as lines an amendment can fold in.
import type { PastRun } from "./past-runs";

/** What a run's log says happened at a step, reduced to what can teach the SOP something. */
export type LessonEvent =
  | { kind: "feedback"; step: number; text: string }
  | {
      kind: "finding";
      step: number;
      state: "open" | "accepted" | "dismissed";
      severity: "high" | "medium" | "low";
      problem: string;
      suggestion?: string | null;
      reviewer?: string | null;
    };

export interface Lesson {
  step: number;
  stepTitle: string | null;
  kind: "feedback" | "finding";
  /** `Step 1 — feedback: Add: 'What happens if I leave a team or project?'` */
  line: string;
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}

function sentence(text: string): string {
  const t = oneLine(text);
  return /[.!?…"'”’)]$/.test(t) ? t : `${t}.`;
}

/**
 * One lesson per piece of feedback and per accepted review finding, in step order: first what the run's
 * notes record (waypoints' feedback, review notes' findings), then any further `events` from the log.
 * Open and dismissed findings teach nothing yet; repeats are kept once.
 */
export function collectLessons(run: PastRun, events: readonly LessonEvent[] = []): Lesson[] {
  const titles = new Map(run.steps.map((s) => [s.step, s.title]));
  const seen = new Set<string>();
  const lessons: Lesson[] = [];
  const recorded: LessonEvent[] = run.steps.flatMap((s) => [
    ...s.feedback.map((text): LessonEvent => ({ kind: "feedback", step: s.step, text })),
    ...s.reviews.flatMap((r) => r.items.map((f): LessonEvent => ({ kind: "finding", step: s.step, reviewer: r.reviewer, ...f }))),
  ]);
  [...recorded, ...events].forEach((event) => {
    let line: string;
    if (event.kind === "feedback") {
      if (oneLine(event.text) === "") return;
      line = `Step ${event.step} — feedback: ${oneLine(event.text)}`;
    } else {
      if (event.state !== "accepted" || oneLine(event.problem) === "") return;
      const who = event.reviewer ? `${oneLine(event.reviewer)} finding` : "review finding";
      const suggestion = event.suggestion && oneLine(event.suggestion) !== "" ? ` Suggestion: ${sentence(event.suggestion)}` : "";
      line = `Step ${event.step} — ${who} (${event.severity}): ${sentence(event.problem)}${suggestion}`;
    }
    if (seen.has(line)) return;
    seen.add(line);
    lessons.push({ step: event.step, stepTitle: titles.get(event.step) ?? null, kind: event.kind, line });
  });
  return lessons.map((lesson, order) => ({ lesson, order })).sort((a, b) => a.lesson.step - b.lesson.step || a.order - b.order).map((x) => x.lesson);
}

/** The amendment instruction for a set of lessons, or null when the run taught nothing to fold in. */
export function lessonsInstruction(lessons: readonly Lesson[]): string | null {
  if (!lessons.length) return null;
  return [
    "Fold these lessons from a run into the SOP so the next run gets them right the first time.",
    "Put each one into the step it names, as a general instruction or check (a sub-bullet) rather than the run's specific answer; leave steps no lesson names unchanged.",
    ...lessons.map((l) => `- ${l.line}`),
  ].join("\n");
}
