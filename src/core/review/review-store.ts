// Review notes on disk: writing one per reviewer and revision without duplicates, and finding a waypoint's reviews.
import type { VaultPort, YamlCodec } from "../ports";
import { splitFrontmatter, propertiesOf, tagsOf, withBody } from "../notes/frontmatter";
import { linkTarget } from "../notes/links";
import { folderOf } from "../notes/names";
import { parseReviewNote, renderReviewBody, renderReviewNote, REVIEW_TAG, reviewNotePath, reviewProperties, type ParsedReviewNote, type Review } from "./review-note";

/** How many same-named notes are tried before giving up; a person never decides findings on that many re-reviews. */
const MAX_NAME_TRIES = 200;

/** `… (r1).md`, then `… (r1) 2.md`, `… (r1) 3.md`. */
export function reviewNoteCandidate(waypointPath: string, reviewer: string, revision: number, n: number): string {
  const base = reviewNotePath(waypointPath, reviewer, revision);
  return n === 1 ? base : `${base.replace(/\.md$/i, "")} ${n}.md`;
}

/**
 * Writes a review and resolves to its path. A note for the same reviewer and revision is reused (its body and
 * review properties replaced, other properties kept) while none of its findings has been decided; once the person
 * has accepted or dismissed one, their decisions stay and the review goes to the next free name.
 */
export async function writeReview(vault: VaultPort, yaml: YamlCodec, waypointPath: string, review: Review): Promise<string> {
  for (let n = 1; n <= MAX_NAME_TRIES; n++) {
    const path = reviewNoteCandidate(waypointPath, review.reviewer, review.revision, n);
    const existing = await vault.read(path);
    if (existing === null) {
      await vault.create(path, renderReviewNote(review, yaml));
      return path;
    }
    if (!isReviewNote(existing, yaml) || hasDecisions(parseReviewNote(existing))) continue;
    await vault.process(path, (current) => withBody(current, renderReviewBody(review)));
    await vault.processFrontMatter(path, (properties) => Object.assign(properties, reviewProperties(review)));
    return path;
  }
  throw new Error(`Could not find a free name for the review by ${review.reviewer} next to "${waypointPath}".`);
}

function isReviewNote(text: string, yaml: YamlCodec): boolean {
  return tagsOf(propertiesOf(text, yaml)).includes(REVIEW_TAG);
}

function hasDecisions(parsed: ParsedReviewNote): boolean {
  return parsed.findings.some((finding) => finding.state !== "open");
}

export interface StoredReview {
  path: string;
  parsed: ParsedReviewNote;
}

/** Review notes in the waypoint's folder whose `sop_review_of` links to it, in name order (a re-review after the first). */
export async function reviewNotesOf(vault: VaultPort, yaml: YamlCodec, waypointPath: string): Promise<StoredReview[]> {
  const folder = folderOf(waypointPath);
  const found: StoredReview[] = [];
  for (const path of await vault.list(folder)) {
    if (path === waypointPath || folderOf(path) !== folder) continue;
    const text = await vault.read(path);
    // Cheap test first: most notes in a run folder are waypoints, whose text never names the review property.
    if (text === null || !text.includes("sop_review_of")) continue;
    if (splitFrontmatter(text).yaml === null || !isReviewNote(text, yaml)) continue;
    const parsed = parseReviewNote(text, yaml);
    if (parsed.reviewOf === undefined || vault.resolveLink(linkTarget(parsed.reviewOf), path) !== waypointPath) continue;
    found.push({ path, parsed });
  }
  // Without the extension `… (r1)` sorts before its re-review `… (r1) 2`.
  const key = (path: string) => path.replace(/\.md$/i, "");
  return found.sort((a, b) => (key(a.path) < key(b.path) ? -1 : key(a.path) > key(b.path) ? 1 : 0));
}
