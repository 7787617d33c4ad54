// Test support: waits for something asynchronous the person would see (a gate, a notice, a modal), or fails naming it.
type Maybe<T> = T | null | undefined | false;
export async function until<T>(read: () => Maybe<T> | Promise<Maybe<T>>, what: string, attempts = 600): Promise<T> {
  for (let i = 0; i < attempts; i++) {
    const value = await read();
    if (value) return value;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  throw new Error(`Timed out waiting for ${what}`);
}
