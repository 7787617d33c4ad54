/** @jest-environment jsdom */
// The run controller on its own: cancelling a stream, the budget, engine errors as notices, the transport fallback, the active run.
import type { App as ObsidianApp, RequestUrlParam, RequestUrlResponse } from "obsidian";
import type { ModelRequest } from "../../../src/core/ports";
import { RunController } from "../../../src/obsidian/controllers/run-controller";
import { statusText } from "../../../src/obsidian/ui/run-status-bar";
import type { RunControllerHost } from "../../../src/obsidian/controllers/run-runtime";
import { DEFAULT_SETTINGS } from "../../../src/obsidian/settings";
import type { SopRuntimeSettings } from "../../../src/obsidian/settings";
import { FakeModelLayer } from "../../support/fake-model-layer";
import { EXAMPLE_PROJECT, EXAMPLE_SOP, exampleVaultFiles } from "../../support/example-vault-files";
import { createMockApp } from "../../support/obsidian-mock-app";
import type { ScriptedReply } from "../../support/scripted-model";
import { stepOf } from "../../support/scripted-model";
import { until } from "../../support/until";
import { MarkdownView, WorkspaceLeaf } from "obsidian-test-mocks/obsidian";

interface Rig {
  app: ObsidianApp;
  runs: RunController;
  layer: FakeModelLayer;
  settings: SopRuntimeSettings;
  notices: string[];
  saves: number;
}

function rig(script: (request: ModelRequest) => ScriptedReply | string, overrides: Partial<SopRuntimeSettings> = {}, transport: Partial<RunControllerHost> = {}, files = exampleVaultFiles()): Rig {
  const app = createMockApp(files);
  const layer = new FakeModelLayer(script);
  const settings: SopRuntimeSettings = { ...DEFAULT_SETTINGS, provider: "ollama", baseUrl: "http://localhost:11434/v1", defaultModel: "llama3.2", bufferedEndpoints: [], ...overrides };
  const state: Rig = { app, layer, settings, notices: [], saves: 0, runs: null as unknown as RunController };
  state.runs = new RunController({
    app,
    settings: () => settings,
    saveSettings: () => {
      state.saves++;
      return Promise.resolve();
    },
    notify: (message) => state.notices.push(message),
    modelLayer: layer,
    ...transport,
  });
  return state;
}

async function runStatus(r: Rig, runPath: string): Promise<string> {
  const loaded = await r.runs.engine().loadRun(runPath);
  if (!loaded.ok) throw new Error(loaded.error);
  return loaded.value.state.status;
}

it("cancel stops a streaming step at once and cancels the run, keeping what streamed", async () => {
  const whole = "word ".repeat(400);
  const r = rig(() => ({ text: whole, chunk: 5, delayMs: 5 }));
  const started = r.runs.start({ sopPath: EXAMPLE_SOP, projectPath: EXAMPLE_PROJECT });
  const runPath = await until(() => r.runs.activeRun(), "the run");
  const folder = runPath.slice(0, runPath.lastIndexOf("/"));
  const stepNotes = async (): Promise<string[]> =>
    Promise.all(r.app.vault.getMarkdownFiles().filter((f) => f.path.startsWith(`${folder}/`) && f.path !== runPath).map((f) => r.app.vault.read(f)));
  // Synchronise on what the person would see: streamed words written into the step's note.
  await until(async () => r.runs.isAdvancing(runPath) && (await stepNotes()).some((text) => text.includes("word word")), "streamed text in the step note");
  expect(await r.runs.cancel(runPath)).toBe(true);
  await started;
  expect(r.layer.model.requests[0].signal?.aborted).toBe(true);
  expect(await runStatus(r, runPath)).toBe("cancelled");
  expect(r.notices).toContain("Run cancelled.");
  expect(r.runs.snapshot(runPath)?.status).toBe("cancelled");
  const kept = (await stepNotes()).filter((text) => text.includes("word word"));
  expect(kept.length).toBeGreaterThan(0);
  // Stopped mid-stream: what streamed is kept, and the rest of the answer never arrived.
  expect(kept.every((text) => !text.includes(whole.trim()))).toBe(true);
});

