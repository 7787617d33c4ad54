// One piece of work at a time per key (a note's path), in the order asked; different keys run side by side. Both vault
// adapters queue their read-modify-write cycles per note with it, so edits to one note from this process never interleave.
export class KeyedQueue {
  private readonly tails = new Map<string, Promise<unknown>>();

  run<T>(key: string, work: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    // A failed piece of work does not stop the next one; its caller gets the failure.
    const next = previous.then(work, work);
    const settled = next.catch(() => undefined);
    this.tails.set(key, settled);
    void settled.then(() => {
      if (this.tails.get(key) === settled) this.tails.delete(key);
    });
    return next;
  }
}
