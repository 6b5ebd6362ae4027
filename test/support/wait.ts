// Waiting on events in tests, with a limit that names what was awaited.

/**
 * A test that waits for an event gives up after this long with a message saying what it waited for,
 * before vitest's own timeout (30 s) would end it with none. Not a timed assertion: a guard.
 */
export const WAIT_LIMIT_MS = 20_000;

/** Rejects with "gave up waiting for <what>" if `waiting` has not settled within `ms`. */
export function withinLimit<T>(waiting: Promise<T>, what: string, ms = WAIT_LIMIT_MS, onGiveUp?: () => void): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const givenUp = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => {
      onGiveUp?.();
      reject(new Error(`gave up waiting ${ms} ms for ${what}`));
    }, ms);
  });
  return Promise.race([waiting, givenUp]).finally(() => clearTimeout(timer));
}
