// Approval tests: the exact text people and models see. A change to a run note, a waypoint, a review note or the
// messages sent to a model shows up here as a snapshot diff to look at and approve (`npx jest tests/approval -u`).
import { isReview, reviewFixture, SOP_PATH, value } from "../core/review/review-fixture";
import { logNotePath } from "../../src/core/run/note-names";

async function reviewedRun() {
  const fx = reviewFixture({ review: "Fact-checker" });
  const runPath = value(await fx.engine.start({ sopPath: SOP_PATH, mode: "auto" }));
  const outcome = value(await fx.engine.advance(runPath));
  const waypoint = outcome.gate?.waypointPath ?? "";
  return { fx, runPath, waypoint, review: waypoint.replace(/\.md$/, " — review by Fact-checker (r1).md") };
}

it("the run note as the person reads it at a reviewed step's gate", async () => {
  const { fx, runPath } = await reviewedRun();
  expect(fx.vault.files.get(runPath)).toMatchSnapshot();
});

it("the run's log note, which the run note embeds", async () => {
  const { fx, runPath } = await reviewedRun();
  expect(fx.vault.files.get(logNotePath(runPath))).toMatchSnapshot();
});

it("the waypoint note and its review note", async () => {
  const { fx, waypoint, review } = await reviewedRun();
  expect(fx.vault.files.get(waypoint)).toMatchSnapshot("waypoint");
  expect(fx.vault.files.get(review)).toMatchSnapshot("review");
});

it("the messages sent to the model for the step and for its reviewer", async () => {
  const { fx } = await reviewedRun();
  const [step] = fx.model.requests.filter((request) => !isReview(request));
  const [reviewer] = fx.model.requests.filter(isReview);
  expect(step.messages).toMatchSnapshot("step 1");
  expect({ messages: reviewer.messages, responseFormat: reviewer.responseFormat ?? null }).toMatchSnapshot("reviewer");
});
