// Reviews of waypoints end to end: runs roles as reviewers, keeps their findings in review notes, accepts and dismisses them.
import type { Clock, ModelPort, VaultPort, YamlCodec } from "../ports";
import { fail, type Result } from "../run/run-types";
import type { Finding } from "./finding";

export interface ReviewPorts {
  vault: VaultPort;
  yaml: YamlCodec;
  clock: Clock;
  model: ModelPort | null;
  settings: { roleTag: string; defaultModel: string; sourceBudgetChars?: number };
}

export interface AnchoredFindingView {
  finding: Finding;
  span: { from: number; to: number } | null;
  detached: boolean;
}

export interface ReviewView {
  path: string;
  reviewer: string;
  revision: number;
  waypointPath: string;
  findings: AnchoredFindingView[];
  error?: string;
}

export class ReviewService {
  constructor(private readonly ports: ReviewPorts) {}

  review(waypointPath: string, roles: string[], options: { signal?: AbortSignal } = {}): Promise<Result<ReviewView[]>> {
    void waypointPath; void roles; void options; void this.ports;
    return Promise.resolve(fail("not yet"));
  }

  reviewsOf(waypointPath: string): Promise<Result<ReviewView[]>> {
    void waypointPath;
    return Promise.resolve(fail("not yet"));
  }

  accept(reviewPath: string, findingId: string): Promise<Result<{ applied: boolean; reason?: string }>> {
    void reviewPath; void findingId;
    return Promise.resolve(fail("not yet"));
  }

  dismiss(reviewPath: string, findingId: string): Promise<Result<void>> {
    void reviewPath; void findingId;
    return Promise.resolve(fail("not yet"));
  }

  feedbackFor(reviewPath: string, findingIds: string[]): Promise<Result<string>> {
    void reviewPath; void findingIds;
    return Promise.resolve(fail("not yet"));
  }
}
