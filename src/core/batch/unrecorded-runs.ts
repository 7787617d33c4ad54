// Finds runs a batch started but never wrote into its manifest (a crash between the two writes), so none starts twice.
import type { VaultPort, YamlCodec } from "../ports";
import { linkTarget } from "../notes/links";
import { RUN_TAG } from "../run/run-note";
import { propertiesOf, tagsOf } from "../notes/frontmatter";
import { textProperty } from "./batch-types";

/** Run notes of `sopPath` started at or after `since` whose project is one of `projects`: project path → run path. */
export async function unrecordedRuns(vault: VaultPort, yaml: YamlCodec, runsFolder: string, sopPath: string, since: string, projects: Set<string>): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  if (projects.size === 0) return found;
  for (const path of await vault.list(runsFolder)) {
    const text = await vault.read(path);
    if (text === null || !text.includes(RUN_TAG)) continue;
    const properties = propertiesOf(text, yaml);
    if (!tagsOf(properties).includes(RUN_TAG) || textProperty(properties.started) < since) continue;
    if (vault.resolveLink(linkTarget(properties.sop), path) !== sopPath) continue;
    const project = vault.resolveLink(linkTarget(properties.project), path);
    if (project && projects.has(project) && !found.has(project)) found.set(project, path);
  }
  return found;
}
