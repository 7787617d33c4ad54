// What a run's steps draw on besides its own state: SOP text, project and context notes, role notes, per-step model.
import type { VaultPort, YamlCodec } from "../ports";
import type { Step } from "../sop/types";
import { collectContext, readPromptNote } from "../prompt/context-notes";
import { assembleMessages, assemblePrompt } from "../prompt/assemble-prompt";
import { PromptMemo } from "../prompt/prompt-memo";
import type { AssembledPrompt, EarlierStep, PromptInput, PromptNote, PromptRole } from "../prompt/prompt-types";
import type { ChatMessage } from "../ports";
import type { EngineSettings } from "./engine-types";
import type { RunRecord } from "./run-record";
import type { StepState } from "./run-types";
import { propertiesOf } from "../notes/frontmatter";
import { substituteInputs } from "../sop/inputs";
import { stepAt } from "./state-machine";

interface RoleNote {
  note: PromptNote | null;
  model: string;
}

/**
 * Read once per engine call and reused for every step of it, so a long auto run does not re-read the vault per
 * step, and so the stable part of the prompt is byte-identical from step to step. The prompt memo may outlive the
 * call (the engine keeps one per run): it renders a turn again whenever what the turn is made from changed.
 */
export class StepContext {
  private sop: PromptNote | null = null;
  private notes: { project: PromptNote | null; context: PromptNote[] } | null = null;
  private readonly roles = new Map<string, RoleNote>();
  private steps: { procedure: RunRecord["procedure"]; byIndex: Map<number, Step> } | null = null;
  /** The EarlierStep made for the state at each position of the run's steps (states are replaced, never changed). */
  private readonly earlierAt: ({ state: StepState; earlier: EarlierStep } | undefined)[] = [];

  constructor(
    private readonly vault: VaultPort,
    private readonly yaml: YamlCodec,
    private readonly settings: EngineSettings,
    private readonly run: RunRecord,
    private readonly memo: PromptMemo = new PromptMemo(),
  ) {}

  /** Step `model::` > role note `model` > SOP `sop_model` > run model > settings.defaultModel. */
  async modelFor(step: Step): Promise<string> {
    const role = await this.role(this.run.roles.get(step.index) ?? "");
    return (step.fields.model ?? "").trim() || role.model || this.run.procedure.settings.model || this.run.model || this.settings.defaultModel;
  }

  /** The prompt with its token estimate, for previews. */
  async prompt(step: Step): Promise<AssembledPrompt> {
    return assemblePrompt(await this.promptInput(step), this.memo);
  }

  /** The messages to send for a step (the same as the preview's, without estimating tokens). */
  async messages(step: Step): Promise<ChatMessage[]> {
    return (await this.conversation(step)).messages;
  }

  /**
   * The step's messages, the notes they carry whole, and the step's own prompt without a revision's turns: a review
   * of the step branches from that prompt, whichever revision it reviews, so the next step's prompt (the same prompt,
   * the approved output, the next instruction) starts with the review's.
   */
  async conversation(step: Step): Promise<{ messages: ChatMessage[]; notes: () => string[]; stepPrompt: ChatMessage[] }> {
    const input = await this.promptInput(step);
    const { messages, included } = assembleMessages(input, this.memo);
    const stepPrompt = input.revision ? messages.slice(0, -2) : messages;
    // Only reviews read the notes: listed when asked for, not at every step of a long run.
    return { messages, notes: () => included.filter((note) => note.cut === 0).map((note) => note.path), stepPrompt };
  }

  private async promptInput(step: Step): Promise<PromptInput> {
    this.sop ??= await this.sopNote();
    this.notes ??= await collectContext(this.vault, this.run.procedure, this.run.sopPath, this.run.projectPath);
    const roleName = this.run.roles.get(step.index) ?? "";
    const state = stepAt(this.run.state.steps, step.index);
    // The revision the feedback was about (an interrupted attempt at the new revision may have been kept after it).
    const previous = state ? ([...state.archived].reverse().find((kept) => kept.feedback !== null && kept.feedback === state.feedback) ?? state.archived[state.archived.length - 1]) : undefined;
    return {
      procedure: this.run.procedure,
      sop: this.sop,
      sopVersion: this.run.sopVersion,
      project: this.notes.project,
      context: this.notes.context,
      contextBudgetChars: this.settings.contextBudgetChars,
      conversationBudgetChars: this.settings.conversationBudgetChars,
      cue: this.run.cue,
      earlier: await this.earlier(step.index),
      step,
      role: await this.promptRole(roleName),
      revision: state?.feedback && previous ? { previousText: previous.text, feedback: state.feedback } : null,
    };
  }

  /** The SOP as the model reads it: its `{{name}}` placeholders filled with this run's inputs. */
  private async sopNote(): Promise<PromptNote> {
    const note = (await readPromptNote(this.vault, this.run.sopPath)) ?? { path: this.run.sopPath, name: this.run.procedure.title, text: "" };
    const specs = this.run.procedure.settings.inputs ?? [];
    return specs.length ? { ...note, text: substituteInputs(note.text, this.run.inputs, specs) } : note;
  }

  /**
   * The settled steps before `index`. A step whose state is the object it was when its EarlierStep was made gets the
   * same EarlierStep (its Step, role note and waypoint path do not change during a call), so the prompt memo knows the
   * turn at once and a step of a long run does not rebuild the run's earlier steps.
   */
  private async earlier(index: number): Promise<EarlierStep[]> {
    const earlier: EarlierStep[] = [];
    const states = this.run.state.steps;
    for (let i = 0; i < states.length; i++) {
      const state = states[i];
      if (state.index >= index) break;
      const kept = this.earlierAt[i];
      if (kept?.state === state) {
        earlier.push(kept.earlier);
        continue;
      }
      const step = this.stepsByIndex().get(state.index);
      if (!step || (state.status !== "approved" && state.status !== "skipped")) continue;
      const name = this.run.roles.get(state.index) ?? "";
      // Each role's note is read once per call (role()).
      const role = name ? { name, note: (await this.role(name)).note } : null;
      const made: EarlierStep = { index: state.index, step, role, title: state.title, status: state.status, text: state.text, skipReason: state.skipReason, path: this.run.waypointPaths.get(state.index) ?? "" };
      this.earlierAt[i] = { state, earlier: made };
      earlier.push(made);
    }
    return earlier;
  }

  private stepsByIndex(): Map<number, Step> {
    const procedure = this.run.procedure;
    if (this.steps?.procedure !== procedure) this.steps = { procedure, byIndex: new Map(procedure.steps.map((step) => [step.index, step])) };
    return this.steps.byIndex;
  }

  private async promptRole(name: string): Promise<PromptRole | null> {
    return name ? { name, note: (await this.role(name)).note } : null;
  }

  private async role(name: string): Promise<RoleNote> {
    const cached = this.roles.get(name);
    if (cached) return cached;
    let found: RoleNote = { note: null, model: "" };
    const path = name ? this.vault.resolveLink(name, this.run.sopPath) : null;
    if (path) {
      const text = await this.vault.read(path);
      const model = text === null ? undefined : propertiesOf(text, this.yaml).model;
      found = { note: await readPromptNote(this.vault, path), model: typeof model === "string" ? model.trim() : "" };
    }
    this.roles.set(name, found);
    return found;
  }
}
