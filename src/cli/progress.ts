// Prints a run's progress events on the terminal: one line per step, and the gate it stops at.
import type { RunEvent } from "../core/run/engine-types";
import type { CliIo } from "./command";
import { formatUsd } from "../core/notes/money";

/** A step's cost as the terminal shows it: "$0.0012", or "cost unknown" for a model without a price. */
function costText(event: { cost: number | null }): string {
  return event.cost === null ? "cost unknown" : `cost ${formatUsd(event.cost)}`;
}

export function progressPrinter(io: CliIo, options: { streamText: boolean }): (event: RunEvent) => void {
  let streaming = false;
  const endStream = (): void => {
    if (streaming) io.out("\n");
    streaming = false;
  };
  return (event) => {
    switch (event.type) {
      case "step-started": {
        endStream();
        const who = event.worker === "human" ? "you" : event.model || "the model";
        const revision = event.revision > 1 ? `, revision ${event.revision}` : "";
        io.out(`Step ${event.step}/${event.steps}: ${event.title} (${who}${revision})\n`);
        break;
      }
      case "delta":
        if (options.streamText) {
          io.out(event.text);
          streaming = true;
        }
        break;
      case "step-finished":
        endStream();
        io.out(`  ${event.status}: ${event.chars} characters, ${event.tokensIn} tokens in, ${event.tokensOut} out, ${costText(event)} → ${event.waypointPath}\n`);
        break;
      case "review": {
        endStream();
        const { high, medium, low } = event.findings;
        io.out(event.error ? `  ${event.reviewer} could not review: ${event.error}\n` : `  ${event.reviewer} reviewed it: ${high} high, ${medium} medium, ${low} low findings\n`);
        break;
      }
      case "skipped":
        endStream();
        io.out(`Step ${event.step}: ${event.title} — skipped (${event.reason})\n`);
        break;
      case "gate":
        endStream();
        io.out(`  Waiting at the gate of step ${event.step}: ${event.waypointPath}\n`);
        break;
      case "done":
        endStream();
        io.out(`Run done: ${event.runPath}\n`);
        break;
      case "error":
        endStream();
        // The message may name its step already ("Step 1 "Outline" stopped: …"): say it once.
        io.err(`${event.step && !event.message.startsWith(`Step ${event.step} `) ? `Step ${event.step}: ` : ""}${event.message}\n`);
        break;
    }
  };
}
