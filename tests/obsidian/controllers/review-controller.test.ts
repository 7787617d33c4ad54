/** @jest-environment jsdom */
// Check with role… can be cancelled: the controller hands the signal to the reviewers and says the check was cancelled.
import type { ReviewPort } from "../../../src/obsidian/controllers/review-controller";
import { ReviewController } from "../../../src/obsidian/controllers/review-controller";
import { DEFAULT_SETTINGS } from "../../../src/obsidian/settings";
import { createMockApp } from "../../support/obsidian-mock-app";
import { until } from "../../support/until";

const WAYPOINT = "SOP runs/Run/01 Audience.md";

it("passes the check's signal to the reviewers; once cancelled it says so and reports no findings", async () => {
  const app = createMockApp({ [WAYPOINT]: "---\nstep: 1\n---\nText.\n" });
  const notices: string[] = [];
  let seen: AbortSignal | undefined;
  const service = {
    review: (_path: string, _roles: string[], options: { signal?: AbortSignal } = {}) => {
      seen = options.signal;
      // A reviewer that answers only when the person cancels.
      return new Promise((resolve) => options.signal?.addEventListener("abort", () => resolve({ ok: true, value: [] })));
    },
    reviewsOf: () => Promise.resolve({ ok: true, value: [] }),
  } as unknown as ReviewPort;
  const reviews = new ReviewController({ app, settings: () => DEFAULT_SETTINGS, notify: (m) => notices.push(m), model: () => null, service: () => service });
  const controller = new AbortController();
  const checking = reviews.check(WAYPOINT, ["Editor"], controller.signal);
  await until(() => seen !== undefined, "the reviewers to start");
  expect(seen).toBe(controller.signal);
  controller.abort();
  expect(await checking).toBeNull();
  expect(notices).toEqual(['The check of "01 Audience" was cancelled.']);
});