it("pauses an automatic run once its cost passes the budget, and says so", async () => {
  const r = rig((request) => `Output of step ${stepOf(request)}.`, { budgetUsd: 0.001, prices: { "llama3.2": { input: 1000, output: 1000 } } });
  const runPath = await r.runs.start({ sopPath: EXAMPLE_SOP, projectPath: EXAMPLE_PROJECT, mode: "auto" });
  expect(runPath).not.toBeNull();
  expect(await runStatus(r, runPath!)).toBe("paused");
  expect(r.layer.model.requests).toHaveLength(1);
  expect(r.notices).toEqual([expect.stringMatching(/^Run paused: The run has cost \$\d+\.\d+, past its budget of \$0\.0010; resume it to go on anyway, or raise the budget\.$/) as unknown]);
});

it("a model without a price: its cost is unknown (not $0) in the run note and status bar, told once per session and model", async () => {
  const r = rig((request) => `Output of step ${stepOf(request)}.`, { defaultModel: "mystery-7b" });
  const first = await r.runs.start({ sopPath: EXAMPLE_SOP, projectPath: EXAMPLE_PROJECT, mode: "step" });
  const second = await r.runs.start({ sopPath: EXAMPLE_SOP, projectPath: EXAMPLE_PROJECT, mode: "step" });
  const warning = 'No price is known for model "mystery-7b": its cost is recorded and shown as unknown, not $0.';
  expect(r.notices.filter((n) => n === warning)).toHaveLength(1);
  for (const runPath of [first, second]) {
    const loaded = await r.runs.engine().loadRun(runPath!);
    if (!loaded.ok) throw new Error(loaded.error);
    expect(loaded.value.cost).toBeNull();
    expect(statusText(r.runs.snapshot(runPath)!)).toMatch(/ · [1-9][\d,]* tokens · cost unknown$/);
  }
});

it("asks before a run under a budget when the model has no price, with the command line's rule", async () => {
  const start = { sopPath: EXAMPLE_SOP, projectPath: EXAMPLE_PROJECT };
  const priced = rig(() => "x", { budgetUsd: 0.5 });
  expect(await priced.runs.budgetQuestion(start)).toBeNull();
  expect(await rig(() => "x", { defaultModel: "mystery-7b" }).runs.budgetQuestion(start)).toBeNull();
  expect(await rig(() => "x", { defaultModel: "mystery-7b", budgetUsd: 0.5 }).runs.budgetQuestion(start)).toBe('No price is known for model "mystery-7b", so the run budget cannot stop the run.');
});

it("asks about every model the run will use: a step's model::, and a reviewer's role note model, not only the default", async () => {
  const files = exampleVaultFiles();
  files[EXAMPLE_SOP] = files[EXAMPLE_SOP].replace("role:: Editor\n", "role:: Editor\n   model:: mystery-70b\n");
  files["Roles/Fact-checker.md"] = files["Roles/Fact-checker.md"].replace("tags:\n  - sop-role\n", "tags:\n  - sop-role\nmodel: checker-9b\n");
  const r = rig((request) => `Output of step ${stepOf(request)}.`, { budgetUsd: 0.5 }, {}, files);
  const start = { sopPath: EXAMPLE_SOP, projectPath: EXAMPLE_PROJECT, mode: "step" as const };
  expect(await r.runs.budgetQuestion(start)).toBe('No price is known for model "checker-9b" and model "mystery-70b", so the run budget cannot stop the run.');
  // A resumed run asks about the models of the steps still ahead of it (step 5 is the Fact-checker's own step).
  const runPath = await r.runs.start(start);
  expect(await r.runs.budgetQuestion(runPath!)).toBe('No price is known for model "checker-9b" and model "mystery-70b", so the run budget cannot stop the run.');
  for (let step = 1; step <= 4; step++) expect(await r.runs.approve(runPath!)).not.toBeNull();
  const atStep5 = await r.runs.engine().loadRun(runPath!);
  expect(atStep5.ok && atStep5.value.state.steps.map((s) => s.status)).toEqual(["approved", "approved", "approved", "approved", "awaiting-review"]);
  expect(await r.runs.budgetQuestion(runPath!)).toBe('No price is known for model "checker-9b", so the run budget cannot stop the run.');
  expect(await r.runs.approve(runPath!)).not.toBeNull();
  expect(await r.runs.budgetQuestion(runPath!)).toBeNull();
});

