// The two gate actions that need words from the person: feedback for a revision and a reason to skip.
import type { App } from "obsidian";
import { TextPromptModal } from "./text-prompt-modal";

export function askRevisionFeedback(app: App, onSubmit: (feedback: string) => void): TextPromptModal {
  const modal = new TextPromptModal(app, {
    title: "Revise this step",
    description: "Say what to change. The current text is kept as a revision and the step runs again with your feedback.",
    placeholder: "Shorter, and name the access policy explicitly.",
    submitText: "Revise",
    required: true,
    emptyMessage: "A revision needs feedback.",
    onSubmit,
  });
  modal.open();
  return modal;
}

export function askSkipReason(app: App, onSubmit: (reason: string) => void): TextPromptModal {
  const modal = new TextPromptModal(app, {
    title: "Skip this step",
    description: "Say why. The reason is logged in the run note and kept on the step's waypoint.",
    placeholder: "Already covered in the kickoff notes.",
    submitText: "Skip",
    required: true,
    emptyMessage: "Skipping needs a reason.",
    onSubmit,
  });
  modal.open();
  return modal;
}
