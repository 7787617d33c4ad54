// Writes an accepted amendment in one atomic edit, refusing if the SOP changed since the proposal was made.
import type { VaultPort } from "../ports";

export type ApplyAmendmentResult = { ok: true } | { ok: false; error: string };

/**
 * Replaces the SOP note's text with `newNoteText` only if it still reads `originalNoteText`; otherwise
 * the note is left as the person last saved it and the amendment must be proposed again.
 */
export async function applyAmendment(vault: VaultPort, sopPath: string, originalNoteText: string, newNoteText: string): Promise<ApplyAmendmentResult> {
  let changedMeanwhile = false;
  try {
    await vault.process(sopPath, (current) => {
      if (current !== originalNoteText) {
        changedMeanwhile = true;
        return current;
      }
      return newNoteText;
    });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return { ok: false, error: `The amendment could not be written to ${sopPath}: ${reason}` };
  }
  if (changedMeanwhile) return { ok: false, error: `${sopPath} was edited while the amendment was being made, so it was left as it is; propose the amendment again.` };
  return { ok: true };
}
