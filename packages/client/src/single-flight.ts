/** One run of an async task at a time: every caller who asks while it runs shares its answer. */

/**
 * Wraps `task` so that concurrent calls share one run; the next call after it settles (resolved or rejected)
 * starts a new one. Refresh tokens rotate on every use, so two refreshes racing in one tab would spend the same
 * token twice, which the issuer treats as theft and answers by ending the session.
 */
export function singleFlight<T>(task: () => Promise<T>): () => Promise<T> {
  let running: Promise<T> | null = null;
  return () => {
    if (!running) {
      running = task().finally(() => {
        running = null;
      });
    }
    return running;
  };
}

/**
 * Like singleFlight, keyed: one run per key, for as long as the page lives. An authorization code works once, so
 * the exchange for one callback URL must not run twice (React's StrictMode runs effects twice).
 */
export function oncePerKey<T>(task: (key: string) => Promise<T>): (key: string) => Promise<T> {
  const runs = new Map<string, Promise<T>>();
  return (key) => {
    let run = runs.get(key);
    if (!run) {
      run = task(key);
      runs.set(key, run);
    }
    return run;
  };
}
