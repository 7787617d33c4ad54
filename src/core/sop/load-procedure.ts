// Loading an SOP note as a procedure (cached while its text is unchanged) and the roles its steps name.
import type { VaultPort, YamlCodec } from "../ports";
import type { Procedure } from "./types";
import { parseProcedure } from "./parse-procedure";
import { fail, ok, type Result } from "../notes/result";
import { noteName } from "../notes/names";
import { parseLink } from "../notes/links";

/** Parsed SOPs by path, reused while the note's text is unchanged (a step-mode run loads its SOP at every gate). */
export type ProcedureCache = Map<string, { text: string; procedure: Procedure }>;

/**
 * Reads and parses an SOP note; a missing or unparseable note is one sentence naming it. `pin` (a run's recorded
 * `sop_procedure`) replaces the note's own, so a run keeps its procedure when the SOP is pinned to another.
 */
export async function loadProcedure(vault: VaultPort, yaml: YamlCodec, sopPath: string, cache?: ProcedureCache, pin?: string): Promise<Result<Procedure>> {
  const text = await vault.read(sopPath);
  if (text === null) return fail(`The SOP note "${sopPath}" does not exist.`);
  const key = pin === undefined ? sopPath : `${sopPath}\n${pin}`;
  const cached = cache?.get(key);
  if (cached && cached.text === text) return ok(cached.procedure);
  const outcome = parseProcedure(text, { name: noteName(sopPath), yaml, pin });
  if (!outcome.ok) return fail(outcome.error);
  cache?.set(key, { text, procedure: outcome.procedure });
  return ok(outcome.procedure);
}

/** The procedure a run note recorded (its `sop_procedure`, "" for the rules' choice); undefined for runs that predate it. */
export function recordedPin(runProperties: Record<string, unknown>): string | undefined {
  if (!("sop_procedure" in runProperties)) return undefined;
  const value = runProperties.sop_procedure;
  return typeof value === "string" ? value : "";
}

/**
 * The role note's name a step's `role::` field gives: a plain name, a wikilink or a Markdown link (an alias is
 * display text only: the note's name is what scorecards group by and what resolves); "" when none.
 */
export function roleName(field: string | undefined): string {
  const raw = (field ?? "").trim();
  const link = parseLink(raw);
  return link ? noteName(link.path) || raw : raw;
}

export function stepRoles(procedure: Procedure): Map<number, string> {
  return new Map(procedure.steps.map((step) => [step.index, roleName(step.fields.role)]));
}
