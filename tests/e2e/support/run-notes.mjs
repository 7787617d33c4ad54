// The run's notes read back from the page's in-memory vault, sorted by kind (run, waypoints, kept revisions, reviews).

/** A scalar property from a note's properties block (enough for the properties asserted here). */
export function property(text, key) {
  const block = /^---\n([\s\S]*?)\n---/.exec(text ?? "")?.[1] ?? "";
  return new RegExp(`^${key}: (.*)$`, "m").exec(block)?.[1]?.trim().replace(/^["']|["']$/g, "") ?? null;
}

/** The note without its properties block. */
export function bodyOf(text) {
  return (text ?? "").replace(/^---\n[\s\S]*?\n---\n?/, "");
}

export async function runNotes(ui) {
  const paths = (await ui.notePaths()).filter((path) => path.startsWith("SOP runs/"));
  const notes = { run: null, log: null, waypoints: new Map(), revisions: [], reviews: [] };
  for (const path of paths) {
    const text = await ui.readNote(path);
    if (property(text, "run_status") !== null) notes.run = { path, text };
    else if (property(text, "sop_review_of") !== null) notes.reviews.push({ path, text, reviewer: property(text, "reviewer") });
    else if (property(text, "revision_of") !== null) notes.revisions.push({ path, text });
    else if (property(text, "step") !== null) notes.waypoints.set(Number(property(text, "step")), { path, text });
    // The run's log: the note beside the run note that it embeds (`<run note name> log.md`).
    else if (path.endsWith(" log.md")) notes.log = { path, text };
  }
  return notes;
}
