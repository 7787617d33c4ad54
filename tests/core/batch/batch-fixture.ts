// Shared setup for batch tests: a three-step SOP, project notes tagged in every way, a memory vault and a counting model.
import { RunEngine } from "../../../src/core/run/engine";
import { DEFAULT_ENGINE_SETTINGS, type EngineSettings } from "../../../src/core/run/engine-types";
import type { ModelPort, ModelRequest, ModelResult } from "../../../src/core/ports";
import { BatchRunner } from "../../../src/core/batch/batch-runner";
import { nodeYaml } from "../../../src/cli/yaml-codec";
import { MemoryVault } from "../../support/memory-vault";
import { ScriptedModel, type Script } from "../../support/scripted-model";
import { testClock } from "../run/engine-fixture";

export const SOP_PATH = "SOPs/Client onboarding.md";

export const SOP_TEXT = `---
tags: [sop]
---
# Client onboarding

## Steps

1. Summarise the client
   role:: Writer
2. List the open questions
3. Draft the welcome email
`;

/** The clients the tests run over; each project note carries a marker the model script can see in the prompt. */
export const CLIENTS = ["Acme", "Birch", "Cobalt", "Dune", "Elm"];

export function projectPath(client: string): string {
  return `Clients/${client}.md`;
}

/** Tagged in every way Obsidian allows: frontmatter list, frontmatter string, inline, nested. */
function projectText(client: string, i: number): string {
  const marker = `Client marker ${client}.`;
  switch (i % 4) {
    case 0:
      return `---\ntags: [client]\n---\n# ${client}\n\n${marker}\n`;
    case 1:
      return `---\ntags: client\n---\n# ${client}\n\n${marker}\n`;
    case 2:
      return `# ${client}\n\nA new #client this month. ${marker}\n`;
    default:
      return `# ${client}\n\nFiled under #client/enterprise. ${marker}\n`;
  }
}

export function baseFiles(clients = CLIENTS): Record<string, string> {
  const files: Record<string, string> = {
    [SOP_PATH]: SOP_TEXT,
    // Tagged like a project but a role note: never a target.
    "Roles/Writer.md": "---\ntags: [sop-role, client]\n---\nYou write warmly.\n",
    // Tagged, but written by an earlier run: never a target.
    "SOP runs/Old run/Notes.md": "#client left over\n",
    "Clients/Archive/Prospect.md": "# Prospect\n\nNot tagged.\n",
    "Elsewhere/Clientele.md": "# About our #clientele\n",
  };
  clients.forEach((client, i) => (files[projectPath(client)] = projectText(client, i)));
  return files;
}

/** The client whose project note a request's prompt carries, or "" when none. */
export function clientOf(request: ModelRequest): string {
  const text = request.messages.map((m) => m.content).join("\n");
  return /Client marker (\w+)\./.exec(text)?.[1] ?? "";
}

/** Wraps a model and counts the calls in flight at once. */
export class CountingModel implements ModelPort {
  inFlight = 0;
  maxInFlight = 0;
  readonly calls: { client: string; step: number }[] = [];

  constructor(private readonly inner: ModelPort) {}

  async complete(request: ModelRequest, onDelta?: (delta: string) => void): Promise<ModelResult> {
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    const last = request.messages[request.messages.length - 1]?.content ?? "";
    this.calls.push({ client: clientOf(request), step: Number(/# Current step: (\d+)/.exec(last)?.[1] ?? 0) });
    try {
      return await this.inner.complete(request, onDelta);
    } finally {
      this.inFlight--;
    }
  }
}

export interface BatchFixture {
  vault: MemoryVault;
  model: CountingModel;
  engine: RunEngine;
  runner: BatchRunner;
  settings: EngineSettings;
  yaml: typeof nodeYaml;
}

export function batchFixture(options: { script?: Script; files?: Record<string, string>; vault?: MemoryVault; noModel?: boolean } = {}): BatchFixture {
  const vault = options.vault ?? new MemoryVault({ ...baseFiles(), ...options.files });
  // Every answer streams in small pieces with a pause, so runs really overlap.
  const model = new CountingModel(new ScriptedModel(options.script ?? ((request) => ({ text: `Step output for ${clientOf(request)}.`, chunk: 6, delayMs: 2 }))));
  const clock = testClock(1);
  const settings = { ...DEFAULT_ENGINE_SETTINGS, defaultModel: "batch-model", streamWriteIntervalMs: 0 };
  const engine = new RunEngine({ vault, yaml: nodeYaml, clock, model: options.noModel ? null : model, settings });
  const runner = new BatchRunner({ engine, vault, yaml: nodeYaml, clock, settings });
  return { vault, model, engine, runner, settings, yaml: nodeYaml };
}

export function value<T>(result: { ok: true; value: T } | { ok: false; error: string }): T {
  if (!result.ok) throw new Error(result.error);
  return result.value;
}

/** Every run note in the vault with the project it belongs to. */
export function runsByProject(vault: MemoryVault): Map<string, string[]> {
  const runs = new Map<string, string[]>();
  for (const path of vault.files.keys()) {
    const properties = vault.properties(path);
    if (!Array.isArray(properties.tags) || !properties.tags.includes("sop-run")) continue;
    const project = /^\[\[([^|\]]+)/.exec(String(properties.project))?.[1] + ".md";
    runs.set(project, [...(runs.get(project) ?? []), path]);
  }
  return runs;
}
