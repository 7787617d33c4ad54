// The last part of `sop amend` and `sop make-runnable`: show the proposed version, ask (unless --yes), apply it.
import { applyAmendment } from "../core/learn/apply-amendment";
import { formatHunks, type DiffHunk } from "../core/learn/diff";
import type { VaultPort } from "../core/ports";
import type { CliIo } from "./command";

export interface ShownProposal {
  hunks: DiffHunk[];
  /** Lines printed after the diff (summary, version and changelog). */
  lines: string[];
  warnings: string[];
  newNoteText: string;
}

/** Prints the diff and what the proposal does, asks `question` unless `yes`, applies it; the exit code. */
export async function confirmAndApply(io: CliIo, vault: VaultPort, path: string, original: string, proposal: ShownProposal, options: { yes: boolean; question: string; applied: string }): Promise<number> {
  io.out(`\n${formatHunks(proposal.hunks)}\n\n`);
  for (const line of proposal.lines) io.out(`${line}\n`);
  for (const warning of proposal.warnings) io.out(`Warning: ${warning}\n`);
  if (!options.yes && !/^\s*y(es)?\s*$/i.test((await io.ask(options.question)) ?? "")) {
    io.out(`Not applied; ${path} is unchanged.\n`);
    return 0;
  }
  const applied = await applyAmendment(vault, path, original, proposal.newNoteText);
  if (!applied.ok) {
    io.err(`${applied.error}\n`);
    return 1;
  }
  io.out(`${options.applied}\n`);
  return 0;
}
