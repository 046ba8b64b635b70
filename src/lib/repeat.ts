/** Housekeeping on a timer. */

/**
 * Runs `run` every `ms` milliseconds, one run at a time (a failed run is forgotten), on a timer
 * that does not keep the process alive; the function returned stops it and waits for a run under way.
 */
export function repeatEvery(ms: number, run: () => Promise<unknown>): () => Promise<void> {
  let running: Promise<unknown> = Promise.resolve();
  const timer = setInterval(() => {
    running = running.then(() => run().catch(() => 0));
  }, ms);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await running;
  };
}