it("turns every engine error into one sentence for the person, never an exception", async () => {
  const r = rig(() => "unused");
  await expect(r.runs.start({ sopPath: "SOPs/Missing.md" })).resolves.toBeNull();
  await expect(r.runs.approve("SOP runs/None/None.md")).resolves.toBeNull();
  expect(r.notices).toHaveLength(2);
  for (const notice of r.notices) {
    expect(notice).toMatch(/^[A-Z].*\.$/);
    expect(notice).not.toMatch(/\n|at .*\(/);
  }
  expect(await r.runs.revise("whatever", "  ")).toBeNull();
  expect(r.notices.at(-1)).toBe("A revision needs feedback; nothing was changed.");
});

it("works without a provider: the run waits for the person at a checklist gate", async () => {
  const r = rig(() => "unused", { provider: "" });
  const runPath = await r.runs.start({ sopPath: EXAMPLE_SOP });
  expect(r.runs.snapshot(runPath)?.status).toBe("awaiting-review");
  expect(r.layer.model.requests).toEqual([]);
  expect(r.runs.endpoint()).toBeNull();
});

it("falls back to requestUrl when the browser's fetch is refused, says so once, and remembers the endpoint", async () => {
  // jsdom has no Response class: a stand-in that keeps the status is enough to see which transport answered.
  const saved = globalThis.Response;
  globalThis.Response = class {
    readonly status: number;
    constructor(_body: unknown, init?: ResponseInit) {
      this.status = init?.status ?? 200;
    }
  } as unknown as typeof Response;
  try {
    const buffered: RequestUrlParam[] = [];
    const requestUrl = (request: RequestUrlParam): Promise<RequestUrlResponse> => {
      buffered.push(request);
      return Promise.resolve({ status: 200, headers: {}, arrayBuffer: new ArrayBuffer(0), json: null, text: "" });
    };
    let primaryCalls = 0;
    const refused = (): Promise<Response> => {
      primaryCalls++;
      return Promise.reject(new TypeError("Failed to fetch"));
    };
    const r = rig(() => "unused", {}, { fetch: refused, requestUrl });
    const endpoint = r.runs.endpoint();
    expect(endpoint?.baseUrl).toBe("http://localhost:11434/v1");
    expect((await endpoint!.fetch("http://localhost:11434/v1/models")).status).toBe(200);
    expect((await r.runs.endpoint()!.fetch("http://localhost:11434/v1/chat/completions", { method: "POST", body: "{}" })).status).toBe(200);
    expect(primaryCalls).toBe(1);
    expect(buffered.map((request) => [request.method, request.url])).toEqual([
      ["GET", "http://localhost:11434/v1/models"],
      ["POST", "http://localhost:11434/v1/chat/completions"],
    ]);
    expect(r.notices).toEqual(["http://localhost:11434/v1 does not allow streaming from Obsidian (CORS); answers now arrive whole."]);
    expect(r.settings.bufferedEndpoints).toEqual(["http://localhost:11434/v1"]);
    expect(r.saves).toBe(1);
  } finally {
    globalThis.Response = saved;
  }
});

it("reads the key from secret storage when the endpoint is built, never from the settings", () => {
  const r = rig(() => "unused", { apiKeySecret: "ollama-key" });
  expect(r.runs.endpoint()?.apiKey).toBe("");
  r.app.secretStorage.setSecret("ollama-key", "sk-local-secret");
  expect(r.runs.endpoint()?.apiKey).toBe("sk-local-secret");
  expect(JSON.stringify(r.settings)).not.toContain("sk-local-secret");
});

it("acts on the run whose waypoint is open, else the last one touched", async () => {
  const r = rig((request) => `Output of step ${stepOf(request)}.`);
  const first = await r.runs.start({ sopPath: EXAMPLE_SOP, projectPath: EXAMPLE_PROJECT, cue: "first" });
  const second = await r.runs.start({ sopPath: EXAMPLE_SOP, cue: "second" });
  expect(first).not.toBe(second);
  const firstGate = r.runs.snapshot(first)?.gate?.waypointPath;
  await r.app.workspace.getLeaf(false).openFile(r.app.vault.getFileByPath(firstGate!)!);
  expect(r.runs.activeRun()).toBe(first);
  expect(r.runs.isAtGate()).toBe(true);
  await r.app.workspace.getLeaf(false).openFile(r.app.vault.getFileByPath(EXAMPLE_PROJECT)!);
  expect(r.runs.activeRun()).toBe(second);
});

it("uses the default mode from settings only for SOPs that name no sop_mode", async () => {
  const r = rig((request) => `Output of step ${stepOf(request)}.`, { defaultMode: "auto" });
  const stepwise = await r.runs.start({ sopPath: EXAMPLE_SOP });
  expect(r.runs.snapshot(stepwise)?.gate?.step).toBe(1);
  const plain = r.app.vault.getFileByPath(EXAMPLE_SOP)!;
  await r.app.vault.process(plain, (text) => text.replace("sop_mode: step\n", ""));
  await new Promise((resolve) => setTimeout(resolve, 0));
  const automatic = await r.runs.start({ sopPath: EXAMPLE_SOP });
  const loaded = await r.runs.engine().loadRun(automatic!);
  expect(loaded.ok && loaded.value.mode).toBe("auto");
});

/** A tab showing `path` whose editor holds `buffer`, not yet saved: the file on disk has the older text until save(). */
async function unsavedView(app: ObsidianApp, path: string, buffer: (onDisk: string) => string): Promise<{ saves: number }> {
  const leaf = app.workspace.getLeaf(true) as unknown as WorkspaceLeaf;
  const view = MarkdownView.create2__(leaf);
  const file = app.vault.getFileByPath(path)!;
  view.file = file as unknown as typeof view.file;
  view.editor.setValue(buffer(await app.vault.read(file)));
  const counted = { saves: 0 };
  view.save = async () => {
    counted.saves++;
    await app.vault.modify(file, view.editor.getValue());
  };
  leaf.view = view.asOriginalType7__();
  await leaf.setViewState({ type: "markdown" });
  return counted;
}

it("approves what the person sees: an open tab of the waypoint saves its unsaved typing before the gate reads it", async () => {
  const prompts: string[] = [];
  const r = rig((request) => {
    prompts.push(request.messages.map((m) => m.content).join("\n"));
    return `Output of step ${stepOf(request)}.`;
  }, { defaultMode: "step" });
  const run = (await r.runs.start({ sopPath: EXAMPLE_SOP, projectPath: EXAMPLE_PROJECT, cue: "typed" }))!;
  const waypoint = r.runs.snapshot(run)!.gate!.waypointPath;
  const view = await unsavedView(r.app, waypoint, (text) => `${text.trimEnd()}\nTyped a second ago: the audience is new IT hires.\n`);
  // Every read of the waypoint the gate makes must already see the typing (the open view saved first).
  const seen: string[] = [];
  const read = r.app.vault.read.bind(r.app.vault);
  r.app.vault.read = async (file) => {
    const text = await read(file);
    if (file.path === waypoint) seen.push(text);
    return text;
  };
  await r.runs.approve(run);
  expect(view.saves).toBeGreaterThan(0);
  expect(seen.length).toBeGreaterThan(0);
  expect(seen.filter((text) => !text.includes("Typed a second ago"))).toEqual([]);
  expect(prompts[prompts.length - 1]).toContain("Typed a second ago: the audience is new IT hires.");
});
