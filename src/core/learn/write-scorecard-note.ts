// Writes `<SOP title> — scorecard.md` beside the SOP: created the first time, its body replaced (properties kept) after that.
import type { VaultPort, YamlCodec } from "../ports";
import { joinFrontmatter, splitFrontmatter } from "../notes/frontmatter";
import { isoDate } from "../notes/dates";
import { propertyLink } from "../notes/links";
import type { Scorecard } from "./scorecard";
import { renderScorecardNote } from "./scorecard-note";
import { folderOf, joinPath, noteName, safeNoteName } from "../notes/names";

export const SCORECARD_TAG = "sop-scorecard";

export function scorecardNotePath(sopPath: string, sopTitle: string): string {
  return joinPath(folderOf(sopPath), `${safeNoteName(`${sopTitle} — scorecard`)}.md`);
}

/** Resolves to the note's path. Properties the person added to the note are kept; ours are refreshed. */
export async function writeScorecardNote(vault: VaultPort, yaml: YamlCodec, sopPath: string, sopTitle: string, scorecard: Scorecard, today: Date): Promise<string> {
  const path = scorecardNotePath(sopPath, sopTitle);
  const body = renderScorecardNote(scorecard, sopTitle);
  const properties = { sop: propertyLink(vault, sopPath, path, noteName(sopPath)), runs: scorecard.runs, updated: isoDate(today), tags: [SCORECARD_TAG] };
  if (!(await vault.exists(path))) {
    await vault.create(path, joinFrontmatter(yaml.stringify(properties), body));
    return path;
  }
  await vault.process(path, (current) => {
    const { yaml: block } = splitFrontmatter(current);
    return block === null ? body : `---\n${block}---\n${body}`;
  });
  await vault.processFrontMatter(path, (current) => Object.assign(current, properties));
  return path;
}
