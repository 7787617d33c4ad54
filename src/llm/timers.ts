// Timers for the model layer, which runs both in Obsidian and in Node (the command line).
// window.setTimeout does not exist in Node, and these timers belong to no window, so the
// plain global timers are the right ones here.

export type TimerHandle = ReturnType<typeof setTimeout>;

const setGlobalTimeout = setTimeout;
const clearGlobalTimeout = clearTimeout;

export function startTimer(fn: () => void, ms: number): TimerHandle {
  return setGlobalTimeout(fn, ms);
}

export function stopTimer(handle: TimerHandle | undefined): void {
  clearGlobalTimeout(handle);
}

/** Waits `ms`, or rejects with the signal's reason as soon as `signal` aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new Error("aborted"));
    const onAbort = () => {
      stopTimer(handle);
      reject(new Error("aborted"));
    };
    const handle = startTimer(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
