// Shared setup for engine tests: an example SOP, roles, a project, a memory vault, a scripted model and a test clock.
import { RunEngine } from "../../../src/core/run/engine";
import { DEFAULT_ENGINE_SETTINGS, type EnginePorts, type EngineSettings } from "../../../src/core/run/engine-types";
import type { Clock, ModelPort } from "../../../src/core/ports";
import { nodeYaml } from "../../../src/cli/yaml-codec";
import { MemoryVault } from "../../support/memory-vault";
import { ScriptedModel, type Script } from "../../support/scripted-model";
import { logNotePath } from "../../../src/core/run/note-names";

export const SOP_PATH = "SOPs/Drafting internal docs.md";
export const PROJECT_PATH = "Projects/Onboarding guide.md";

export const SOP_TEXT = `---
tags: [sop]
sop_version: 3
---
# Drafting internal docs

Write internal product documentation that new hires can follow.

## Steps

1. Outline the document
   role:: Drafter
   - covers the audience
   - lists the sections
2. Draft the text
   role:: [[Drafter]]
   context:: [[Style guide]]
3. Check the facts
   role:: Fact-checker
   gate:: review
4. Sign off on the draft
   worker:: human
   - the owner agrees
`;

export const BASE_FILES: Record<string, string> = {
  [SOP_PATH]: SOP_TEXT,
  "Roles/Drafter.md": "---\ntags: [sop-role]\nmodel: drafter-model\n---\nYou write plain, friendly prose.\n",
  "Roles/Fact-checker.md": "---\ntags: [sop-role]\n---\nYou check every claim against the sources.\n",
  [PROJECT_PATH]: "---\nstatus: active\n---\n# Onboarding guide\n\nFor IT hires. See [[Glossary]].\n\n## Notes\n\nKeep it short.\n",
  "Reference/Glossary.md": "SSO: single sign-on.\n",
  "Reference/Style guide.md": "Use sentence case.\n",
};

/** A clock that moves forward by `tickMs` on every reading, so throttling and timestamps are deterministic. */
export function testClock(tickMs = 1, start = new Date(2026, 10, 24, 9, 30, 0)): Clock & { advance(ms: number): void } {
  let time = start.getTime();
  return {
    now: () => {
      const current = new Date(time);
      time += tickMs;
      return current;
    },
    advance: (ms) => void (time += ms),
  };
}

export interface Fixture {
  vault: MemoryVault;
  model: ScriptedModel;
  engine: RunEngine;
  clock: ReturnType<typeof testClock>;
  settings: EngineSettings;
}

export function fixture(
  options: { script?: Script; files?: Record<string, string>; noModel?: boolean; settings?: Partial<EngineSettings>; tickMs?: number; price?: EnginePorts["price"] } = {},
): Fixture {
  const vault = new MemoryVault({ ...BASE_FILES, ...options.files });
  const model = new ScriptedModel(options.script ?? []);
  const clock = testClock(options.tickMs ?? 1);
  const settings = { ...DEFAULT_ENGINE_SETTINGS, defaultModel: "default-model", ...options.settings };
  const port: ModelPort | null = options.noModel ? null : model;
  return { vault, model, clock, settings, engine: new RunEngine({ vault, yaml: nodeYaml, clock, model: port, settings, price: options.price }) };
}

/** Unwraps a Result in tests, failing with its sentence. */
export function value<T>(result: { ok: true; value: T } | { ok: false; error: string }): T {
  if (!result.ok) throw new Error(result.error);
  return result.value;
}

/** The run's notes other than the run note, by name. */
export async function waypointNames(vault: MemoryVault, runPath: string): Promise<string[]> {
  const folder = runPath.slice(0, runPath.lastIndexOf("/"));
  return (await vault.list(folder)).filter((p) => p !== runPath && p !== logNotePath(runPath)).map((p) => p.slice(folder.length + 1));
}

/** The run's log as the person reads it: the log note the run note embeds. */
export function runLog(vault: MemoryVault, runPath: string): string {
  return vault.files.get(logNotePath(runPath)) ?? "";
}
