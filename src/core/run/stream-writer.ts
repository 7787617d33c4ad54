// Streams model text into a waypoint note in throttled writes; if the person edits the note meanwhile, their edit wins.
import type { VaultPort } from "../ports";
import { bodyOf, withBody } from "../notes/frontmatter";

export interface StreamWriterOptions {
  vault: VaultPort;
  path: string;
  intervalMs: number;
  now: () => number;
  /** Creates the note the rest of the stream goes to once the person has edited the current one; resolves to its path. */
  divert: (text: string) => Promise<string>;
}

export interface StreamOutcome {
  /** The waypoint note's body after the stream: the model's text, or the person's edit when they edited it. */
  mainText: string;
  /** The model's full text when it was diverted away from the waypoint note, else undefined. */
  divertedText: string | undefined;
  divertedPath: string | null;
}

export class StreamWriter {
  private text = "";
  /** What this writer last put in the note it is writing to; any other body means the person edited it. */
  private written = "";
  private lastWriteAt = Number.NEGATIVE_INFINITY;
  private pending: Promise<void> | null = null;
  private target: string;
  private divertedPath: string | null = null;
  private mainText: string | null = null;
  private failure: Error | null = null;

  constructor(private readonly options: StreamWriterOptions) {
    this.target = options.path;
  }

  /** The model's text so far. */
  get streamed(): string {
    return this.text;
  }

  push(delta: string): void {
    this.text += delta;
    // The first write happens at once (first text visible quickly); then at most one per interval.
    if (this.pending || this.options.now() - this.lastWriteAt < this.options.intervalMs) return;
    this.pending = this.write().finally(() => {
      this.pending = null;
      // Text that arrived during the write goes out now when the interval allows, not only with the next delta:
      // a model that pauses mid-answer must not leave the note behind what it sent.
      if (this.text !== this.written && !this.failure) this.push("");
    });
  }

  /** Writes the exact final text (after any in-flight write) and reports where it went. */
  async finish(finalText: string): Promise<StreamOutcome> {
    if (this.pending) await this.pending;
    this.text = finalText;
    await this.write();
    if (this.failure) throw this.failure;
    const diverted = this.divertedPath !== null;
    return { mainText: diverted ? (this.mainText ?? "") : finalText, divertedText: diverted ? finalText : undefined, divertedPath: this.divertedPath };
  }

  private async write(): Promise<void> {
    this.lastWriteAt = this.options.now();
    const text = this.text;
    if (text === this.written) return;
    try {
      let edited: string | null = null;
      await this.options.vault.process(this.target, (current) => {
        const body = bodyOf(current);
        if (body !== this.written) {
          edited = body;
          return current;
        }
        return withBody(current, text);
      });
      if (edited === null) {
        this.written = text;
        return;
      }
      if (this.divertedPath === null) this.mainText = edited;
      this.target = await this.options.divert(text);
      this.divertedPath = this.target;
      this.written = text;
    } catch (error) {
      this.failure ??= error instanceof Error ? error : new Error("The waypoint note could not be written.");
    }
  }
}
